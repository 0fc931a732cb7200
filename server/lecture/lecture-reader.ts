// Reads a lecture's folder (recordings/<stamp>/) for its site: the timeline, the casts of the
// sessions that belong to a pane and the deck snapshots it names, each checked, so that a problem
// is one error naming its file (and line) before anything is built. What a killed server leaves (a
// timeline or a cast whose last line was cut short, sessions and voice never ended) reads as far
// as it was written.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CastError, parseCast, type Cast } from '../../common/asciicast.js';
import { LECTURE_FILE, LectureError, parseLecture, type ParsedLecture, type SessionStartEvent } from '../../common/lecture.js';
import { LivedeckError } from '../errors.js';
import { readSnapshot, type DeckSnapshot } from './deck-snapshot.js';

export interface LectureFolder {
  dir: string;
  /** The folder as messages show it (relative to the current folder when inside it). */
  shown: string;
  timeline: ParsedLecture;
  /** The casts of the pane sessions, by file name. */
  casts: Map<string, Cast>;
  /** The deck snapshots the timeline names, by hash. */
  snapshots: Map<string, DeckSnapshot>;
  /** Milliseconds: the last event's time, or a cast's last event's if later. */
  end: number;
}

const HINT_LIST = 'livedeck lectures lists the lectures recorded under recordings/';

export async function readLecture(dir: string): Promise<LectureFolder> {
  const shown = shownPath(dir);
  const file = join(dir, LECTURE_FILE);
  if (!existsSync(file) || !statSync(file).isFile()) {
    const what = existsSync(dir) ? `${shown} is not a lecture: it has no ${LECTURE_FILE}` : `no lecture at ${shown}`;
    throw new LivedeckError('lecture-not-found', what, { hint: HINT_LIST });
  }
  const shownFile = join(shown, LECTURE_FILE);
  const text = readFileSync(file, 'utf8');
  let timeline: ParsedLecture;
  try {
    timeline = parseLecture(text, shownFile);
  } catch (error) {
    if (error instanceof LectureError) {
      throw new LivedeckError('lecture-bad', error.reason, { file: shownFile, line: error.line, source: text, hint: 'the timeline is written by livedeck dev: a line edited by hand can break it' });
    }
    throw error;
  }

  const casts = new Map<string, Cast>();
  const snapshots = new Map<string, DeckSnapshot>();
  let end = timeline.events.at(-1)?.t ?? 0;
  for (const event of timeline.events) {
    if (event.type === 'deck' && !snapshots.has(event.snapshot)) snapshots.set(event.snapshot, await readSnapshot(dir, event.snapshot));
    if (event.type === 'session-start' && event.pane !== null && !casts.has(event.cast)) {
      const cast = readSessionCast(dir, shown, event);
      casts.set(event.cast, cast);
      const last = cast.events.at(-1);
      if (last) end = Math.max(end, event.t + last.time * 1000);
    }
  }
  if (snapshots.size === 0) {
    throw new LivedeckError('lecture-bad', `${shownFile} names no deck snapshot: the class's slides were not kept`, { hint: 'a lecture recorded by livedeck dev starts with its deck' });
  }
  return { dir, shown, timeline, casts, snapshots, end };
}

/** A session's cast; one cut short at its end (a killed server) reads up to its last whole line. */
function readSessionCast(dir: string, shown: string, start: SessionStartEvent): Cast {
  const file = join(shown, start.cast);
  let text: string;
  try {
    text = readFileSync(join(dir, start.cast), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read: ${(error as Error).message}`;
    throw new LivedeckError('lecture-bad', `${file}, the recording of session ${start.session} (pane ${start.pane}), ${reason}`, {
      hint: 'the lecture\'s folder is incomplete: copy it whole',
    });
  }
  try {
    return parseCast(text, file);
  } catch (error) {
    if (error instanceof CastError) throw new LivedeckError('lecture-bad', error.reason, { file, line: error.line, source: text, hint: 'a recording livedeck dev wrote was changed or damaged' });
    throw error;
  }
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
