// A terminal that prints steadily, and how late each of its lines reaches a client: the shell runs
// a small printer that writes a line every few ms stamped with the wall-clock time it was written
// and a sequence number; each client reads the stamps back as the lines arrive.

/** Wall-clock milliseconds with sub-ms precision, the same clock in every process of the machine. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/** The command line that starts the printer: a line of about `lineBytes` every `intervalMs`.
 * Lines hold no "x" and no backspace, which the echo measurement looks for. */
export function printerCommand(intervalMs: number, lineBytes: number): string {
  const script = [
    'let n = 0;',
    `const pad = "-".repeat(${Math.max(0, lineBytes - 30)});`,
    'setInterval(() => console.log("T" + (performance.timeOrigin + performance.now()).toFixed(3) + " " + n++ + " " + pad), ' + intervalMs + ');',
  ].join(' ');
  return `${process.execPath} -e '${script}'`;
}

/** Whole stamps only: a stamp cut between two frames is skipped, not misread. */
const STAMP = /T(\d+\.\d{3}) (\d+) /g;

/** One client's view of the printer: the delay of each line it sees for the first time. */
export class StampReader {
  /** Lines seen at or after `from`; a line shown again by a resync snapshot counts once. */
  seen = 0;
  /** Lines never seen: skipped while the client was too far behind (or cut between frames). */
  missed = 0;
  private lastSeq = -1;

  constructor(
    /** Delays (ms) of lines stamped at or after `from` go here. */
    private readonly delays: number[],
    private readonly from: number,
  ) {}

  feed(data: Buffer): void {
    const now = wallClock();
    for (const match of data.toString('latin1').matchAll(STAMP)) {
      const stamp = Number(match[1]);
      const seq = Number(match[2]);
      if (seq <= this.lastSeq) continue;
      if (stamp >= this.from) {
        if (this.lastSeq >= 0) this.missed += seq - this.lastSeq - 1;
        this.delays.push(now - stamp);
        this.seen++;
      }
      this.lastSeq = seq;
    }
  }
}
