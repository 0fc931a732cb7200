// A SyncService behind a real HTTP server on loopback, for the /sync tests (integration and
// security): its WebSocket URL, and one call to stop both.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyncService, type SyncServiceOptions } from '../../../server/sync/sync-service.js';

export interface SyncServer {
  service: SyncService;
  /** ws://127.0.0.1:<port>/sync */
  url: string;
  close(): Promise<void>;
}

export async function startSyncServer(options: SyncServiceOptions): Promise<SyncServer> {
  const service = new SyncService(options);
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => service.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    service,
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync`,
    async close() {
      await service.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
