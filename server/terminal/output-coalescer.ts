// Output for one viewer socket, gathered for a display frame (COALESCE_MS) and sent together: a
// session flushes its output every few ms for the presenter's sake, and sending each batch to every
// viewer made the fan-out one socket write per viewer per batch (bench/viewers.ts: with 200 viewers
// on a terminal printing steadily, the server spent most of its busy time in writev). A viewer
// cannot show output sooner than its next paint anyway.
//
// All viewers are flushed by one clock, a few sockets per turn of the event loop: 200 socket writes
// in one go held the loop for milliseconds, and the presenter's keystroke echo waited behind them.
// Large output is sent as the session's own buffers, shared by every viewer, not copied per viewer.

/** About one frame at 60 Hz: what a viewer's output waits at most (plus its turn, below). */
const COALESCE_MS = 16;
/** Past this much waiting output, it goes at once (a flood needs no more gathering). */
const COALESCE_BYTES = 64 * 1024;
/** Small pieces are joined into one frame up to this size; larger ones are sent as they are. */
const JOIN_BYTES = 16 * 1024;
/** Sockets written per turn of the event loop, which then handles what came meanwhile (input). */
const SOCKETS_PER_TURN = 16;

export class OutputCoalescer {
  private pending: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly send: (data: Buffer) => void) {}

  /** Bytes gathered and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  push(data: Buffer): void {
    this.pending.push(data);
    this.bytes += data.length;
    if (this.bytes >= COALESCE_BYTES) this.flush();
    else clock.add(this);
  }

  /** Sends what was gathered now (before a control message, which must not overtake it). */
  flush(): void {
    clock.delete(this);
    if (this.bytes === 0) return;
    const pending = this.pending;
    const bytes = this.bytes;
    this.pending = [];
    this.bytes = 0;
    if (pending.length === 1) this.send(pending[0]!);
    else if (bytes <= JOIN_BYTES) this.send(Buffer.concat(pending, bytes));
    else for (const data of pending) this.send(data);
  }

  /** Drops what was gathered (the socket is gone). */
  dispose(): void {
    clock.delete(this);
    this.pending = [];
    this.bytes = 0;
  }
}

/** The one clock of every coalescer with output waiting. */
class FlushClock {
  private readonly waiting = new Set<OutputCoalescer>();
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;

  add(coalescer: OutputCoalescer): void {
    this.waiting.add(coalescer);
    if (this.timer === null && !this.flushing) this.timer = setTimeout(() => this.tick(), COALESCE_MS);
  }

  delete(coalescer: OutputCoalescer): void {
    this.waiting.delete(coalescer);
  }

  private tick(): void {
    this.timer = null;
    this.flushing = true;
    // Those that get output from now on wait for the next frame.
    const due = [...this.waiting];
    const turn = (from: number) => {
      for (const coalescer of due.slice(from, from + SOCKETS_PER_TURN)) {
        if (this.waiting.has(coalescer)) coalescer.flush();
      }
      if (from + SOCKETS_PER_TURN < due.length) {
        setImmediate(() => turn(from + SOCKETS_PER_TURN));
        return;
      }
      this.flushing = false;
      if (this.waiting.size > 0) this.timer = setTimeout(() => this.tick(), COALESCE_MS);
    };
    turn(0);
  }
}

const clock = new FlushClock();
