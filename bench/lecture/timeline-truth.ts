// What the synthetic class's own files say should be seen and heard at a moment of its site's
// clock (bench/lecture.ts): the presenter's position and each pane's screen, from the timeline and
// the casts as written (not from what the build derived), carried over the silences the build cut.
// The player is checked against this.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { Cast } from '../../common/asciicast.js';
import { LECTURE_DATA_SCRIPT, LECTURE_GLOBAL, type LectureCut, type LectureSiteData } from '../../common/lecture-site.js';
import { castToScreens } from '../../server/casts/cast-screen.js';
import type { PositionEvent, SessionStartEvent } from '../../common/lecture.js';
import type { TimelineEvent } from './class-scenario.js';

export interface Position {
  h: number;
  v: number;
  f: number;
}

/** A position on the site's clock (seconds). */
export interface TimedPosition extends Position {
  time: number;
}

/** The site's LectureSiteData, read as the page reads it (a classic script). */
export function readSiteData(site: string): LectureSiteData {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(readFileSync(join(site, LECTURE_DATA_SCRIPT), 'utf8'), sandbox);
  const data = sandbox[LECTURE_GLOBAL] as LectureSiteData | undefined;
  if (!data) throw new Error(`${LECTURE_DATA_SCRIPT} set no ${LECTURE_GLOBAL}`);
  return data;
}

/** Seconds of the lecture's own clock for a time of the site's (the cuts put back). Inside a cut
 * silence nothing changes, so either side of it shows the same. */
export function originalTime(cuts: readonly LectureCut[], time: number): number {
  let removed = 0;
  for (const cut of cuts) if (cut.time < time) removed += cut.removed;
  return time + removed;
}

/** The site's time of a moment of the lecture that was kept (not inside a cut). */
export function siteTime(cuts: readonly LectureCut[], original: number): number {
  let removed = 0;
  for (const cut of cuts) {
    if (cut.time + removed + cut.removed <= original + 1e-6) removed += cut.removed;
    else break;
  }
  return original - removed;
}

/** The timeline's positions on the site's clock. */
export function sitePositions(events: readonly TimelineEvent[], cuts: readonly LectureCut[]): TimedPosition[] {
  return events.filter((event): event is PositionEvent => event.type === 'position')
    .map(({ t, h, v, f }) => ({ time: siteTime(cuts, t / 1000), h, v, f }));
}

/** The position shown at `time` (site clock), or null before the first. */
export function positionAt(positions: readonly TimedPosition[], time: number): TimedPosition | null {
  let found: TimedPosition | null = null;
  for (const position of positions) {
    if (position.time > time) break;
    found = position;
  }
  return found;
}

/** Site seconds to the nearest position change: a check taken closer than a frame to one cannot
 * tell which side it is on. */
export function distanceToChange(positions: readonly TimedPosition[], time: number): number {
  return Math.min(...positions.map((position) => Math.abs(position.time - time)));
}

/**
 * Each pane's screen (rows, trailing blanks removed) at each of `times` (site clock), from the
 * casts as recorded: the pane's latest shell take started by then, played up to that moment.
 * Panes with no shell yet are left out of a moment's map.
 */
export async function paneScreens(events: readonly TimelineEvent[], casts: ReadonlyMap<string, Cast>, cuts: readonly LectureCut[], times: number[]): Promise<Map<string, string[]>[]> {
  const starts = events.filter((event): event is SessionStartEvent => event.type === 'session-start' && event.pane !== null);
  const out = times.map(() => new Map<string, string[]>());
  // One replay per cast, for all the moments that fall in it.
  const byCast = new Map<string, { start: SessionStartEvent; moments: { index: number; at: number }[] }>();
  times.forEach((time, index) => {
    const original = originalTime(cuts, time) * 1000;
    const latest = new Map<string, SessionStartEvent>();
    for (const start of starts) if (start.t <= original) latest.set(start.pane!, start);
    for (const start of latest.values()) {
      const entry = byCast.get(start.cast) ?? { start, moments: [] };
      entry.moments.push({ index, at: (original - start.t) / 1000 });
      byCast.set(start.cast, entry);
    }
  });
  for (const [file, { start, moments }] of byCast) {
    const cast = casts.get(file);
    if (!cast) throw new Error(`no cast ${file}`);
    const screens = await castToScreens(cast, moments.map(({ at }) => ({ at })));
    moments.forEach(({ index }, i) => out[index]!.set(start.pane!, screens[i]!.lines));
  }
  return out;
}
