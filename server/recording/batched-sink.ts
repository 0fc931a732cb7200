// The server thread's end of one recording in the recording thread: events are stamped when they
// happen and posted in batches (every BATCH_MS, or sooner past BATCH_BYTES of output), their bytes
// copied once into a buffer that is transferred, not cloned (and comes back, recording-thread.ts),
// so the recording costs the keystroke echoes few copies and few wake-ups. It also counts what
// the thread has not written yet, and says when that is too much (the recording then holds its
// shell, session-recording.ts) and when it is back to little.

import type { CastSink, ThreadEvent, ToThread } from './thread-messages.js';

/** How long an event waits at most before it is posted: what a kill -9 of the server can lose. */
const BATCH_MS = 20;
/** Output bytes that make a batch go at once (a flood posts every few ms, not per socket batch). */
export const BATCH_BYTES = 256 * 1024;
/** Output posted and not yet written past which the recording is behind: 8 batches. */
export const BACKLOG_HIGH = 2 * 1024 * 1024;
/** ... and at or below which it has caught up. */
export const BACKLOG_LOW = 512 * 1024;

export class BatchedSink implements CastSink {
  private events: ThreadEvent[] = [];
  /** Output of `events`, in order; the bytes are only read when the batch is posted. */
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly openedAt = performance.now();
  /** Output bytes posted and not yet written by the thread. */
  private unwritten = 0;
  private behind = false;
  private backlogChanged: ((behind: boolean) => void) | null = null;

  constructor(
    private readonly id: number,
    private readonly post: (message: ToThread, transfer?: ArrayBuffer[]) => void,
    /** Posts `close` and resolves once the thread has closed the file. */
    private readonly close: () => Promise<void>,
    /** A buffer to copy a batch of that many bytes into, to be transferred. */
    private readonly buffer: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes),
  ) {}

  // The caller's bytes are kept, not copied, until the batch is posted: a session's output
  // buffers are never written to after they are emitted.
  output(data: Uint8Array, time = this.time()): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.bytes += data.length;
    this.add({ op: 'output', time, end: this.bytes });
    if (this.bytes >= BATCH_BYTES) this.flush();
  }

  resize(cols: number, rows: number, time = this.time()): void {
    this.add({ op: 'resize', time, cols, rows });
  }

  marker(label: string, time = this.time()): void {
    this.add({ op: 'marker', time, label });
  }

  exit(code: number, time = this.time()): void {
    this.add({ op: 'exit', time, code });
  }

  dispose(): Promise<void> {
    this.flush();
    return this.close();
  }

  watchBacklog(changed: (behind: boolean) => void): void {
    this.backlogChanged = changed;
  }

  /** The thread wrote (or dropped) a batch of `bytes`. */
  written(bytes: number): void {
    this.unwritten -= bytes;
    if (this.behind && this.unwritten <= BACKLOG_LOW) {
      this.behind = false;
      this.backlogChanged?.(false);
    }
  }

  private time(): number {
    return (performance.now() - this.openedAt) / 1000;
  }

  private add(event: ThreadEvent): void {
    this.events.push(event);
    if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), BATCH_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.events.length === 0) return;
    const data = this.buffer(this.bytes);
    let at = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, at);
      at += chunk.length;
    }
    const events = this.events;
    this.events = [];
    this.chunks = [];
    this.bytes = 0;
    // Counted before the post: the transfer leaves `data` empty here.
    this.unwritten += data.length;
    this.post({ op: 'events', id: this.id, events, data }, [data.buffer as ArrayBuffer]);
    if (!this.behind && this.unwritten > BACKLOG_HIGH) {
      this.behind = true;
      this.backlogChanged?.(true);
    }
  }
}
