// What the server thread and the recording thread say to each other (recording-thread.ts,
// batched-sink.ts, cast-worker.ts), and the sink a session's recording writes to.

import type { CastHeader } from '../../common/asciicast.js';

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

export type FromThread =
  | { op: 'opened' | 'closed'; id: number }
  | { op: 'failed'; id: number; message: string }
  /** A batch of `bytes` of output, written (or dropped, its file failed): its buffer, for the next. */
  | { op: 'recycle'; id: number; bytes: number; buffer: ArrayBuffer };

/** What SessionRecording writes to: a CastWriter, or a BatchedSink into the recording thread.
 * `time`: seconds on the file's clock, which the recording keeps from its session's start (an
 * event that came while the file was being opened is written later, with its own time); default
 * the sink's own clock. */
export interface CastSink {
  output(data: Uint8Array, time?: number): void;
  resize(cols: number, rows: number, time?: number): void;
  marker(label: string, time?: number): void;
  exit(code: number, time?: number): void;
  /** Closes the file; resolves once it is closed. */
  dispose(): void | Promise<void>;
  /** Calls `changed(true)` when the file falls too far behind the output, `changed(false)` once
   * it has caught up. A sink that writes at once (a CastWriter) has none. */
  watchBacklog?(changed: (behind: boolean) => void): void;
}
