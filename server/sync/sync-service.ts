// The `/sync` WebSocket endpoint (protocol in common/sync-protocol.ts): keeps the deck's position
// (slide and fragment) as the presenter windows move it, and tells every other window, so the
// projector, the presenter view and the students' screens follow within a frame. Also counts the
// audience for the presenter view, and drops sockets that stop answering or reading. Sockets
// waiting for their hello, viewers and presenters are counted apart: none crowds out the others.

import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, type Role } from '../../common/protocol.js';
import {
  parseSyncMessage,
  positionOf,
  samePosition,
  SYNC_MAX_MESSAGE_BYTES,
  type DeckPosition,
  type SyncServerMessage,
} from '../../common/sync-protocol.js';
import { LivedeckError } from '../errors.js';
import type { AccessTokens } from '../access/access-tokens.js';
import { HelloGate } from '../access/hello-gate.js';

export interface SyncServiceOptions {
  tokens: AccessTokens;
  /** Viewers' sockets at most; default 1024 (a lecture hall, with a tab or two each). */
  maxConnections?: number;
  /** Presenters' sockets at most, apart from the viewers'; default 64. */
  maxPresenterConnections?: number;
  /** How often sockets are pinged; one that has not answered the previous ping is dropped.
   * Default 30 s. */
  heartbeatMs?: number;
}

export interface SyncServiceEvents {
  /** A presenter moved the deck. */
  position: [position: DeckPosition];
}

const OPTION_KEYS = new Set(['tokens', 'maxConnections', 'maxPresenterConnections', 'heartbeatMs']);
/** A window with this much unsent data is not reading: it is dropped, and on its return gets the
 * position of the moment in its `ready` (nothing is worth queueing for it). */
const MAX_BUFFERED_BYTES = 64 * 1024;

/** One window: waiting for its hello (role null), then following or leading. */
interface SyncClient {
  ws: WebSocket;
  role: Role | null;
  alive: boolean;
}

export class SyncService extends EventEmitter<SyncServiceEvents> {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: SYNC_MAX_MESSAGE_BYTES, perMessageDeflate: false });
  private readonly clients = new Set<SyncClient>();
  private readonly gate = new HelloGate();
  private readonly limits: Record<Role, number>;
  private presenters = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private current: DeckPosition | null = null;
  private viewers = 0;
  private disposed = false;

  constructor(private readonly options: SyncServiceOptions) {
    super();
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.has(key)) throw new LivedeckError('bad-option', `SyncService: unknown option "${key}"`);
    }
    this.limits = { viewer: options.maxConnections ?? 1024, presenter: options.maxPresenterConnections ?? 64 };
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Windows connected (said hello or not yet). */
  get size(): number {
    return this.clients.size;
  }

  /** Where the presenters left the deck, or null before the first move. */
  get position(): DeckPosition | null {
    return this.current;
  }

  /** Takes over an HTTP upgrade request for `/sync` (Host and Origin already checked). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.gate.upgrade(this.wss, { req, socket, head }, this.disposed, (ws, address) => this.accept(ws, address));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeat);
    this.gate.dispose();
    for (const client of this.clients) client.ws.close(CloseCode.GoingAway, 'the server is stopping');
    this.clients.clear();
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  private accept(ws: WebSocket, address: string): void {
    const client: SyncClient = { ws, role: null, alive: true };
    this.clients.add(client);
    this.gate.enter(ws, address);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    // ws reports protocol violations (bad UTF-8, frames over maxPayload) here and closes itself.
    ws.on('error', () => {});
    ws.on('close', () => {
      this.clients.delete(client);
      if (client.role === 'viewer') this.countViewers(-1);
      if (client.role === 'presenter') this.presenters--;
    });
  }

  private onMessage(client: SyncClient, data: RawData, isBinary: boolean): void {
    const { ws } = client;
    if (isBinary) {
      if (client.role === null) this.refuse(client, CloseCode.BadHello, 'the first message must be a text hello');
      else this.send(client, { type: 'error', code: 'bad-message', message: '/sync takes JSON text frames only' });
      return;
    }
    const parsed = parseSyncMessage(String(data));
    if (client.role === null) {
      if (!parsed.ok) return this.refuse(client, CloseCode.BadHello, `bad hello: ${parsed.error.message}`.slice(0, 120));
      if (parsed.message.type !== 'hello') return this.refuse(client, CloseCode.BadHello, `expected hello, got "${parsed.message.type}"`);
      if (parsed.message.token === '') return this.refuse(client, CloseCode.BadToken, 'missing token');
      const role = this.options.tokens.role(parsed.message.token);
      if (role === null) return this.refuse(client, CloseCode.BadToken, 'wrong token');
      this.gate.settle(ws);
      if ((role === 'viewer' ? this.viewers : this.presenters) >= this.limits[role]) {
        return ws.close(CloseCode.TooMany, `too many ${role === 'viewer' ? 'windows following the deck' : 'presenter windows'} (${this.limits[role]})`);
      }
      client.role = role;
      if (role === 'presenter') this.presenters++;
      this.send(client, { type: 'ready', role, position: this.current, audience: role === 'presenter' ? this.viewers : 0 });
      if (role === 'viewer') this.countViewers(+1);
      return;
    }
    if (!parsed.ok) return this.send(client, { type: 'error', ...parsed.error });
    const message = parsed.message;
    if (message.type === 'hello') return this.send(client, { type: 'error', code: 'bad-message', message: 'hello was already received' });
    if (client.role !== 'presenter') return this.send(client, { type: 'error', code: 'forbidden', message: 'only a presenter moves the deck' });
    const position = positionOf(message);
    if (samePosition(position, this.current)) return;
    this.current = position;
    for (const other of this.clients) {
      if (other !== client && other.role !== null) this.send(other, { type: 'position', ...position });
    }
    this.emit('position', position);
  }

  /** A refused hello: nothing more is read; the gate closes the socket a moment later. */
  private refuse(client: SyncClient, code: number, reason: string): void {
    client.ws.removeAllListeners('message');
    this.gate.refuse(client.ws, code, reason);
  }

  private countViewers(delta: number): void {
    this.viewers += delta;
    for (const client of this.clients) {
      if (client.role === 'presenter') this.send(client, { type: 'audience', viewers: this.viewers });
    }
  }

  private send(client: SyncClient, message: SyncServerMessage): void {
    const { ws } = client;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  }

  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }
}
