// A recording as the replay player reads it: the events that change the screen (output and
// resizes) on the player's own clock, where pauses longer than the idle-time limit are shortened
// to it (as asciinema does), and the markers (demo steps) on that clock. Plain data, no DOM: the
// static build makes it from a cast and cuts it into the segments the player loads.

import { parseResize, type Cast } from './asciicast.js';

/** Longest pause kept when the recording's header sets no `idle_time_limit`, in seconds. */
export const DEFAULT_IDLE_TIME_LIMIT = 2;

/** Output to write, or a new terminal size. */
export type Frame =
  | { kind: 'output'; time: number; data: string }
  | { kind: 'resize'; time: number; cols: number; rows: number };

export interface TimelineMarker {
  /** Seconds on the player's clock. */
  time: number;
  label: string;
  /** How many frames come before the marker: writing frames [0, index) shows its screen, which is
   * the screen `castToScreen(cast, { marker })` gives. */
  index: number;
}

export interface Timeline {
  /** The terminal size at the start of the recording. */
  cols: number;
  rows: number;
  /** In time order; times in seconds on the player's clock. */
  frames: Frame[];
  markers: TimelineMarker[];
  /** The time of the recording's last event, on the player's clock. */
  duration: number;
}

/** The timeline of a parsed cast. `idleTimeLimit` defaults to the header's, else 2 s; 0 or less
 * keeps every pause as recorded. */
export function buildTimeline(cast: Cast, idleTimeLimit = cast.header.idleTimeLimit ?? DEFAULT_IDLE_TIME_LIMIT): Timeline {
  const limit = idleTimeLimit > 0 ? idleTimeLimit : Number.POSITIVE_INFINITY;
  const frames: Frame[] = [];
  const markers: TimelineMarker[] = [];
  let recorded = 0;
  let time = 0;
  for (const event of cast.events) {
    // Every event moves the clock, input and exit ones too: they happened in the recording.
    time += Math.min(event.time - recorded, limit);
    recorded = event.time;
    if (event.code === 'o') frames.push({ kind: 'output', time, data: event.data });
    else if (event.code === 'r') frames.push({ kind: 'resize', time, ...parseResize(event.data) });
    else if (event.code === 'm') markers.push({ time, label: event.data, index: frames.length });
  }
  return { cols: cast.header.cols, rows: cast.header.rows, frames, markers, duration: time };
}

/** How many frames are due at `time`: those at or before it. */
export function framesUntil(timeline: Timeline, time: number): number {
  const { frames } = timeline;
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frames[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The terminal size once frames [0, index) are written. */
export function sizeAt(timeline: Timeline, index: number): { cols: number; rows: number } {
  for (let i = Math.min(index, timeline.frames.length) - 1; i >= 0; i--) {
    const frame = timeline.frames[i]!;
    if (frame.kind === 'resize') return { cols: frame.cols, rows: frame.rows };
  }
  return { cols: timeline.cols, rows: timeline.rows };
}
