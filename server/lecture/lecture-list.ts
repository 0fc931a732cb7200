// What `livedeck lectures` shows of each lecture under a recordings folder: when it started, how
// long it lasted, the slides it covered, its voice and its terminals, read from its timeline (and,
// for a lecture whose server was killed, from where its casts stop). A folder that cannot be read
// is listed with its error rather than stopping the list.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LECTURE_FILE, LectureError, parseLecture, type ParsedLecture } from '../../common/lecture.js';
import { readSnapshot } from './deck-snapshot.js';

export interface LectureSummary {
  /** The lecture's folder name (recordings/<name>) and its path. */
  name: string;
  dir: string;
  /** ISO 8601 with the teacher's offset, from the timeline's header. */
  started: string;
  title: string;
  /** From the start to the last thing recorded (the last event, or a cast's last output after it
   * when the server was killed). */
  durationMs: number;
  /** Distinct slides shown, and the slides of the deck as last presented (null: its snapshot is
   * missing). */
  slidesShown: number;
  slidesTotal: number | null;
  /** Total length of the voice segments; null: no voice recorded. */
  voiceMs: number | null;
  /** Terminal sessions (a restart keeps its session). */
  terminals: number;
  /** No `end`: the server was killed (or is still running). */
  interrupted: boolean;
}

export interface UnreadableLecture {
  name: string;
  dir: string;
  /** `path:line: reason`, or what else went wrong. */
  error: string;
}

export type LectureListing = LectureSummary | UnreadableLecture;

/** How much of a cast's end is read to find its last event's time. */
const CAST_TAIL_BYTES = 64 * 1024;

/**
 * The lectures of `root` (each sub-folder with a timeline), oldest first; `root` itself when it is
 * one lecture's folder. Null when `root` does not exist.
 */
export async function listLectures(root: string): Promise<LectureListing[] | null> {
  if (!existsSync(root)) return null;
  if (existsSync(join(root, LECTURE_FILE))) return [await summarize(root)];
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, LECTURE_FILE)))
    .map((entry) => join(root, entry.name));
  const listed = await Promise.all(folders.map((dir) => summarize(dir)));
  return listed.sort((a, b) => startedAt(a) - startedAt(b) || a.name.localeCompare(b.name));
}

async function summarize(dir: string): Promise<LectureListing> {
  const name = basename(dir);
  const file = join(dir, LECTURE_FILE);
  let lecture: ParsedLecture;
  try {
    lecture = parseLecture(readFileSync(file, 'utf8'), file);
  } catch (error) {
    return { name, dir, error: error instanceof LectureError ? error.message : `${file}: ${(error as Error).message}` };
  }
  const { header, events } = lecture;
  let end = events.at(-1)?.t ?? 0;
  const slides = new Set<number>();
  const sessions = new Set<string>();
  const running = new Map<string, number>();
  const voice = new Map<string, { start: number; last: number }>();
  let voiceMs: number | null = null;
  let snapshot: string | null = null;
  for (const event of events) {
    if (event.type === 'position') slides.add(event.slide);
    else if (event.type === 'deck') snapshot = event.snapshot;
    else if (event.type === 'session-start') {
      sessions.add(event.session);
      running.set(event.cast, event.t);
    } else if (event.type === 'session-end') running.delete(event.cast);
    else if (event.type === 'voice-start') voice.set(event.file, { start: event.t, last: event.t });
    else if (event.type === 'voice-chunk' || event.type === 'voice-end') {
      const segment = voice.get(event.file);
      if (!segment) continue;
      segment.last = event.t;
      if (event.type === 'voice-end') {
        voiceMs = (voiceMs ?? 0) + segment.last - segment.start;
        voice.delete(event.file);
      }
    }
  }
  // A server killed mid-sentence: its segments end at their last chunk.
  for (const segment of voice.values()) voiceMs = (voiceMs ?? 0) + segment.last - segment.start;
  const interrupted = events.at(-1)?.type !== 'end';
  // A killed server's shells went on being recorded after its last event.
  if (interrupted) for (const [cast, start] of running) end = Math.max(end, start + lastCastTime(join(dir, cast)) * 1000);
  let slidesTotal: number | null = null;
  if (snapshot !== null) slidesTotal = await readSnapshot(dir, snapshot).then((s) => s.deck.slides.length, () => null);
  return {
    name, dir, started: header.started, title: header.title, durationMs: Math.round(end), slidesShown: slides.size, slidesTotal,
    voiceMs: voiceMs === null ? null : Math.round(voiceMs), terminals: sessions.size, interrupted,
  };
}

/** Seconds of a cast's last complete event (0 when it has none or cannot be read). */
function lastCastTime(file: string): number {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const size = statSync(file).size;
    const length = Math.min(size, CAST_TAIL_BYTES);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    const lines = tail.toString('utf8').split('\n').reverse();
    for (const line of lines) {
      try {
        const event: unknown = JSON.parse(line);
        if (Array.isArray(event) && typeof event[0] === 'number') return event[0];
      } catch {
        // a line cut by the kill, or by the tail's start
      }
    }
    return 0;
  } catch {
    return 0;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** When a lecture started: its header's time, or for one that cannot be read its folder's name
 * (livedeck dev names it after the local time of the launch), or its folder's date. */
function startedAt(listing: LectureListing): number {
  const stamp = /^(\d{4}-\d\d-\d\d)_(\d\d)-(\d\d)-(\d\d)/.exec(listing.name);
  const time = 'started' in listing ? Date.parse(listing.started) : stamp ? new Date(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}`).getTime() : NaN;
  return Number.isNaN(time) ? statSync(listing.dir).mtimeMs : time;
}
