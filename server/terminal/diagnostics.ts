// A keystroke's way through the server, told on a node:diagnostics_channel for whoever measures
// it (bench/terminal.ts subscribes from inside the server process, bench/terminal/hop-probe.ts):
// a session publishes 'input' when a client's keys reach it, 'written' once they are handed to the
// pty, 'output' when the shell's answer comes out of the pty, and 'sent' once that output is
// handed to the sockets (and the recording). With no subscriber, which is always the case outside
// a benchmark, a hop costs one property read.

import { channel } from 'node:diagnostics_channel';

export const TERMINAL_HOP_CHANNEL = 'livedeck:terminal:hop';

export type TerminalHop = 'input' | 'written' | 'output' | 'sent';

const hops = channel(TERMINAL_HOP_CHANNEL);

export function publishHop(hop: TerminalHop): void {
  if (hops.hasSubscribers) hops.publish(hop);
}
