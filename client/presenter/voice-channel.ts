// The presenter view's `/voice` socket (protocol in common/voice-protocol.ts): says hello with the
// presenter's token, opens and ends segments, sends each chunk with its level, and comes back
// after a drop (a restarted server, a network that went away), as the deck's sync does.

import { CloseCode } from '../../common/protocol.js';
import type { VoiceClientMessage, VoiceErrorCode, VoiceMime, VoiceServerMessage } from '../../common/voice-protocol.js';
import { retryDelay } from '../terminal/live-source.js';

/** A segment the server would not open, a drop, or a refused token. */
export class VoiceChannelError extends Error {
  constructor(
    readonly code: VoiceErrorCode | 'dropped' | 'bad-token',
    message: string,
  ) {
    super(message);
  }
}

export interface VoiceChannelOptions {
  /** The `/voice` endpoint, e.g. ws://127.0.0.1:4000/voice. */
  url: string;
  token: string;
  /** The server said `ready`: segments can start. */
  ready(): void;
  /** The socket went away (the server ended any open segment); it comes back by itself. */
  dropped(): void;
  /** The server refused something nobody waited for (a write that failed mid-segment), or the
   * token (no more tries). */
  failed(error: VoiceChannelError): void;
}

interface Pending {
  kind: 'start' | 'stop';
  resolve(file: string): void;
  reject(error: VoiceChannelError): void;
}

export class VoiceChannel {
  /** Said hello and heard `ready`. */
  ready = false;
  private socket: WebSocket | null = null;
  private pending: Pending | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: VoiceChannelOptions) {
    this.connect();
  }

  /** Opens a segment: resolves with its file once the server has it open. */
  start(mime: VoiceMime): Promise<string> {
    return this.request('start', { type: 'start', mime });
  }

  /** A chunk of the open segment and the loudest moment it holds (0..1). */
  chunk(bytes: ArrayBuffer, level: number): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.send({ type: 'chunk', level });
    this.socket.send(bytes);
  }

  /** Ends the open segment once the chunks sent before are written. Never rejects: a segment
   * whose socket went away, or whose last write failed, is over too. */
  stop(): Promise<void> {
    return this.request('stop', { type: 'stop' }).then(() => {}, () => {});
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.settle(new VoiceChannelError('dropped', 'the view closed'));
    this.socket?.close(1000, 'page closed');
    this.socket = null;
  }

  private request(kind: Pending['kind'], message: VoiceClientMessage): Promise<string> {
    if (!this.ready || this.pending !== null) {
      return Promise.reject(new VoiceChannelError('dropped', this.ready ? `a ${this.pending!.kind} is under way` : 'not connected'));
    }
    return new Promise((resolve, reject) => {
      this.pending = { kind, resolve, reject };
      this.send(message);
    });
  }

  private connect(): void {
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => this.send({ type: 'hello', token: this.options.token });
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (socket === this.socket && typeof event.data === 'string') this.onMessage(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (socket !== this.socket || this.disposed) return;
      this.socket = null;
      const wasReady = this.ready;
      this.ready = false;
      this.settle(new VoiceChannelError('dropped', 'the connection to the server was lost'));
      if (event.code === CloseCode.BadToken) {
        this.options.failed(new VoiceChannelError('bad-token', event.reason));
        return;
      }
      if (wasReady) this.options.dropped();
      const delay = retryDelay(this.attempt);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private onMessage(text: string): void {
    let message: VoiceServerMessage;
    try {
      message = JSON.parse(text) as VoiceServerMessage;
    } catch {
      return;
    }
    const pending = this.pending;
    switch (message.type) {
      case 'ready':
        this.attempt = 0;
        this.ready = true;
        this.options.ready();
        return;
      case 'started':
        if (pending?.kind === 'start') this.settleWith(() => pending.resolve(message.file));
        return;
      case 'stopped':
        if (pending?.kind === 'stop') this.settleWith(() => pending.resolve(message.file));
        return;
      case 'error': {
        const error = new VoiceChannelError(message.code, message.message);
        if (pending !== null) this.settleWith(() => pending.reject(error));
        // A write that failed is news even to a window that was stopping.
        if (pending === null || (pending.kind === 'stop' && message.code === 'write-failed')) this.options.failed(error);
      }
    }
  }

  private settleWith(settle: () => void): void {
    this.pending = null;
    settle();
  }

  private settle(error: VoiceChannelError): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  private send(message: VoiceClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
