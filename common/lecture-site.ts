// What a lecture's static site (`livedeck build --lecture`) gives its player: the class on one
// clock, in seconds from the start of the (shortened) lecture. The build has already shortened the
// long silences (idle limit) in everything it writes: these times, the panes' casts and the voice
// files all run on that clock, so the player never converts. Shared by the build (server/) and the
// player (client/lecture/).
//
// The data is a classic script (pages opened from file:// cannot fetch(), but can load a
// <script src>), lecture/lecture.js, setting `globalThis[LECTURE_GLOBAL]`; the search index,
// lecture/search.js, loads the same way the first time a student searches, setting
// `globalThis[LECTURE_SEARCH_GLOBAL]`.

export const LECTURE_GLOBAL = 'livedeckLecture';
export const LECTURE_SEARCH_GLOBAL = 'livedeckLectureSearch';
export const LECTURE_DATA_SCRIPT = 'lecture/lecture.js';
export const LECTURE_SEARCH_SCRIPT = 'lecture/search.js';
/** Speeds the player offers (the voice keeps its pitch). */
export const LECTURE_SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;
/** `livedeck build --lecture`'s default idle limits, seconds: a silence longer than this (no slide
 * move, no terminal output, no voice) is shortened to it. While the voice was recorded, a silence
 * is one; where it was not, the teacher may have been speaking over a slide the students read, so
 * more of it is kept. */
export const DEFAULT_LECTURE_IDLE_LIMIT = 5;
export const DEFAULT_QUIET_IDLE_LIMIT = 30;

/** A period of the class: the deck as one of its snapshots (a version) had it, shown from `from`
 * on (the first from 0). A version shown again after another is a second entry with the same
 * `version`. */
export interface LecturePage {
  /** The page that shows it, relative to the site's root, as every file LectureSiteData names
   * ("index.html", "page-2.html", or "page-3/index.html" for a page whose files clash with an
   * earlier one's): a page finds the root from its LecturePageRef.data, which ends with
   * LECTURE_DATA_SCRIPT. Versions that can share a page (same head, their files agree) have the
   * same file. */
  file: string;
  from: number;
  /** Which version of the deck (0: the first shown). */
  version: number;
  /** Where `file` is shared by several versions: this one as data (a LectureDeckVersion script,
   * common/lecture-deck.ts, relative to the root), which the page open swaps in without loading
   * a page. Null: `file` shows this version only. */
  deck: string | null;
}

/** Where the presenters had the deck from `time` on. `slide`: its flat number, 1-based. */
export interface LecturePosition {
  time: number;
  h: number;
  v: number;
  f: number;
  slide: number;
}

/** A visit to a slide (a slide shown twice has two), for the chapter list and the seek bar's
 * ticks. */
export interface LectureChapter {
  time: number;
  slide: number;
  title: string;
}

/** A voice file (one per recorded segment) and where it plays: its time 0 is `from`. */
export interface LectureVoice {
  /** Relative to the site's root, e.g. "lecture/voice/1.webm". */
  file: string;
  from: number;
  to: number;
}

/** A silence the build shortened: at `time` (the shortened clock), `removed` seconds were cut. */
export interface LectureCut {
  time: number;
  removed: number;
}

export interface LectureSiteData {
  title: string;
  lang: 'fr' | 'en';
  /** ISO 8601, when the class started. */
  started: string;
  /** Seconds, on the shortened clock. */
  duration: number;
  /** Seconds of silence kept at most, where the voice was recorded and where it was not (0: none
   * shortened). */
  idleLimits: { voice: number; quiet: number };
  pages: LecturePage[];
  positions: LecturePosition[];
  chapters: LectureChapter[];
  voice: LectureVoice[];
  cuts: LectureCut[];
}

/** One moment a text could be seen: a slide's text while it was shown (`time`: when it was
 * reached), or a line of a terminal when it appeared. */
export interface LectureSearchEntry {
  time: number;
  kind: 'slide' | 'terminal';
  /** The slide shown then (flat, 1-based). */
  slide: number;
  /** The terminal's pane id, for `terminal`. */
  pane?: string;
  text: string;
}

/** What a page of a lecture site adds to its DeckClientData: which page it is. Its panes' `cast`
 * are the live sessions of that pane, merged on the lecture's clock (a pane's cast time is the
 * lecture's time). */
export interface LecturePageRef {
  /** Index in LectureSiteData.pages of the first entry of the version the page's markup holds. */
  page: number;
  /** The data script, relative to the page. */
  data: string;
}

/** `#t=754`, `#t=754.5` or `#t=12:34` / `#t=1:02:03` -> seconds; null when the hash names no time. */
export function parseTimeHash(hash: string): number | null {
  const match = /(?:^#|&)t=(\d+(?:\.\d+)?|(?:\d+:)?\d{1,2}:\d{1,2}(?:\.\d+)?)(?:&|$)/.exec(hash);
  if (!match) return null;
  const parts = match[1]!.split(':').map(Number);
  return parts.reduce((seconds, part) => seconds * 60 + part, 0);
}

/** 754 -> "12:34", 3723 -> "1:02:03". */
export function formatLectureTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
