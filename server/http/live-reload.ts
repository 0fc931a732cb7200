// Server-sent events telling open pages to reload (dev mode).

import type { IncomingMessage, ServerResponse } from 'node:http';

export class LiveReloadHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies and idle timers from closing the stream.
    this.heartbeat = setInterval(() => this.send(': ping\n\n'), 25_000);
    this.heartbeat.unref();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write('retry: 500\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  reload(): void {
    this.send('event: reload\ndata: {}\n\n');
  }

  private send(text: string): void {
    for (const res of this.clients) res.write(text);
  }

  dispose(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
