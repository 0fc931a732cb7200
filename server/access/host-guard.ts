// Who may talk to the server: the Host header must name this server (defeats DNS rebinding) and a
// WebSocket's Origin must be the page's own origin (defeats cross-site WebSocket hijacking). And
// how an upgrade request that may not proceed is answered.

import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';

/** Answers an HTTP upgrade request with `status` (e.g. "403 Forbidden") and closes its socket. */
export function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class HostGuard {
  private readonly names: Set<string>;

  /** `host` is the address the server listens on; `port` its port. */
  constructor(host: string, private readonly port: number) {
    this.names = new Set(['localhost', '127.0.0.1', '[::1]']);
    if (host === '0.0.0.0' || host === '::') {
      for (const address of ownAddresses()) this.names.add(address);
    } else {
      this.names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase());
    }
  }

  /** True when a Host header value ("name:port") names this server. */
  allowsHost(header: string | undefined): boolean {
    if (!header) return false;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    return port === this.port && this.names.has(m[1]!);
  }

  /** True when an Origin header is exactly this server's origin as reached through `host`. */
  allowsOrigin(origin: string | undefined, host: string | undefined): boolean {
    if (!origin || !host || !this.allowsHost(host)) return false;
    return origin.toLowerCase() === `http://${host.trim().toLowerCase()}`;
  }

  /** Names printed in start-up URLs for other machines (LAN addresses). */
  get lanAddresses(): string[] {
    return [...this.names].filter((n) => !['localhost', '127.0.0.1', '[::1]'].includes(n) && !n.startsWith('['));
  }
}

function ownAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) out.push(info.family === 'IPv6' ? `[${info.address.toLowerCase()}]` : info.address);
  }
  return out;
}
