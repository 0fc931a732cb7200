// The recordings a static site replays: for each demo a deck's panes use, its session.cast, and
// each recording a pane names with cast=, checked as a player will read it, and the files the site
// gets for it: the cast as recorded, and its segments, each wrapped in a classic script for pages
// opened from file:// (see PaneCast in common/deck.ts and cast-segments.ts); and its screen after
// each step, which the page carries.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { posix, relative, resolve } from 'node:path';
import { castMarkers, CastError, parseCast, type Cast } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, REPLAY_SCROLLBACK, type PaneCast, type TerminalPaneSpec } from '../../common/deck.js';
import type { Deck } from '../deck/model.js';
import { demoFile, RECORDING_FILE, shownDemoFile, STEPS_FILE } from '../demos/layout.js';
import { LivedeckError } from '../errors.js';
import { castAsPlayed, type CastUse } from './cast-as-played.js';
import { demoScreens } from './screen-cache.js';
import { screenRowsHtml } from './screen-html.js';
import type { CastScreen } from './cast-screen.js';
import { SEGMENT_CHARS, segmentCast } from './cast-segments.js';

const CASTS_DIR = 'casts';
/** Where `livedeck dev` serves the cast= recordings' files, from the page's folder: a name a deck's
 * own folder is unlikely to have, as the dev server serves that folder's files beside them. */
export const DEV_CASTS_DIR = '_casts';

export interface SiteCast {
  /** Its name among the site's recordings (castKey). */
  key: string;
  /** demos/<demo>/session.cast, or the cast= file, as shown in messages. */
  source: string;
  /** What to do about it when it cannot be replayed. */
  hint: string;
  ref: PaneCast;
  /** Step markers in the cast. */
  markers: number;
  /** A demo's recording or a cast= file: which markers are its steps (castAsPlayed). */
  use: CastUse;
  /** The cast's text, as recorded. */
  text: string;
  /** The cast as the player plays it (castAsPlayed): its markers are its steps. */
  played: Cast;
  /** The segments' classic scripts, by path in the site. */
  scripts: Map<string, string>;
}

export interface SiteCasts {
  /** Recordings by castKey. */
  casts: Map<string, SiteCast>;
  /** The deck with `cast` set on every terminal pane. */
  deck: Deck;
  /** Demos used by the deck that have no recording. */
  missing: string[];
}

/**
 * The name of a pane's recording among a site's (its files are casts/<key>.cast and casts/<key>/),
 * or null for a pane without one: the demo's name, or for a cast= file its name and a hash of its
 * path, which has a dot, as a demo's name never has (two files of the same name in different
 * folders are two recordings).
 */
export function castKey(pane: TerminalPaneSpec): string | null {
  if (pane.castFile !== null) {
    const name = posix.basename(pane.castFile).replace(/\.(cast|json)$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    return `${name || 'cast'}.${createHash('sha256').update(pane.castFile).digest('hex').slice(0, 8)}`;
  }
  return pane.demo;
}

export interface CollectOptions {
  /** The site's folder for recordings (default "casts"). */
  dir?: string;
  /** Demos' recordings too (default true); without, only cast= panes get a `cast`: `livedeck dev`,
   * where a demo's pane is a shell. */
  demos?: boolean;
}

/** Finds, checks and wraps the recording of every demo the deck uses and every cast= file it names.
 * A cast that does not parse, or does not match its demo's steps, is an error naming the file (and
 * line). */
export function collectCasts(deck: Deck, demosDir: string | null, options: CollectOptions = {}): SiteCasts {
  const dir = options.dir ?? CASTS_DIR;
  const casts = new Map<string, SiteCast>();
  const missing: string[] = [];
  const castFor = (pane: TerminalPaneSpec): PaneCast | null => {
    if (pane.castFile !== null) {
      const key = castKey(pane)!;
      let cast = casts.get(key);
      if (!cast) {
        cast = readCast(key, resolve(deck.baseDir, pane.castFile), dir, `check the recording ${pane.castFile}, or record it again`, true);
        casts.set(key, cast);
      }
      return cast.ref;
    }
    if (pane.demo === null || demosDir === null) return null;
    const known = casts.get(pane.demo);
    if (known) {
      checkSteps(known, pane);
      return known.ref;
    }
    if (missing.includes(pane.demo)) return null;
    const path = demoFile(demosDir, pane.demo, RECORDING_FILE);
    if (!existsSync(path)) {
      missing.push(pane.demo);
      return null;
    }
    const cast = readCast(pane.demo, path, dir, `record it again: livedeck record ${pane.demo}`, false);
    checkSteps(cast, pane);
    casts.set(pane.demo, cast);
    return cast.ref;
  };
  const slides = deck.slides.map((slide) => ({
    ...slide,
    terminals: slide.terminals.map((pane) => (options.demos === false && pane.castFile === null ? pane : { ...pane, cast: castFor(pane) })),
  }));
  return { casts, deck: { ...deck, slides }, missing };
}

/** A cast= recording stored elsewhere than its deck names it (a lecture keeps a copy by content),
 * as the site's recording `key` under `dir`; errors name `path`. */
export function storedCastFile(key: string, path: string, dir: string, hint: string): SiteCast {
  return readCast(key, path, dir, hint, true);
}

/** Reads and wraps one recording. A demo's must be whole; a cast= file may end on a line cut short
 * (a class's recording when livedeck dev was killed): it plays up to there, as asciinema's would. */
function readCast(key: string, path: string, dir: string, hint: string, castFile: boolean): SiteCast {
  const rel = relative(process.cwd(), path);
  const shown = rel === '' || rel.startsWith('..') ? path : rel;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LivedeckError('cast-missing', `cannot read the recording ${shown}: ${(e as Error).message}`, { hint });
  }
  let cast: Cast;
  try {
    const parsed = parseCast(text, shown);
    if (parsed.truncated && !castFile) {
      const lines = text.split('\n').length;
      throw new LivedeckError('cast-invalid', 'the recording is cut short: its last line is incomplete', { file: shown, line: lines, hint });
    }
    cast = parsed;
  } catch (e) {
    if (e instanceof CastError) throw new LivedeckError('cast-invalid', e.reason, { file: shown, line: e.line, source: text, hint });
    throw e;
  }
  const use: CastUse = castFile ? 'file' : 'demo';
  const played = castAsPlayed(cast, use);
  const markers = castMarkers(played).length;
  const { index, texts } = segmentCast(played, `${dir}/${key}`, { segmentChars: SEGMENT_CHARS, scrollback: REPLAY_SCROLLBACK });
  const scripts = new Map(index.segments.map((segment, k) => [segment.script, castScript(segment.script, texts[k]!)]));
  return { key, source: shown, hint, ref: { file: `${dir}/${key}.cast`, ...index, screens: [] }, markers, use, text, played, scripts };
}

