// Keeps this window on the presenters' slide and step through the server's `/sync` socket (protocol
// in common/sync-protocol.ts). A presenter window sends every move the teacher makes in it and
// follows the moves made elsewhere (the presenter view, the projector, a colleague's laptop); an
// audience window follows until the student browses away, then offers to follow again. Moves
// applied from elsewhere are "remote": the demo steps they reveal are not typed again here (the
// window where the teacher pressed "next" types them; every window shows the same shell).

import type { RevealApi } from 'reveal.js';
import { CloseCode, type Role } from '../../common/protocol.js';
import { samePosition, type DeckPosition, type SyncClientMessage, type SyncServerMessage } from '../../common/sync-protocol.js';
import { retryDelay } from '../terminal/live-source.js';

export interface DeckSyncOptions {
  /** The `/sync` endpoint, e.g. ws://127.0.0.1:4000/sync. */
  url: string;
  token: string;
  /** Called when following is turned off or on (audience), or the role or audience count changes. */
  changed(): void;
}

export class DeckSync {
  role: Role | null = null;
  /** Audience windows connected (presenters are told). */
  audience = 0;
  /** An audience window follows the presenters until it moves by itself. */
  following = true;
  /** The presenters' position as last heard. */
  private latest: DeckPosition | null = null;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Depth of remote moves being applied (reveal.js dispatches their events synchronously). */
  private applying = 0;
  private disposed = false;
  private readonly onMoved = () => this.moved();

  constructor(
    private readonly deck: RevealApi,
    private readonly options: DeckSyncOptions,
  ) {
    deck.on('slidechanged', this.onMoved);
    deck.on('fragmentshown', this.onMoved);
    deck.on('fragmenthidden', this.onMoved);
    this.connect();
  }

  /** True while a move made in another window is being applied here. */
  get remoteMove(): boolean {
    return this.applying > 0;
  }

  /** Audience: back to the presenters' slide and step, and follow them from now on. */
  follow(): void {
    this.following = true;
    if (this.latest) this.apply(this.latest);
    this.options.changed();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.deck.off('slidechanged', this.onMoved);
    this.deck.off('fragmentshown', this.onMoved);
    this.deck.off('fragmenthidden', this.onMoved);
    this.socket?.close(1000, 'page closed');
    this.socket = null;
  }

  private connect(): void {
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => this.send({ type: 'hello', token: this.options.token });
    socket.onmessage = (event: MessageEvent<string>) => {
      if (socket === this.socket && typeof event.data === 'string') this.onMessage(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (socket !== this.socket || this.disposed) return;
      this.socket = null;
      this.role = null;
      this.options.changed();
      // A wrong token will stay wrong; anything else (a restart of the server, a dropped
      // network) is worth another try.
      if (event.code === CloseCode.BadToken) return;
      const delay = retryDelay(this.attempt);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private onMessage(text: string): void {
    let message: SyncServerMessage;
    try {
      message = JSON.parse(text) as SyncServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'ready':
        this.attempt = 0;
        this.role = message.role;
        this.audience = message.audience;
        if (message.position) this.heard(message.position);
        // The first presenter window of a launch tells where the deck is.
        else if (message.role === 'presenter') this.send({ type: 'goto', ...this.here() });
        this.options.changed();
        return;
      case 'position':
        this.heard({ h: message.h, v: message.v, f: message.f });
        return;
      case 'audience':
        this.audience = message.viewers;
        this.options.changed();
        return;
      case 'error':
        console.warn(`livedeck sync: ${message.code}: ${message.message}`);
    }
  }

  private heard(position: DeckPosition): void {
    this.latest = position;
    if (this.role === 'presenter' || this.following) this.apply(position);
  }

  private apply(position: DeckPosition): void {
    if (samePosition(position, this.here())) return;
    this.applying += 1;
    try {
      this.deck.slide(position.h, position.v, position.f);
    } finally {
      this.applying -= 1;
    }
  }

  /** A move in this window: remote ones are not news; a presenter's own ones lead the others; a
   * student's own ones stop the following. */
  private moved(): void {
    if (this.applying > 0 || this.role === null) return;
    const here = this.here();
    if (this.role === 'presenter') {
      if (!samePosition(here, this.latest)) this.send({ type: 'goto', ...here });
      this.latest = here;
    } else if (this.following && !samePosition(here, this.latest)) {
      this.following = false;
      this.options.changed();
    }
  }

  private here(): DeckPosition {
    const { h, v, f } = this.deck.getIndices();
    return { h, v: v ?? 0, f: f ?? -1 };
  }

  private send(message: SyncClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
