// The screen of a recording at a given moment: the cast's output and resize events replayed into a
// headless terminal. What the PDF export prints for a terminal pane (which keeps them in a cache:
// bump FORMAT in server/casts/screen-cache.ts when what a screen holds changes), and what a person
// checks a recording with.

import { castMarkers, parseResize, type Cast, type CastMarker } from '../../common/asciicast.js';
import { TerminalScreen, type CursorPosition, type ScreenRun } from './terminal-screen.js';

export type { CellColor, CursorPosition, ScreenRun } from './terminal-screen.js';

export interface CastMoment {
  /** Seconds on the recording's own clock (idle time not shortened): events up to this time. */
  at?: number;
  /** Index in castMarkers(cast): the screen just before that marker, i.e. everything recorded
   * before it. In a `livedeck record` cast, marker i is written as step i starts, so marker i
   * shows the result of step i - 1. */
  marker?: number;
}

export interface CastScreen {
  cols: number;
  rows: number;
  /** One string per row, trailing blanks removed. */
  lines: string[];
  cursor: CursorPosition;
  /** Per row, its styled runs (colours and styles), for renderers that print colour. */
  runs: ScreenRun[][];
  /** The rows that scrolled off the top before this moment, oldest first (castToScreens with
   * `history`): what a printed pane shows above its screen. */
  history?: { lines: string[]; runs: ScreenRun[][] };
}

export interface CastScreensOptions {
  /** Rows that scrolled off the screen to keep in each screen's `history` (default 0: none). */
  history?: number;
}

/** The screen at `moment` (default: the end of the recording). */
export async function castToScreen(cast: Cast, moment: CastMoment = {}): Promise<CastScreen> {
  return (await castToScreens(cast, [moment]))[0]!;
}

/** The screens at several moments, in the order given, from a single replay of the recording:
 * replaying from the start for each moment made the PDF export's screens cost O(steps^2). */
export async function castToScreens(cast: Cast, moments: CastMoment[], options: CastScreensOptions = {}): Promise<CastScreen[]> {
  const historyRows = options.history ?? 0;
  const markers = castMarkers(cast);
  const ends = moments.map((moment) => eventsUntil(cast, markers, moment));
  // Event counts to stop at, rising; several moments may share one.
  const stops = [...new Set(ends)].sort((a, b) => a - b);
  const taken = new Map<number, CastScreen>();
  const screen = new TerminalScreen(cast.header.cols, cast.header.rows, historyRows);
  try {
    let pending = '';
    let next = 0;
    for (const stop of stops) {
      for (; next < stop; next++) {
        const event = cast.events[next]!;
        if (event.code === 'o') {
          pending += event.data;
        } else if (event.code === 'r') {
          const { cols, rows } = parseResize(event.data);
          void screen.write(pending);
          pending = '';
          await screen.resize(cols, rows);
        }
      }
      await screen.write(pending);
      pending = '';
      const shot: CastScreen = { cols: screen.cols, rows: screen.rows, lines: screen.lines(), cursor: screen.cursor(), runs: screen.runs() };
      if (historyRows > 0) shot.history = screen.history();
      taken.set(stop, shot);
    }
    return ends.map((end) => taken.get(end)!);
  } finally {
    screen.dispose();
  }
}

/** How many of the cast's events make the screen at `moment`. */
function eventsUntil(cast: Cast, markers: CastMarker[], moment: CastMoment): number {
  if (moment.at !== undefined && moment.marker !== undefined) {
    throw new RangeError('castToScreen: give `at` or `marker`, not both');
  }
  if (moment.marker !== undefined) {
    const marker = markers[moment.marker];
    if (!Number.isInteger(moment.marker) || marker === undefined) {
      const range = markers.length === 0 ? 'none' : `${markers.length}, numbered from 0`;
      throw new RangeError(`castToScreen: no marker ${moment.marker} in the cast (its markers: ${range})`);
    }
    return marker.index;
  }
  if (moment.at !== undefined) {
    const at = moment.at;
    if (!Number.isFinite(at) || at < 0) throw new RangeError(`castToScreen: at must be a time in seconds >= 0, not ${at}`);
    const after = cast.events.findIndex((event) => event.time > at);
    return after === -1 ? cast.events.length : after;
  }
  return cast.events.length;
}
