// Sockets that have not said hello yet (`/term`, `/sync`, `/voice`): anyone who reaches the port can open
// them, token or not, so they are counted apart from the ones that have proven a token, in a pool
// of their own with a timeout. When the pool is full the OLDEST waiting socket makes room: a real
// client says hello within milliseconds of connecting, so a flood of silent sockets can delay a
// presenter's pane by nothing, where refusing newcomers would lock it out. One address past its
// share is refused before the WebSocket handshake, the cheapest answer. A bad hello (a wrong
// token) is answered a second later, its socket still counted: a client retrying in a loop costs
// the server one handshake a second, not thousands.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode, HELLO_TIMEOUT_MS } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import { refuseUpgrade } from './host-guard.js';

export interface HelloGateOptions {
  /** Sockets waiting for their hello at most; default 512: a lecture hall opening its pages at
   * once (a sync socket and a pane or two each) fits, and nothing has to be pushed out. */
  maxWaiting?: number;
  /** Of which from one (non-loopback) address; default 8. On loopback every client shares one
   * address, the presenter included: there the limit would only lock the presenter out. */
  maxWaitingPerAddress?: number;
  /** Closes a socket that has not said hello by then; default HELLO_TIMEOUT_MS. */
  timeoutMs?: number;
  /** How long a refused hello waits for its answer; default 1000 ms. */
  refusalDelayMs?: number;
}

const DEFAULTS = { maxWaiting: 512, maxWaitingPerAddress: 8, timeoutMs: HELLO_TIMEOUT_MS, refusalDelayMs: 1000 };

interface Waiting {
  address: string;
  timer: NodeJS.Timeout;
}

export class HelloGate {
  /** In arrival order (Map keeps it): the first entry is the oldest. */
  private readonly waiting = new Map<WebSocket, Waiting>();
  private readonly limits: Required<HelloGateOptions>;

  constructor(options: HelloGateOptions = {}) {
    for (const [key, value] of Object.entries(options)) {
      if (!(key in DEFAULTS)) throw new LivedeckError('bad-option', `HelloGate: unknown option "${key}"`);
      if (!(Number.isInteger(value) && value >= 1)) throw new LivedeckError('bad-option', `HelloGate: ${key} must be a positive integer`);
    }
    this.limits = { ...DEFAULTS, ...options };
  }

  /** Whether an upgrade from `address` may go on to the handshake: false when that address
   * (not loopback) already has its share of sockets waiting. */
  admits(address: string): boolean {
    if (isLoopback(address)) return true;
    let same = 0;
    for (const entry of this.waiting.values()) if (entry.address === address) same++;
    return same < this.limits.maxWaitingPerAddress;
  }

  /** An endpoint's HTTP upgrade (Host and Origin already checked): refused with 503 once the
   * endpoint is `stopping`, with 429 when its address has its share waiting (`admits`); otherwise
   * the WebSocket handshake, then `accept` gets the socket and its address (and should `enter` it). */
  upgrade(wss: WebSocketServer, request: { req: IncomingMessage; socket: Duplex; head: Buffer }, stopping: boolean, accept: (ws: WebSocket, address: string) => void): void {
    const { req, socket, head } = request;
    if (stopping) return refuseUpgrade(socket, '503 Service Unavailable');
    const address = req.socket.remoteAddress ?? '';
    if (!this.admits(address)) return refuseUpgrade(socket, '429 Too Many Requests');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, address));
  }

  /** A new socket from `address`: it waits for its hello here until `settle`, its close, its
   * timeout or its eviction by a newer one. */
  enter(ws: WebSocket, address: string): void {
    if (this.waiting.size >= this.limits.maxWaiting) this.evict(this.waiting.keys().next().value!, 'too many connections waiting for their hello');
    const timer = setTimeout(() => {
      this.waiting.delete(ws);
      ws.close(CloseCode.HelloTimeout, `no hello within ${this.limits.timeoutMs / 1000} s`);
    }, this.limits.timeoutMs);
    this.waiting.set(ws, { address, timer });
    ws.once('close', () => this.settle(ws));
  }

  /** Closes a socket whose hello is refused, after refusalDelayMs; it counts here until then. */
  refuse(ws: WebSocket, code: number, reason: string): void {
    const entry = this.waiting.get(ws);
    if (!entry) {
      ws.close(code, reason);
      return;
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.waiting.delete(ws);
      ws.close(code, reason);
    }, this.limits.refusalDelayMs);
  }

  /** The socket said hello (or went away): it no longer counts here. */
  settle(ws: WebSocket): void {
    const entry = this.waiting.get(ws);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(ws);
  }

  dispose(): void {
    for (const ws of [...this.waiting.keys()]) this.settle(ws);
  }

  private evict(ws: WebSocket, reason: string): void {
    this.settle(ws);
    // terminate, not close: a silent client would hold the socket through the closing handshake.
    ws.close(CloseCode.TooMany, reason);
    ws.terminate();
  }
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 ("::ffff:127.0.0.1"). */
export function isLoopback(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}
