// The lecture timeline, `recordings/<stamp>/lecture.jsonl`: what happened in a class presented
// with `livedeck dev`, one JSON object per line, written as it happens and flushed line by line, so
// a killed server leaves a file whose every complete line is valid. Shared by the server (which
// writes and builds it) and the browser (whose lecture player reads the events the build derives
// from it), so it uses neither Node nor DOM APIs. docs/lecture-format.md describes the folder.
//
// Every event has `t`: milliseconds since the lecture started, on one monotonic clock for the
// whole launch (the casts' own times are seconds since their session started, which a
// `session-start` places on this clock).

import { isIntegerIn } from './protocol.js';

export const LECTURE_FILE = 'lecture.jsonl';
export const LECTURE_VERSION = 1;
/** Deck snapshots: deck/<hash>.json; the files they load: files/<hash> (both by content). */
export const SNAPSHOTS_DIR = 'deck';
export const SNAPSHOT_FILES_DIR = 'files';

/** First line. */
export interface LectureHeader {
  t: 0;
  type: 'lecture';
  version: typeof LECTURE_VERSION;
  /** Wall-clock start, ISO 8601 with the local offset. */
  started: string;
  /** The deck's file, relative to the lecture's folder's parent's parent (as `livedeck dev` was
   * given it), for messages only. */
  deck: string;
  title: string;
}

/** The deck as the page had it from now on: deck/<snapshot>.json (a DeckSnapshot). */
export interface DeckEvent {
  t: number;
  type: 'deck';
  snapshot: string;
}

/** A presenter moved the deck: reveal's (h, v, f), and the slide's flat number (1-based) in the
 * deck snapshot of that moment. */
export interface PositionEvent {
  t: number;
  type: 'position';
  h: number;
  v: number;
  f: number;
  slide: number;
}

/** A shell started (a new session, or a restart: same session id, next take), recorded in `cast`
 * (a file of the lecture's folder) from this moment. `pane`: the deck pane it belongs to, null
 * for a shell of no pane. */
export interface SessionStartEvent {
  t: number;
  type: 'session-start';
  session: string;
  pane: string | null;
  demo: string | null;
  cast: string;
  cols: number;
  rows: number;
}

/** A shell ended (its exit status), or its recording stopped with the server. */
export interface SessionEndEvent {
  t: number;
  type: 'session-end';
  session: string;
  cast: string;
  /** null: the server stopped while the shell ran. */
  status: number | null;
}

/** The server typed a demo step into a session (0-based step of the pane's demo). */
export interface StepEvent {
  t: number;
  type: 'step';
  session: string;
  pane: string | null;
  step: number;
  state: 'typing' | 'done';
}

/** The presenter's microphone started recording into `file` (a segment: pause or stop ends it,
 * resume starts the next file). The file's time 0 is this event's `t`. */
export interface VoiceStartEvent {
  t: number;
  type: 'voice-start';
  file: string;
  mime: string;
}

/** One second or so of voice appended to `file` (`bytes` in all so far); `level`: its loudest
 * moment, 0 (silence) to 1, which the build uses to shorten long silences. */
export interface VoiceChunkEvent {
  t: number;
  type: 'voice-chunk';
  file: string;
  bytes: number;
  level: number;
}

export interface VoiceEndEvent {
  t: number;
  type: 'voice-end';
  file: string;
}

/** The server stopped cleanly (a killed server writes none: the lecture ends at its last event). */
export interface EndEvent {
  t: number;
  type: 'end';
}

export type LectureEvent =
  | LectureHeader | DeckEvent | PositionEvent | SessionStartEvent | SessionEndEvent | StepEvent
  | VoiceStartEvent | VoiceChunkEvent | VoiceEndEvent | EndEvent;

