// The recording thread's side (see recording-thread.ts): owns the CastWriters of a server's live
// recordings, so turning output into asciicast lines (decoding, JSON, escaping, writing) runs
// beside the shells' traffic instead of on the same thread, and gives way to it.

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CastWriter } from './cast-writer.js';
import type { ToThread } from './thread-messages.js';

/** The thread's nice value: below the shells, the server thread and the browser on the machine. */
const RECORDING_NICE = 10;

const writers = new Map<number, CastWriter>();
const port = parentPort!;

// Only on Linux is pid 0 this thread alone (elsewhere it would be the whole server). Lowering
// one's own priority needs no privilege; should it fail anyway, the thread runs as before.
if (process.platform === 'linux') {
  try {
    setPriority(0, RECORDING_NICE);
  } catch {
    // a sandbox that forbids it
  }
}

port.on('message', (message: ToThread) => {
  const { id } = message;
  if (message.op === 'open') {
    CastWriter.open(message.path, message.header).then(
      (writer) => {
        writers.set(id, writer);
        port.postMessage({ op: 'opened', id });
      },
      (error: unknown) => port.postMessage({ op: 'failed', id, message: (error as Error).message }),
    );
    return;
  }
  const writer = writers.get(id);
  if (!writer) {
    // A file that failed to open: its events go nowhere.
    if (message.op === 'events') recycle(id, message.data);
    return;
  }
  try {
    if (message.op === 'close') {
      writers.delete(id);
      writer.dispose();
      port.postMessage({ op: 'closed', id });
      return;
    }
    let start = 0;
    for (const event of message.events) {
      switch (event.op) {
        case 'output':
          writer.output(message.data.subarray(start, event.end), event.time);
          start = event.end;
          break;
        case 'resize': writer.resize(event.cols, event.rows, event.time); break;
        case 'marker': writer.marker(event.label, event.time); break;
        case 'exit': writer.exit(event.code, event.time); break;
      }
    }
  } catch (error) {
    writers.delete(id);
    try {
      writer.dispose();
    } catch {
      // the file is already broken
    }
    port.postMessage({ op: 'failed', id, message: (error as Error).message });
  } finally {
    if (message.op === 'events') recycle(id, message.data);
  }
});

/** Says a batch is written and hands its buffer back for the next batch (see recording-thread.ts). */
function recycle(id: number, data: Uint8Array): void {
  const buffer = data.buffer as ArrayBuffer;
  port.postMessage({ op: 'recycle', id, bytes: data.length, buffer }, [buffer]);
}