/** A recording made before its steps.sh changed no longer lines up with the pane's steps. */
function checkSteps(cast: SiteCast, pane: TerminalPaneSpec): void {
  if (cast.markers !== pane.steps.length) {
    throw new LivedeckError('cast-stale', `${cast.source} has ${cast.markers} step markers but ${shownDemoFile(cast.key, STEPS_FILE)} has ${pane.steps.length} steps`, {
      hint: `steps.sh changed since the recording: record it again with livedeck record ${cast.key}`,
    });
  }
}

/** The classic script that stores a segment's text for pages opened from file://, which cannot
 * fetch it (PaneCastSegment.script). */
export function castScript(script: string, text: string): string {
  const global = `globalThis.${CAST_SCRIPTS_GLOBAL}`;
  return `// ${script}: a segment of a recording (asciicast) for livedeck's replay player, see PaneCast in livedeck.\n`
    + `(${global} = ${global} || {})[${JSON.stringify(script)}] = ${JSON.stringify(text)};\n`;
}

/** Gives each recording its screens after every number of steps (PaneCast.screens), from the
 * screen cache (`cacheDir`, null for none) or replayed once, as the PDF export prints them. */
export async function addScreens(casts: Map<string, SiteCast>, cacheDir: string | null): Promise<void> {
  for (const cast of casts.values()) {
    let screens: CastScreen[];
    try {
      const { start, steps } = await demoScreens(cast, cacheDir);
      screens = [start, ...steps];
    } catch (e) {
      throw new LivedeckError('cast-screen', `cannot render the screens of ${cast.source}: ${(e as Error).message}`, { hint: cast.hint });
    }
    cast.ref.screens = screens.map((screen) => ({ cols: screen.cols, rows: screen.rows, html: screenRowsHtml(screen, screen.rows) }));
  }
}

/** `livedeck dev`: the deck with its cast= panes' recordings (with their screens), which replay
 * there as in a built site, and the files they load, by URL path ("/_casts/<key>/0.js"). */
export async function devReplays(deck: Deck, cacheDir: string | null): Promise<{ deck: Deck; files: Map<string, string> }> {
  if (!deck.slides.some((slide) => slide.terminals.some((pane) => pane.castFile !== null))) return { deck, files: new Map() };
  const collected = collectCasts(deck, null, { dir: DEV_CASTS_DIR, demos: false });
  await addScreens(collected.casts, cacheDir);
  const files = new Map<string, string>();
  for (const cast of collected.casts.values()) {
    files.set(`/${cast.ref.file}`, cast.text);
    for (const [path, script] of cast.scripts) files.set(`/${path}`, script);
  }
  return { deck: collected.deck, files };
}