/** A line of a timeline that cannot be read: `source:line: reason`. */
export class LectureError extends Error {
  override readonly name = 'LectureError';
  constructor(
    readonly source: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${source}:${line}: ${reason}`);
  }
}

export interface ParsedLecture {
  header: LectureHeader;
  /** The events after the header, in file order (their times never decrease). */
  events: Exclude<LectureEvent, LectureHeader>[];
  /** The last line was cut short (the server was killed while writing it): left out. */
  truncated: boolean;
}

/** File names a timeline may name: a plain name in the lecture's folder, never a path. */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HASH = /^[0-9a-f]{16,64}$/;
const MAX_T = 7 * 24 * 3600 * 1000;

type Check = (value: unknown) => boolean;
const integer = (min: number, max: number): Check => (value) => isIntegerIn(value, min, max);
const string = (pattern: RegExp): Check => (value) => typeof value === 'string' && pattern.test(value);
const nullable = (check: Check): Check => (value) => value === null || check(value);
const oneOf = (...values: unknown[]): Check => (value) => values.includes(value);
const id = string(/^[A-Za-z0-9_-]{1,64}$/);
const fileName = string(FILE_NAME);

/** Each event's fields besides `t` and `type`, and what each must be. */
const FIELDS: Record<Exclude<LectureEvent['type'], 'lecture'>, Record<string, Check>> = {
  deck: { snapshot: string(HASH) },
  position: { h: integer(0, 9_999), v: integer(0, 9_999), f: integer(-1, 9_999), slide: integer(1, 100_000) },
  'session-start': {
    session: id, pane: nullable(id), demo: nullable(string(/^[a-z0-9][a-z0-9-]{0,63}$/)), cast: fileName,
    cols: integer(1, 1000), rows: integer(1, 1000),
  },
  'session-end': { session: id, cast: fileName, status: nullable(integer(0, 255)) },
  step: { session: id, pane: nullable(id), step: integer(0, 9_999), state: oneOf('typing', 'done') },
  'voice-start': { file: fileName, mime: string(/^[\w.+/-]+(;\s*[\w.+-]+=[\w.+,"-]+)*$/) },
  'voice-chunk': { file: fileName, bytes: integer(0, Number.MAX_SAFE_INTEGER), level: (v) => typeof v === 'number' && v >= 0 && v <= 1 },
  'voice-end': { file: fileName },
  end: {},
};

/**
 * Reads a timeline. Every line must be a known event with exactly its fields, in time order;
 * anything else is a LectureError at its line. A last line without its newline is what a killed
 * server leaves: it is left out when it does not parse (`truncated`), kept when it does.
 */
export function parseLecture(text: string, source: string = LECTURE_FILE): ParsedLecture {
  const lines = text === '' ? [] : text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) lines.pop();
  let header: LectureHeader | null = null;
  const events: ParsedLecture['events'] = [];
  let truncated = false;
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const number = i + 1;
    const partial = !complete && i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (partial && header !== null) {
        truncated = true;
        break;
      }
      throw new LectureError(source, number, line.trim() === '' ? 'an empty line: each line is one event' : 'not a JSON object');
    }
    const event = checkEvent(value, source, number);
    if (header === null) {
      if (event.type !== 'lecture') throw new LectureError(source, number, 'the first line must be the lecture\'s header ({"t":0,"type":"lecture",...})');
      header = event;
      continue;
    }
    if (event.type === 'lecture') throw new LectureError(source, number, 'a second header: a timeline has one, on its first line');
    if (event.t < last) throw new LectureError(source, number, `time ${event.t} ms is before the previous event's ${last} ms`);
    last = event.t;
    events.push(event);
  }
  if (header === null) throw new LectureError(source, 1, 'empty: a timeline starts with the lecture\'s header');
  return { header, events, truncated };
}

function checkEvent(value: unknown, source: string, line: number): LectureEvent {
  const fail = (reason: string): never => {
    throw new LectureError(source, line, reason);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const fields = value as Record<string, unknown>;
  const type = fields['type'];
  if (type === 'lecture') {
    if (fields['t'] !== 0) fail('the header\'s t must be 0');
    if (fields['version'] !== LECTURE_VERSION) fail(`version ${JSON.stringify(fields['version'])}: this livedeck reads version ${LECTURE_VERSION}`);
    for (const key of ['started', 'deck', 'title']) if (typeof fields[key] !== 'string') fail(`the header's "${key}" must be a string`);
    const extra = Object.keys(fields).find((key) => !['t', 'type', 'version', 'started', 'deck', 'title'].includes(key));
    if (extra !== undefined) fail(`unknown field "${extra}" in the header`);
    return fields as unknown as LectureHeader;
  }
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return fail(`unknown event type ${JSON.stringify(type)}`);
  const checks = FIELDS[type as keyof typeof FIELDS];
  if (!isIntegerIn(fields['t'], 0, MAX_T)) fail('"t" must be an integer of milliseconds since the lecture started');
  for (const [key, check] of Object.entries(checks)) {
    if (!(key in fields)) fail(`${type}: missing "${key}"`);
    if (!check(fields[key])) fail(`${type}: bad "${key}": ${JSON.stringify(fields[key])}`);
  }
  const extra = Object.keys(fields).find((key) => key !== 't' && key !== 'type' && !(key in checks));
  if (extra !== undefined) fail(`${type}: unknown field "${extra}"`);
  return fields as unknown as LectureEvent;
}

/** One event as its line (without the newline): the writer's side of parseLecture. */
export function lectureLine(event: LectureEvent): string {
  return JSON.stringify(event);
}
