// Loaded into a server under test (`node --import`, server-process.ts) for the echo measure:
// stamps each hop a keystroke makes through the server (server/terminal/diagnostics.ts) with
// CLOCK_MONOTONIC, and writes them to $LIVEDECK_BENCH_HOPS when the process exits. Threads other
// than the main one (livedeck's recording thread inherits the flags) record nothing.

import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { TERMINAL_HOP_CHANNEL, type TerminalHop } from '../../server/terminal/diagnostics.js';
import { HOPS_FILE_VARIABLE } from './echo-hops.js';
import { monotonicMs } from './monotonic.js';

const file = process.env[HOPS_FILE_VARIABLE];
if (file && isMainThread) {
  const hops: TerminalHop[] = [];
  const times: number[] = [];
  subscribe(TERMINAL_HOP_CHANNEL, (hop) => {
    times.push(monotonicMs());
    hops.push(hop as TerminalHop);
  });
  process.once('exit', () => writeFileSync(file, JSON.stringify({ hops, times })));
}
