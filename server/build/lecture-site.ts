// `livedeck build --lecture recordings/<stamp>`: a recorded class as a static site (file:// or any
// static host) whose lecture player replays it: a page per deck snapshot (index.html first), or
// one page for the snapshots that differ only in their slides, with each as data (lecture/decks/),
// each pane's shells merged into one recording on the site's clock (lecture/casts/), the
// recordings of its cast= panes (lecture/replays/), the voice
// (lecture/voice/), the data the player starts from (lecture/lecture.js) and what a student can
// search (lecture/search.js), livedeck's assets, and the deck's files as presented.
// Long silences are shortened everywhere alike (idle-map.ts). Written as every site is
// (site-folder.ts): aside, then renamed into place.

import { resolve } from 'node:path';
import { serializeEvent, serializeHeader, type Cast } from '../../common/asciicast.js';
import { REPLAY_SCROLLBACK, type PaneCast } from '../../common/deck.js';
import { DEFAULT_LECTURE_IDLE_LIMIT, DEFAULT_QUIET_IDLE_LIMIT, LECTURE_DATA_SCRIPT, LECTURE_GLOBAL, LECTURE_SEARCH_GLOBAL, LECTURE_SEARCH_SCRIPT, type LectureSearchEntry, type LectureSiteData } from '../../common/lecture-site.js';
import { castLines } from '../casts/cast-lines.js';
import { SEGMENT_CHARS, segmentCast } from '../casts/cast-segments.js';
import { castScript } from '../casts/site-casts.js';
import type { Deck } from '../deck/model.js';
import { renderPage } from '../deck/page.js';
import { snapshotFile, type DeckSnapshot } from '../lecture/deck-snapshot.js';
import { idleMap, type IdleMap } from '../lecture/idle-map.js';
import { lectureActivities, lectureStart } from '../lecture/lecture-activity.js';
import { lectureSlides } from '../lecture/lecture-chapters.js';
import { readLecture, type LectureFolder } from '../lecture/lecture-reader.js';
import { lectureSearch } from '../lecture/lecture-search.js';
import { mergePaneSessions, paneSessions, type StepMark } from '../lecture/pane-sessions.js';
import { deckScript, pageHead } from './lecture-decks.js';
import { snapshotPages } from './lecture-pages.js';
import { lectureReplays, type LectureReplays } from './lecture-replays.js';
import { lectureVoice, voiceSegments } from './lecture-voice.js';
import { checkTarget, folderSize, SITE_ASSETS, siteAssets, writeSite } from './site-folder.js';

const CASTS_DIR = 'lecture/casts';

export interface LectureBuildOptions {
  /** The lecture's folder, recordings/<stamp>. */
  lecture: string;
  /** The site's folder; replaced if it holds a previous build. */
  out: string;
  /** Seconds of silence kept at most, while the voice was recorded and where it was not; 0: none
   * is shortened. Default: DEFAULT_LECTURE_IDLE_LIMIT and DEFAULT_QUIET_IDLE_LIMIT. */
  idleLimits?: { voice: number; quiet: number };
}

export interface LectureBuildSummary {
  out: string;
  /** Seconds on the site's clock, and as recorded. */
  duration: number;
  recorded: number;
  /** Slides of the first snapshot, pages (snapshots), chapters. */
  slides: number;
  pages: number;
  chapters: number;
  /** Panes that have a recording (their shells', or cast= recordings), and the shells merged
   * into them. */
  terminals: number;
  sessions: number;
  /** Seconds of voice. */
  voice: number;
  files: number;
  bytes: number;
}

/** A pane's merged recording and the site's files for it. */
interface LectureCast {
  ref: PaneCast;
  files: Map<string, string>;
}

