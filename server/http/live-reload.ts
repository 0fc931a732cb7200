// Server-sent events telling open pages to reload (dev mode). Each stream holds a socket and a
// descriptor for as long as a page is open, so streams are bounded: the presenter's windows in a
// room of their own, the audience's in another, with a few per (non-loopback) address. A stream
// over a limit is refused with 429, which EventSource does not retry (closing an open one instead
// would have it reconnect and push out another, forever); a reloaded page's old stream closes
// before its new one opens.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import { isLoopback } from '../access/hello-gate.js';

export interface LiveReloadLimits {
  /** Streams of presenter windows at most; default 64. */
  presenter: number;
  /** Streams of audience windows at most; default 512. */
  viewer: number;
  /** Audience streams from one non-loopback address at most; default 4. */
  viewerPerAddress: number;
}

const DEFAULT_LIMITS: LiveReloadLimits = { presenter: 64, viewer: 512, viewerPerAddress: 4 };

interface Stream {
  res: ServerResponse;
  role: Role;
  address: string;
}

export class LiveReloadHub {
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limits: LiveReloadLimits;

  constructor(limits: Partial<LiveReloadLimits> = {}) {
    for (const [key, value] of Object.entries(limits)) {
      if (!(key in DEFAULT_LIMITS)) throw new LivedeckError('bad-option', `LiveReloadHub: unknown limit "${key}"`);
      if (!(Number.isInteger(value) && value >= 1)) throw new LivedeckError('bad-option', `LiveReloadHub: ${key} must be a positive integer`);
    }
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    // A comment line now and then keeps proxies and idle timers from closing the stream.
    this.heartbeat = setInterval(() => this.send(': ping\n\n'), 25_000);
    this.heartbeat.unref();
  }

  /** Opens a stream for a page whose request proved `role`. */
  handle(req: IncomingMessage, res: ServerResponse, role: Role): void {
    const address = req.socket.remoteAddress ?? '';
    const same = [...this.streams].filter((s) => s.role === role);
    const fromAddress = role === 'viewer' && !isLoopback(address) ? same.filter((s) => s.address === address).length : 0;
    if (same.length >= this.limits[role] || fromAddress >= this.limits.viewerPerAddress) {
      res.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' }).end('429: too many pages open\n');
      return;
    }
    req.socket.setTimeout(0); // quiet for 25 s between pings: not an idle connection
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write('retry: 500\n\n');
    const stream = { res, role, address };
    this.streams.add(stream);
    req.on('close', () => this.streams.delete(stream));
  }

  reload(): void {
    this.send('event: reload\ndata: {}\n\n');
  }

  private send(text: string): void {
    for (const { res } of this.streams) res.write(text);
  }

  dispose(): void {
    clearInterval(this.heartbeat);
    for (const { res } of this.streams) res.end();
    this.streams.clear();
  }
}
