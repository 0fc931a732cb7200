// What a terminal pane showed during a class, as one recording: every shell of the pane (each
// session, each restart), in the order they started, merged into one asciicast on the lecture's
// shortened clock, so that the pane's cast time is the lecture's time and one player seeks it.
// Before the pane's first shell it is blank; a later shell starts on a reset terminal of its own
// size, as the pane showed it.

import type { Cast, CastEvent } from '../../common/asciicast.js';
import type { SessionStartEvent } from '../../common/lecture.js';
import type { IdleMap } from './idle-map.js';
import type { LectureFolder } from './lecture-reader.js';

export interface PaneSession {
  start: SessionStartEvent;
  cast: Cast;
}

/** A step the server typed into the pane: lecture milliseconds, and the marker's label. */
export interface StepMark {
  t: number;
  label: string;
}

/** RIS: a new shell's terminal starts as a new terminal (screen, scrollback, modes). */
const RESET = '\x1bc';

/** The sessions of each pane, in the order they started. Shells of no pane show nowhere in the
 * site: they are left out. */
export function paneSessions(lecture: LectureFolder): Map<string, PaneSession[]> {
  const panes = new Map<string, PaneSession[]>();
  for (const event of lecture.timeline.events) {
    if (event.type !== 'session-start' || event.pane === null) continue;
    const list = panes.get(event.pane) ?? [];
    list.push({ start: event, cast: lecture.casts.get(event.cast)! });
    panes.set(event.pane, list);
  }
  return panes;
}

/**
 * One cast of a pane's sessions on the shortened clock. A session's output after the next one
 * started (two windows that each started a shell for the pane) is left out: the pane shows its
 * newest shell. Its markers are `steps`; the casts' own markers, input and exit events are left
 * out. The header's idle time limit is longer than the class, so no player shortens it again.
 * `end` (lecture ms): until when the pane showed its last shell (its exit, or the end of the class
 * for a shell still running then); the recording lasts until then, so a replay does not read
 * "ended" while the class shows a live shell.
 */
export function mergePaneSessions(sessions: readonly PaneSession[], steps: readonly StepMark[], map: IdleMap, end: number): Cast {
  const first = sessions[0]!.cast.header;
  let size = { cols: first.cols, rows: first.rows };
  const events: CastEvent[] = [];
  sessions.forEach(({ start, cast }, k) => {
    const until = sessions[k + 1]?.start.t ?? Number.POSITIVE_INFINITY;
    if (k > 0) {
      const time = map.shorten(start.t);
      events.push({ time, code: 'o', data: RESET });
      const { cols, rows } = cast.header;
      if (cols !== size.cols || rows !== size.rows) events.push({ time, code: 'r', data: `${cols}x${rows}` });
      size = { cols, rows };
    }
    for (const event of cast.events) {
      const t = start.t + event.time * 1000;
      if (t >= until) break;
      if (event.code !== 'o' && event.code !== 'r') continue;
      events.push({ time: map.shorten(t), code: event.code, data: event.data });
      if (event.code === 'r') {
        const [cols, rows] = event.data.split('x').map(Number);
        size = { cols: cols!, rows: rows! };
      }
    }
  });
  const merged = withMarkers(events, steps.map((step) => ({ time: map.shorten(step.t), code: 'm' as const, data: step.label })));
  const last = map.shorten(end);
  if (last > (merged.at(-1)?.time ?? 0)) merged.push({ time: last, code: 'o', data: '' });
  const duration = merged.at(-1)?.time ?? 0;
  return {
    header: { version: 2, cols: first.cols, rows: first.rows, idleTimeLimit: Math.ceil(duration) + 1 },
    events: merged,
  };
}

/** Both lists (each in time order) as one; a marker goes before output of the same time, as a
 * step's marker is written before what it types. */
function withMarkers(events: CastEvent[], markers: CastEvent[]): CastEvent[] {
  if (markers.length === 0) return events;
  const out: CastEvent[] = [];
  let m = 0;
  for (const event of events) {
    while (m < markers.length && markers[m]!.time <= event.time) out.push(markers[m++]!);
    out.push(event);
  }
  while (m < markers.length) out.push(markers[m++]!);
  return out;
}