export async function buildLectureSite(options: LectureBuildOptions): Promise<LectureBuildSummary> {
  const out = resolve(options.out);
  const lecture = await readLecture(resolve(options.lecture));
  checkTarget(out, lecture.dir, 'lecture');
  const panes = paneSessions(lecture);
  const limits = options.idleLimits ?? { voice: DEFAULT_LECTURE_IDLE_LIMIT, quiet: DEFAULT_QUIET_IDLE_LIMIT };
  const spoken = voiceSegments(lecture);
  const limitAt = (from: number) => (spoken.some((segment) => segment.from <= from && from < segment.to) ? limits.voice : limits.quiet);
  // `--idle-limit none` keeps everything, the wait before the class began included.
  const shortening = limits.voice > 0 || limits.quiet > 0;
  const map = idleMap(lectureActivities(lecture, panes), lecture.end, limitAt, shortening ? lectureStart(lecture) : 0);
  const { positions, chapters } = lectureSlides(lecture, map);

  const files = new Map<string, Uint8Array | string>([['.nojekyll', '']]);
  const merged = new Map<string, Cast>();
  const casts = new Map<string, LectureCast>();
  const labels = stepLabels(lecture);
  for (const [pane, sessions] of panes) {
    const steps = lecture.timeline.events.flatMap((event): StepMark[] => (
      event.type === 'step' && event.pane === pane && event.state === 'typing' ? [{ t: event.t, label: labels(pane, event.step) }] : []));
    const exit = lecture.timeline.events.find((event) => event.type === 'session-end' && event.cast === sessions.at(-1)!.start.cast && event.status !== null);
    merged.set(pane, mergePaneSessions(sessions, steps, map, exit?.t ?? lecture.end));
    const cast = siteCast(pane, merged.get(pane)!);
    casts.set(pane, cast);
    for (const [path, text] of cast.files) files.set(path, text);
  }

  const voice = await lectureVoice(lecture, map);
  for (const [path, bytes] of voice.files) files.set(path, bytes);

  // A snapshot shown twice is one page.
  const periods = deckPeriods(lecture, map);
  const order = [...new Set(periods.map((period) => period.snapshot))];
  const pages = snapshotPages(order.map((hash) => [hash, lecture.snapshots.get(hash)!]), (snapshot) => pageHead(snapshot.deck));
  const replays = await lectureReplays(lecture.dir, order.map((hash) => lecture.snapshots.get(hash)!));
  for (const [path, text] of replays.files) files.set(path, text);
  const data: LectureSiteData = {
    title: lecture.timeline.header.title,
    lang: lecture.snapshots.get(order[0]!)!.deck.meta.lang,
    started: lecture.timeline.header.started,
    duration: map.shorten(lecture.end),
    idleLimits: limits,
    pages: periods.map((period) => {
      const version = order.indexOf(period.snapshot);
      return { file: pages[version]!.file, from: period.from, version, deck: pages[version]!.deck };
    }),
    positions,
    chapters,
    voice: voice.voice,
    cuts: map.cuts.map((cut) => ({ time: map.shorten(cut.from), removed: (cut.to - cut.from) / 1000 })),
  };

  const copies = new Map<string, string>();
  const replayed = new Set<string>();
  const themes = new Set<string>();
  for (const page of pages) {
    const snapshot = lecture.snapshots.get(page.snapshot)!;
    if (snapshot.deck.meta.revealTheme) themes.add(snapshot.deck.meta.revealTheme);
    const deck = withCasts(snapshot, casts, replays, page.root);
    for (const slide of deck.slides) for (const pane of slide.terminals) if (pane.castFile !== null && pane.cast) replayed.add(pane.id);
    if (page.deck !== null) files.set(page.deck, deckScript(page.deck, deck));
    // A shared page holds the first of its versions.
    if (!files.has(page.file)) {
      const ref = { page: periods.findIndex((period) => period.snapshot === page.snapshot), data: `${page.root}${LECTURE_DATA_SCRIPT}` };
      // What the class saw: the audience's page, without the speaker notes.
      files.set(page.file, renderPage(deck, { assets: `${page.root}${SITE_ASSETS}`, mode: 'static', lecture: ref, notes: false }));
    }
    const folder = page.root === '' ? '' : page.file.slice(0, page.file.lastIndexOf('/') + 1);
    for (const [path, hash] of Object.entries(snapshot.files)) copies.set(`${folder}${path}`, snapshotFile(lecture.dir, hash));
  }
  for (const [path, contents] of await siteAssets(themes)) files.set(path, contents);
  files.set(LECTURE_DATA_SCRIPT, dataScript(data));
  const snapshotAt = (time: number) => lecture.snapshots.get(periods.findLast((period) => period.from <= time)!.snapshot)!;
  files.set(LECTURE_SEARCH_SCRIPT, searchScript(lectureSearch({
    chapters, positions, deckAt: (time) => snapshotAt(time).deck, panes: merged, castLines,
    replayAt: (time, castFile) => replays.recordingOf(snapshotAt(time), castFile),
  })));

  await writeSite(out, files, copies);
  const written = folderSize(out);
  return {
    out,
    duration: data.duration,
    recorded: lecture.end / 1000,
    slides: lecture.snapshots.get(order[0]!)!.deck.slides.length,
    pages: pages.length,
    chapters: chapters.length,
    terminals: casts.size + replayed.size,
    sessions: [...panes.values()].reduce((n, sessions) => n + sessions.length, 0),
    voice: data.voice.reduce((n, voice) => n + voice.to - voice.from, 0),
    files: written.files,
    bytes: written.bytes,
  };
}

