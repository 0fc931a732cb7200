// Live recordings written by a worker thread: the server thread only stamps each event's time and
// hands its bytes over (in batches, batched-sink.ts); the worker (cast-worker.ts) serialises and
// writes them. Measured with bench/terminal.ts, writing on the server thread halved a flooding
// shell's throughput. Each event still reaches the file as its own line when the worker runs it,
// so a crash leaves a valid file (missing at most what was in flight).
// The worker gives way: on Linux it runs at a lower priority than the shells and the server thread
// (a recording may lag, a terminal must not): in interleaved A/B rounds on 2 cores, a 50 MB flood
// ran 7% faster (8 rounds of 8). What it may lag is bounded, whatever the cause (a busy machine, a
// slow disk): a recording more than BACKLOG_HIGH behind holds its shell, as a slow presenter's
// window does (batched-sink.ts), so memory stays bounded and nothing is lost.
// The batches' buffers go back and forth: the worker returns each one it has written, and the
// next batch is copied into it. Freshly allocated ones were only freed by a garbage collection the
// worker, which allocates next to nothing, seldom ran: +20 MB of server RSS in a 50 MB flood.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CastHeader } from '../../common/asciicast.js';
import { PACKAGE_ROOT } from '../paths.js';
import { BACKLOG_HIGH, BATCH_BYTES, BatchedSink } from './batched-sink.js';

/** One event of a batch; an output event's bytes run from the previous output's `end` to its own. */
export type ThreadEvent =
  | { op: 'output'; time: number; end: number }
  | { op: 'resize'; time: number; cols: number; rows: number }
  | { op: 'marker'; time: number; label: string }
  | { op: 'exit'; time: number; code: number };

export type ToThread =
  | { op: 'open'; id: number; path: string; header: Omit<CastHeader, 'version'> }
  | { op: 'events'; id: number; events: ThreadEvent[]; data: Uint8Array }
  | { op: 'close'; id: number };

type FromThread =
  | { op: 'opened' | 'closed'; id: number }
  | { op: 'failed'; id: number; message: string }
  /** A batch of `bytes` of output, written (or dropped, its file failed): its buffer, for the next. */
  | { op: 'recycle'; id: number; bytes: number; buffer: ArrayBuffer };

/** Size of the reused batch buffers: a batch is posted past BATCH_BYTES (256 KiB), plus the
 * output that crossed it, a session's batch of at most ~96 KiB (a larger one gets a buffer of its
 * own, not kept). */
const BATCH_BUFFER_BYTES = 384 * 1024;
/** Buffers kept for reuse: as many as a recording at its backlog bound has in the worker's queue,
 * plus the one that crossed it and the one being filled. With fewer, a lagging thread made the
 * server allocate a buffer per batch and drop it when it came back: in a 10 s `yes` read at full
 * speed, 15-25 MB more RSS in garbage. */
const SPARE_BUFFERS = Math.ceil(BACKLOG_HIGH / BATCH_BYTES) + 2;

/** What SessionRecording writes to: a CastWriter here, or one in the recording thread. */
export interface CastSink {
  output(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  marker(label: string): void;
  exit(code: number): void;
  /** Closes the file; resolves once it is closed. */
  dispose(): void | Promise<void>;
  /** Calls `changed(true)` when the file falls too far behind the output, `changed(false)` once
   * it has caught up. A sink that writes at once (a CastWriter) has none. */
  watchBacklog?(changed: (behind: boolean) => void): void;
}

/** The worker: the bundled script in dist/, or, when livedeck runs from source, the TypeScript
 * one with tsx loaded in the thread too. */
function startWorker(): Worker {
  const bundled = join(PACKAGE_ROOT, 'dist', 'cast-worker.js');
  if (import.meta.url.includes('/dist/') && existsSync(bundled)) return new Worker(bundled);
  // Node 20 does not apply --import loaders to a worker's entry: register tsx, then load it.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./cast-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

export class RecordingThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** The open recordings: their sink (told what the thread wrote) and who to tell of a failure. */
  private readonly recordings = new Map<number, { sink: BatchedSink; onFailure: (error: Error) => void }>();
  private readonly spares: ArrayBuffer[] = [];

  /** Opens a cast file in the thread (started on first use). */
  open(path: string, header: Omit<CastHeader, 'version'>, onFailure: (error: Error) => void): Promise<CastSink> {
    const worker = this.start();
    const id = this.nextId++;
    const post = (message: ToThread, transfer?: ArrayBuffer[]) => worker.postMessage(message, transfer);
    const close = () =>
      this.request(id, () => post({ op: 'close', id })).finally(() => this.recordings.delete(id));
    const sink = new BatchedSink(id, post, close, (bytes) => this.batchBuffer(bytes));
    this.recordings.set(id, { sink, onFailure });
    return this.request(id, () => post({ op: 'open', id, path, header })).then(() => sink);
  }

  /** Ends the thread; close the recordings first (their dispose resolves once written). */
  async dispose(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  /** Room for a batch of `bytes`: a returned buffer when one fits. */
  private batchBuffer(bytes: number): Uint8Array {
    if (bytes > BATCH_BUFFER_BYTES) return new Uint8Array(bytes);
    return new Uint8Array(this.spares.pop() ?? new ArrayBuffer(BATCH_BUFFER_BYTES), 0, bytes);
  }

  private request(id: number, send: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      send();
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (message: FromThread) => {
      if (message.op === 'recycle') {
        if (message.buffer.byteLength === BATCH_BUFFER_BYTES && this.spares.length < SPARE_BUFFERS) this.spares.push(message.buffer);
        this.recordings.get(message.id)?.sink.written(message.bytes);
        return;
      }
      const waiting = this.waiting.get(message.id);
      if (message.op === 'failed') {
        const error = new Error(message.message);
        if (waiting) {
          this.waiting.delete(message.id);
          waiting.reject(error);
        } else {
          this.recordings.get(message.id)?.onFailure(error);
        }
        return;
      }
      this.waiting.delete(message.id);
      waiting?.resolve();
    });
    worker.on('error', (error) => {
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
      for (const { onFailure } of this.recordings.values()) onFailure(error);
      this.recordings.clear();
      this.worker = null;
    });
    this.worker = worker;
    return worker;
  }
}
