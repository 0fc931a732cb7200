// How many shells a server runs and which ones it may end: the limit follows the deck's number of
// live panes (within a bound), and a shell nobody looks at is reclaimed, when room is needed or
// after a long while, if its pane's slide is far from where the presenters are. A pane whose
// shell was reclaimed gets a fresh one when a window shows it again.

import type { DeckWarning } from '../deck/warnings.js';
import { LivedeckError } from '../errors.js';

/** A server never runs more shells than this, however many panes its deck has. */
export const SESSION_CEILING = 64;
/** Shells beyond the deck's panes: plain shells, panes added while presenting. */
const SPARE_SESSIONS = 8;
/** What a server ran before the limit followed the deck; a small deck still gets that many. */
const SESSION_FLOOR = 16;

export interface ReclaimOptions {
  /** A pane this many slides or more from the presenters' is far. Default 3. */
  distance?: number;
  /** At the limit, a far shell with no window for this long makes room. Default 10 s (a page
   * reload, or a window reconnecting after a drop, is never taken). */
  atLimitMs?: number;
  /** A far shell with no window for this long is ended anyway. Default 5 min. */
  idleMs?: number;
  /** How often idle shells are looked for. Default 30 s. */
  everyMs?: number;
}

export const RECLAIM_DEFAULTS: Required<ReclaimOptions> = { distance: 3, atLimitMs: 10_000, idleMs: 5 * 60_000, everyMs: 30_000 };

/** The shells a server runs for a deck of `livePanes` panes that have a shell. */
export function sessionLimit(livePanes: number): number {
  return Math.min(SESSION_CEILING, Math.max(SESSION_FLOOR, livePanes + SPARE_SESSIONS));
}

/** Panes that have a shell (not a recording's, `cast=`), by id, with their slide's index. */
export function livePaneSlides(slides: ReadonlyArray<{ index: number; terminals: ReadonlyArray<{ id: string; castFile: string | null }> }>): Map<string, number> {
  const panes = new Map<string, number>();
  for (const slide of slides) {
    for (const pane of slide.terminals) if (pane.castFile === null) panes.set(pane.id, slide.index);
  }
  return panes;
}

/** For `check` and `dev`: a deck with more panes that have a shell than a server runs at once
 * gets a warning at the slide of the first pane beyond. */
export function paneLimitWarnings(deck: { file: string; slides: ReadonlyArray<{ index: number; line: number; terminals: ReadonlyArray<{ id: string; castFile: string | null }> }> }): DeckWarning[] {
  let count = 0;
  for (const slide of deck.slides) {
    for (const pane of slide.terminals) {
      if (pane.castFile !== null || ++count <= SESSION_CEILING) continue;
      return [{
        file: deck.file,
        line: slide.line,
        column: 1,
        message: `this slide's terminal pane is the ${ordinal(count)} with a shell; livedeck dev runs ${SESSION_CEILING} at once`,
        hint: `past that, a shell makes room when its slide is ${RECLAIM_DEFAULTS.distance} or more slides from the presenters' and no window has shown it for ${RECLAIM_DEFAULTS.atLimitMs / 1000} s (what was typed in it is lost; the page keeps every pane it has shown open, reloading it lets them go); or make some panes replay a recording (cast=)`,
      }];
    }
  }
  return [];
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A running shell, as reclaiming sees it. */
export interface ReclaimCandidate {
  pane: string | null;
  /** performance.now() when its last window went, or null while one shows it. */
  detachedSince: number | null;
}

/** Where the deck and the presenters are. */
export interface DeckPlace {
  /** Slide index of each live pane. */
  panes: ReadonlyMap<string, number>;
  /** The presenters' slide, or null before the first one says. */
  slide: number | null;
}

/** How far the candidate's pane is from the presenters, in slides: Infinity for a shell of no
 * pane, or of a pane no longer in the deck; null while the presenters' slide is unknown. */
export function distanceOf(candidate: ReclaimCandidate, place: DeckPlace): number | null {
  const slide = candidate.pane === null ? undefined : place.panes.get(candidate.pane);
  if (slide === undefined) return Infinity;
  return place.slide === null ? null : Math.abs(slide - place.slide);
}

/** The candidate to end, if any: far enough and without a window for at least `detachedMs`; the
 * farthest first, then the one alone the longest. */
export function pickReclaim<T extends ReclaimCandidate>(candidates: Iterable<T>, place: DeckPlace, options: Required<ReclaimOptions>, detachedMs: number, now: number): T | undefined {
  let best: { candidate: T; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.detachedSince === null || now - candidate.detachedSince < detachedMs) continue;
    const distance = distanceOf(candidate, place);
    if (distance === null || distance < options.distance) continue;
    if (!best || distance > best.distance || (distance === best.distance && candidate.detachedSince < best.candidate.detachedSince!)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

export function validateReclaimOptions(options: ReclaimOptions, where: string): Required<ReclaimOptions> {
  for (const [key, value] of Object.entries(options)) {
    if (!(key in RECLAIM_DEFAULTS)) throw new LivedeckError('bad-option', `${where}: unknown reclaim option "${key}"`);
    if (!(Number.isInteger(value) && (value as number) >= 0)) throw new LivedeckError('bad-option', `${where}: reclaim.${key} must be a whole number >= 0`);
  }
  return { ...RECLAIM_DEFAULTS, ...options };
}
