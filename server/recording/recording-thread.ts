// Live recordings written by a worker thread, so that serialising and writing casts stays off the
// thread that serves the shells: the server thread only stamps each event's time and hands its
// bytes over in batches (batched-sink.ts); the worker (cast-worker.ts) writes each event as its own
// flushed line, so a crash leaves a valid file (missing at most what was in flight).
// The worker gives way to the shells (a lower priority on Linux: a recording may lag, a terminal
// must not); what it may lag is bounded: a recording more than BACKLOG_HIGH behind holds its
// shell, so memory stays bounded and nothing is lost. Batch buffers are returned by the worker and
// reused, since the worker seldom collects garbage. Measurements: bench/RESULTS.md.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CastHeader } from '../../common/asciicast.js';
import { PACKAGE_ROOT } from '../paths.js';
import { BACKLOG_HIGH, BATCH_BYTES, BatchedSink } from './batched-sink.js';
import type { CastSink, FromThread, ToThread } from './thread-messages.js';

/** Size of the reused batch buffers: a batch is posted past BATCH_BYTES (256 KiB), plus the
 * output that crossed it, a session's batch of at most ~96 KiB (a larger one gets a buffer of its
 * own, not kept). */
const BATCH_BUFFER_BYTES = 384 * 1024;
/** Buffers kept for reuse: as many as a recording at its backlog bound has in the worker's queue,
 * plus the one that crossed it and the one being filled, so a lagging thread allocates none. */
const SPARE_BUFFERS = Math.ceil(BACKLOG_HIGH / BATCH_BYTES) + 2;

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
