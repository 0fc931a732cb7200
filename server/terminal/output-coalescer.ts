// Output frames for one viewer socket, gathered for a display frame (COALESCE_MS) and sent as one:
// a session flushes its output every few ms for the presenter's sake, and sending each batch to
// every viewer made the fan-out one socket write per viewer per batch (bench/viewers.ts: with 200
// viewers on a terminal printing steadily, the server spent most of its busy time in writev).
// A viewer cannot show output sooner than its next paint anyway.

/** About one frame at 60 Hz: what a viewer's output waits at most before it is sent. */
const COALESCE_MS = 16;
/** Past this much waiting output, it goes at once (a flood needs no more gathering). */
const COALESCE_BYTES = 64 * 1024;

export class OutputCoalescer {
  private pending: Buffer[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: (data: Buffer) => void) {}

  /** Bytes gathered and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  push(data: Buffer): void {
    this.pending.push(data);
    this.bytes += data.length;
    if (this.bytes >= COALESCE_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** Sends what was gathered now (before a control message, which must not overtake it). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.bytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.bytes);
    this.pending = [];
    this.bytes = 0;
    this.send(data);
  }

  /** Drops what was gathered (the socket is gone). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.bytes = 0;
  }
}