/** The deck snapshot shown from each time on (site clock), the first from 0. */
function deckPeriods(lecture: LectureFolder, map: IdleMap): { snapshot: string; from: number }[] {
  const periods: { snapshot: string; from: number }[] = [];
  for (const event of lecture.timeline.events) {
    if (event.type === 'deck' && periods.at(-1)?.snapshot !== event.snapshot) periods.push({ snapshot: event.snapshot, from: periods.length === 0 ? 0 : map.shorten(event.t) });
  }
  return periods;
}

/** The merged recording as the site's files: the cast, and its segments for the player. */
function siteCast(pane: string, cast: Cast): LectureCast {
  const dir = `${CASTS_DIR}/${pane}`;
  const { index, texts } = segmentCast(cast, dir, { segmentChars: SEGMENT_CHARS, scrollback: REPLAY_SCROLLBACK });
  const file = `${CASTS_DIR}/${pane}.cast`;
  const files = new Map([[file, castText(cast)]]);
  index.segments.forEach((segment, k) => files.set(segment.script, castScript(segment.script, texts[k]!)));
  // Screens per step are what a pane shows while following the slides' steps: a lecture's panes
  // follow the lecture's clock instead.
  return { ref: { file, ...index, screens: [] }, files };
}

function castText(cast: Cast): string {
  const lines = [serializeHeader(cast.header)];
  let previous = 0;
  for (const event of cast.events) {
    lines.push(serializeEvent(event, previous));
    previous = event.time;
  }
  return `${lines.join('\n')}\n`;
}

/** The snapshot's deck with each pane's recording (its shells' in class, or for a cast= pane the
 * recording it replayed; null: none), its paths relative to a page at `root`. */
function withCasts(snapshot: DeckSnapshot, casts: ReadonlyMap<string, LectureCast>, replays: LectureReplays, root: string): Deck {
  const at = (ref: PaneCast): PaneCast => root === '' ? ref : {
    ...ref,
    file: `${root}${ref.file}`,
    segments: ref.segments.map((segment) => ({ ...segment, script: `${root}${segment.script}` })),
  };
  const slides = snapshot.deck.slides.map((slide) => ({
    ...slide,
    terminals: slide.terminals.map((pane) => {
      const cast = pane.castFile !== null ? replays.castOf(snapshot, pane.castFile) : casts.get(pane.id)?.ref;
      return { ...pane, cast: cast ? at(cast) : null };
    }),
  }));
  return { ...snapshot.deck, slides };
}

/** A step's marker label, "<n>: <caption>" as a demo's recording has them, with the pane's
 * caption in the first snapshot that has the pane. */
function stepLabels(lecture: LectureFolder): (pane: string, step: number) => string {
  const captions = new Map<string, (string | null)[]>();
  for (const snapshot of lecture.snapshots.values()) {
    for (const slide of snapshot.deck.slides) {
      for (const pane of slide.terminals) if (!captions.has(pane.id)) captions.set(pane.id, pane.steps.map((step) => step.caption));
    }
  }
  return (pane, step) => {
    const caption = captions.get(pane)?.[step];
    return caption ? `${step + 1}: ${caption}` : `${step + 1}`;
  };
}

/** lecture/lecture.js: the classic script pages opened from file:// load (they cannot fetch). */
function dataScript(data: LectureSiteData): string {
  return `// ${LECTURE_DATA_SCRIPT}: a recorded class for livedeck's lecture player (LectureSiteData).\n`
    + `globalThis.${LECTURE_GLOBAL} = ${JSON.stringify(data)};\n`;
}

/** lecture/search.js, loaded the first time a student searches: the entries as rows
 * [time, slide, pane (index, -1 for a slide's text), text] that the script expands, since an hour
 * of terminal lines as objects spends more on their keys than on their text. */
function searchScript(entries: LectureSearchEntry[]): string {
  const panes = new Map<string, number>();
  const rows = entries.map((entry) => {
    if (entry.pane !== undefined && !panes.has(entry.pane)) panes.set(entry.pane, panes.size);
    return [entry.time, entry.slide, entry.pane === undefined ? -1 : panes.get(entry.pane)!, entry.text];
  });
  return `// ${LECTURE_SEARCH_SCRIPT}: what a student can search in a recorded class (LectureSearchEntry[]).\n`
    + `globalThis.${LECTURE_SEARCH_GLOBAL} = ((panes, rows) => rows.map(([time, slide, pane, text]) => (pane < 0\n`
    + `  ? { time, kind: 'slide', slide, text }\n`
    + `  : { time, kind: 'terminal', slide, pane: panes[pane], text })))(\n`
    + `${JSON.stringify([...panes.keys()])},\n${JSON.stringify(rows)});\n`;
}
