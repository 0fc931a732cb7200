// Keeps a terminal's writes and its resets/resizes in the order they arrived. xterm.js parses
// writes later, in chunks, but resets and resizes at once: a snapshot's reset must wait until the
// output before it is parsed, or that old output would land on the fresh screen.

import type { Terminal } from '@xterm/xterm';

type Pending = { kind: 'write'; data: Uint8Array | string; parsed?: () => void } | { kind: 'apply'; change: () => void };

export class WriteQueue {
  /** Writes handed to xterm.js and not parsed yet. */
  private inFlight = 0;
  /** What waits behind a reset or resize. */
  private pending: Pending[] = [];
  private disposed = false;

  constructor(private readonly terminal: Terminal) {}

  write(data: Uint8Array | string, parsed?: () => void): void {
    if (this.pending.length > 0) this.pending.push({ kind: 'write', data, parsed });
    else this.issue(data, parsed);
  }

  /** Runs `change` (a reset, a resize) once everything written before it is parsed. */
  apply(change: () => void): void {
    this.pending.push({ kind: 'apply', change });
    this.drain();
  }

  dispose(): void {
    this.disposed = true;
    this.pending = [];
  }

  private issue(data: Uint8Array | string, parsed?: () => void): void {
    this.inFlight += 1;
    this.terminal.write(data, () => {
      this.inFlight -= 1;
      if (this.disposed) return;
      parsed?.();
      this.drain();
    });
  }

  private drain(): void {
    while (this.pending.length > 0 && !this.disposed) {
      const next = this.pending[0]!;
      if (next.kind === 'apply') {
        if (this.inFlight > 0) return;
        this.pending.shift();
        next.change();
      } else {
        this.pending.shift();
        this.issue(next.data, next.parsed);
      }
    }
  }
}
