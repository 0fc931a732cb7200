// The recording thread's side (see recording-thread.ts): owns the CastWriters of a server's live
// recordings, so turning output into asciicast lines (decoding, JSON, escaping, writing) runs
// beside the shells' traffic instead of on the same thread.

import { parentPort } from 'node:worker_threads';
import { CastWriter } from './cast-writer.js';
import type { ToThread } from './recording-thread.js';

const writers = new Map<number, CastWriter>();
const port = parentPort!;

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
  if (!writer) return; // a file that failed to open: its events go nowhere
  try {
    switch (message.op) {
      case 'output': writer.output(message.data, message.time); break;
      case 'resize': writer.resize(message.cols, message.rows, message.time); break;
      case 'marker': writer.marker(message.label, message.time); break;
      case 'exit': writer.exit(message.code, message.time); break;
      case 'close':
        writers.delete(id);
        writer.dispose();
        port.postMessage({ op: 'closed', id });
        break;
    }
  } catch (error) {
    writers.delete(id);
    try {
      writer.dispose();
    } catch {
      // the file is already broken
    }
    port.postMessage({ op: 'failed', id, message: (error as Error).message });
  }
});
