// Records one terminal session into an asciicast file: its output, resizes, markers and exit, one
// flushed line per event (CastWriter). Shared by `livedeck record` and the recording of every
// session during `livedeck dev`.

import type { CastHeader } from '../../common/asciicast.js';
import type { ExitStatus, TerminalSession, TerminalSize } from '../terminal/session.js';
import { CastWriter } from './cast-writer.js';
import type { CastSink } from './thread-messages.js';

export type RecordingHeader = Omit<CastHeader, 'version' | 'cols' | 'rows'>;

export interface SessionRecordingOptions {
  /** Header fields besides the size, which is the session's when recording starts. */
  header?: RecordingHeader;
  /** Told once when the file cannot be written; the session goes on unrecorded. */
  onError?: (error: Error) => void;
  /** Opens the file; default a CastWriter in this thread (RecordingThread.open for another). */
  open?: (path: string, header: Omit<CastHeader, 'version'>, onFailure: (error: Error) => void) => Promise<CastSink>;
}

export class SessionRecording {
  readonly path: string;
  /** Settles once the file is closed (after dispose, or after the shell's exit was written). */
  readonly closed: Promise<void>;
  private writer: CastSink | null = null;
  /** Events that came while the file was being opened, replayed into it once open (each with its
   * own time). */
  private queue: ((writer: CastSink) => void)[] | null = [];
  /** The file's clock: every event is stamped here, from the session's start, whatever the sink's
   * own clock (a CastWriter's starts when its file is open). */
  private readonly startedAt = performance.now();
  private done = false;
  private failed = false;
  /** The file is too far behind the output: the shell waits for it (see BatchedSink). */
  private holding = false;
  private resolveClosed!: () => void;
  private readonly onOutput = (data: Buffer) => this.record((w, time) => w.output(data, time));
  private readonly onResize = ({ cols, rows }: TerminalSize) => this.record((w, time) => w.resize(cols, rows, time));
  private readonly onMark = (label: string) => this.record((w, time) => w.marker(label, time));
  private readonly onExit = (status: ExitStatus) => {
    // A shell killed by signal N reports 128 + N, as shells do for their children.
    this.record((w, time) => w.exit(status.signal ? 128 + status.signal : status.code, time));
    void this.dispose();
  };

  /** Starts recording at once: nothing the session emits from now on is missed, even while the
   * file is being created. Call it in the tick the session was started in, before its first
   * output (TerminalSession emits output from a timer, never synchronously). */
  constructor(
    private readonly session: TerminalSession,
    path: string,
    private readonly options: SessionRecordingOptions = {},
  ) {
    this.path = path;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    session.on('output', this.onOutput);
    session.on('resize', this.onResize);
    session.on('mark', this.onMark);
    session.once('exit', this.onExit);
    const header = { ...options.header, cols: session.cols, rows: session.rows };
    const open = options.open ?? ((file, fields) => CastWriter.open(file, fields));
    open(path, header, (error) => this.fail(error)).then(
      (writer: CastSink) => {
        const queued = this.queue ?? [];
        this.queue = null;
        this.writer = writer;
        writer.watchBacklog?.((behind) => this.hold(behind));
        for (const event of queued) if (!this.failed) this.guard(() => event(writer));
        if (this.done) this.close();
      },
      (error: unknown) => this.fail(error),
    );
  }

  /** Stops recording and closes the file (once it is open); the session goes on. */
  dispose(): Promise<void> {
    if (!this.done) {
      this.done = true;
      this.session.off('output', this.onOutput);
      this.session.off('resize', this.onResize);
      this.session.off('mark', this.onMark);
      this.session.off('exit', this.onExit);
      this.hold(false);
      if (this.queue === null) this.close();
    }
    return this.closed;
  }

  private hold(behind: boolean): void {
    if (behind === this.holding || (behind && this.done)) return;
    this.holding = behind;
    if (behind) this.session.hold(this);
    else this.session.release(this);
  }

  /** Writes an event, stamped now, at once or once the file is open. */
  private record(event: (writer: CastSink, time: number) => void): void {
    const time = (performance.now() - this.startedAt) / 1000;
    if (this.queue !== null) this.queue.push((writer) => event(writer, time));
    else if (this.writer !== null) this.guard(() => event(this.writer!, time));
  }

  /** A write that fails (disk full) must not throw into the session's event loop. */
  private guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.queue = null;
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    void this.dispose();
    this.close();
  }

  private close(): void {
    const writer = this.writer;
    this.writer = null;
    // Closing a file that failed to be written: nothing more to do than say it is closed.
    new Promise<void>((resolve) => resolve(writer?.dispose())).catch(() => {}).finally(this.resolveClosed);
  }
}
