// Benchmark baseline, NOT product code: the typical minimal "shell in the browser" demo server
// (node-pty + ws), against which bench/terminal.ts compares livedeck's /term endpoint.
//
// WARNING: no auth, no Origin check and no flow control: any page can open a shell, and a client
// that reads slowly makes this process buffer the shell's output without bound. Run it only on
// 127.0.0.1, only from the benchmark.
//
// Each socket gets its own bash (same flags, environment and prompt as livedeck's shells, so the
// two servers run the same commands the same way); every pty `data` event goes out at once as
// one binary frame (no batching, no headless terminal); every message from the client is input.
// It tells a keystroke's hops as livedeck's sessions do (server/terminal/diagnostics.ts).
// Listens on a free port of 127.0.0.1 and prints "listening <port>". bench/terminal.ts runs it
// compiled (server-process.ts); by hand: node --import tsx bench/terminal/naive-server.ts

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as pty from 'node-pty';
import { WebSocketServer } from 'ws';
import { publishHop } from '../../server/terminal/diagnostics.js';
import { DEFAULT_SHELL, shellEnvironment, shellLaunch } from '../../server/terminal/environment.js';

const shells = new Set<pty.IPty>();
const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/term', perMessageDeflate: false });

wss.on('connection', (ws) => {
  const launch = shellLaunch(DEFAULT_SHELL);
  const shell = pty.spawn(launch.file, launch.args, {
    name: 'xterm-256color',
    cols: 80,
    rows: 24,
    cwd: process.cwd(),
    env: shellEnvironment({ sessionId: 'naive', shell: DEFAULT_SHELL }),
    encoding: null,
  });
  shells.add(shell);
  // node-pty's typings say string, but with `encoding: null` it hands over Buffers.
  shell.onData((data: string | Buffer) => {
    publishHop('output');
    if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    publishHop('sent');
  });
  shell.onExit(() => {
    shells.delete(shell);
    ws.close();
  });
  ws.on('message', (data) => {
    publishHop('input');
    shell.write(data as Buffer);
    publishHop('written');
  });
  ws.on('close', () => shell.kill());
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const shell of shells) shell.kill('SIGHUP');
    process.exit(0);
  });
}
