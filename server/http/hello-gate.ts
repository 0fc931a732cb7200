// Sockets that have not said hello yet (`/term`, `/sync`): anyone who reaches the port can open
// them, token or not, so they are counted apart from the ones that have proven a token, in a small
// pool of their own with a short timeout. When the pool is full the OLDEST waiting socket makes
// room: a real client says hello within milliseconds of connecting, so a flood of silent sockets
// can delay a presenter's pane by nothing, where refusing newcomers would lock it out.

import type { WebSocket } from 'ws';
import { CloseCode, HELLO_TIMEOUT_MS } from '../../common/protocol.js';

export interface HelloGateOptions {
  /** Sockets waiting for their hello at most; default 128. */
  maxWaiting?: number;
  /** Of which from one (non-loopback) address; default 8. On loopback every client shares one
   * address, the presenter included: the limit would only shorten the presenter's window. */
  maxWaitingPerAddress?: number;
  /** Closes a socket that has not said hello by then; default HELLO_TIMEOUT_MS. */
  timeoutMs?: number;
}

const DEFAULTS = { maxWaiting: 128, maxWaitingPerAddress: 8, timeoutMs: HELLO_TIMEOUT_MS };

interface Waiting {
  address: string;
  timer: NodeJS.Timeout;
}

export class HelloGate {
  /** In arrival order (Map keeps it): the first entry is the oldest. */
  private readonly waiting = new Map<WebSocket, Waiting>();
  private readonly limits: Required<HelloGateOptions>;

  constructor(options: HelloGateOptions = {}) {
    this.limits = { ...DEFAULTS, ...options };
  }

  /** How many sockets wait for their hello. */
  get size(): number {
    return this.waiting.size;
  }

  /** A new socket from `address`: it waits for its hello here until `settle`, its close, its
   * timeout or its eviction by a newer one. */
  enter(ws: WebSocket, address: string): void {
    if (!isLoopback(address)) {
      const same = [...this.waiting].filter(([, entry]) => entry.address === address);
      if (same.length >= this.limits.maxWaitingPerAddress) this.evict(same[0]![0], 'too many connections from your address waiting for their hello');
    }
    if (this.waiting.size >= this.limits.maxWaiting) this.evict(this.waiting.keys().next().value!, 'too many connections waiting for their hello');
    const timer = setTimeout(() => {
      this.waiting.delete(ws);
      ws.close(CloseCode.HelloTimeout, `no hello within ${this.limits.timeoutMs / 1000} s`);
    }, this.limits.timeoutMs);
    this.waiting.set(ws, { address, timer });
    ws.once('close', () => this.settle(ws));
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
