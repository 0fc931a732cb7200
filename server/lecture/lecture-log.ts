// Writes a lecture's timeline, recordings/<stamp>/lecture.jsonl: one line per event, each handed
// to the OS in one write(2) on a file opened for append, so a server killed at any moment leaves
// only complete lines (but perhaps the one being written). The folder is made only when the
// lecture opens (lecture-recorder.ts says when: the first thing worth keeping); events before
// that wait in memory and are written then, with their own times.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LECTURE_FILE, lectureLine, type LectureEvent } from '../../common/lecture.js';

export interface LectureLogOptions {
  /** The lecture's folder (made on open). */
  dir: string;
  /** Told once when the timeline cannot be written; the lecture goes on unrecorded. */
  log: (line: string) => void;
}

export class LectureLog {
  readonly dir: string;
  readonly file: string;
  private readonly log: (line: string) => void;
  /** Events before open; null once open (or failed). */
  private waiting: LectureEvent[] | null = [];
  private fd: number | null = null;
  private failed = false;
  /** The last event's time: a timeline's times never decrease. */
  private last = 0;

  constructor(options: LectureLogOptions) {
    this.dir = options.dir;
    this.file = join(options.dir, LECTURE_FILE);
    this.log = options.log;
  }

  /** The folder and its timeline exist (or could not be made, and never will). */
  get opened(): boolean {
    return this.waiting === null;
  }

  /** Makes the folder and the timeline, and writes the events held so far. False when that
   * failed (told once; later events are dropped). */
  open(): boolean {
    if (this.waiting === null) return !this.failed;
    const waiting = this.waiting;
    this.waiting = null;
    try {
      mkdirSync(this.dir, { recursive: true });
      this.fd = openSync(this.file, 'a');
    } catch (error) {
      this.fail(error);
      return false;
    }
    for (const event of waiting) this.append(event);
    return !this.failed;
  }

  /** Appends `event` (held in memory until open). Never throws: a failed write is told once and
   * the timeline stops there. */
  write(event: LectureEvent): void {
    if (this.failed) return;
    // The recorder writes in the order things happened; a clock that went back (it cannot: one
    // monotonic clock) would otherwise make the whole timeline unreadable.
    if (event.t < this.last) event = { ...event, t: this.last } as LectureEvent;
    this.last = event.t;
    if (this.waiting !== null) this.waiting.push(event);
    else this.append(event);
  }

  /** Closes the file; events held because the lecture never opened are dropped. */
  dispose(): void {
    this.waiting = null;
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch {
      // Nothing left to lose: every line was written with its own call.
    }
  }

  private append(event: LectureEvent): void {
    if (this.fd === null) return;
    try {
      writeSync(this.fd, `${lectureLine(event)}\n`);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.log(`lecture timeline ${this.file} stopped: ${error instanceof Error ? error.message : String(error)}`);
    this.dispose();
  }
}
