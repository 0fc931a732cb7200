// Cuts a recording into the segments a static page's replay player loads one at a time (see
// PaneCast in common/deck.ts), so that showing a moment of a long recording costs one small script
// and one small write, not the whole cast: a new segment starts after every SEGMENT_CHARS of
// output (and at the screens the slides show: steps, the end), and carries a keyframe, the
// shortest output that rebuilds the screen as everything before it left it (the seek skip of
// common/cast-seek.ts, exact by the argument given there). Where that skip cannot apply (the
// alternate screen, a scroll region, ...), or where the output after the keyframe restores a
// cursor saved before it (a keyframe does not carry the saved cursor), the segment has no
// keyframe and the player starts from an earlier one.

import { serializeEvent, serializeHeader, type Cast, type CastEvent } from '../../common/asciicast.js';
import { frameOps, outputLength, trimStart } from '../../common/cast-seek.js';
import { buildTimeline, sizeAt, type Frame, type Timeline } from '../../common/cast-timeline.js';
import type { PaneCast, PaneCastSegment } from '../../common/deck.js';

export interface SegmentOptions {
  /** A new segment starts once this much output is in the current one. */
  segmentChars: number;
  /** Lines of scrollback the keyframes rebuild (the replaying pane's). */
  scrollback: number;
}

export interface CastSegments {
  /** The player's index (PaneCast without `file`). */
  index: Omit<PaneCast, 'file' | 'screens'>;
  /** The asciicast text of each segment, in the order of `index.segments`. */
  texts: string[];
}

/** Sized so that a segment loads and is written in a few milliseconds, and a recording of a
 * few minutes (a course demo) is one segment. */
export const SEGMENT_CHARS = 128 * 1024;

/** A segment also starts at a step's screen once the output since the last start is at least
 * segmentChars / STEP_CUT_SHARE: a course demo of a few kB stays one segment. */
const STEP_CUT_SHARE = 8;

/** A keyframe is kept when it is at most this share of the output it stands for: else the player
 * might as well write that output. */
const KEYFRAME_MAX_SHARE = 0.5;

/** The segments of `cast`, their scripts named `<dir>/<k>.js`. */
export function segmentCast(cast: Cast, dir: string, options: SegmentOptions): CastSegments {
  const timeline = roundTimes(buildTimeline(cast));
  const { frames } = timeline;
  const restores = restoresBeforeSave(frames);
  const keyframes = new Map<number, string | null>();
  const keyframeOf = (first: number): string | null => {
    if (!keyframes.has(first)) keyframes.set(first, first === 0 || restores[first] ? null : keyframeAt(timeline, first, options.scrollback));
    return keyframes.get(first)!;
  };
  // The first frame of each segment.
  const starts = [0];
  // The screens the slides ask for (a step's, the end's) are where a segment may also start: its
  // keyframe is then that screen, with no output after it to parse (the end's: the last frame),
  // once there is enough output since the last start for a keyframe to be worth its size, and
  // if there can be one (not in the alternate screen, say: the cut would only add a script).
  const stepCuts = new Set(timeline.markers.map((marker) => marker.index));
  stepCuts.add(frames.length - 1);
  const stepCutChars = options.segmentChars / STEP_CUT_SHARE;
  let chars = 0;
  for (let i = 0; i < frames.length; i++) {
    if (i > 0 && stepCuts.has(i) && chars >= stepCutChars && keyframeOf(i) !== null) {
      starts.push(i);
      chars = 0;
    }
    const frame = frames[i]!;
    if (frame.kind === 'output') chars += frame.data.length;
    if (chars >= options.segmentChars && i + 1 < frames.length) {
      starts.push(i + 1);
      chars = 0;
    }
  }
  const segments: PaneCastSegment[] = [];
  const texts: string[] = [];
  starts.forEach((first, k) => {
    const end = starts[k + 1] ?? frames.length;
    const keyframe = keyframeOf(first);
    const time = frames[first]?.time ?? 0;
    segments.push({ script: `${dir}/${k}.js`, frame: first, time, chars: outputLength(timeline, first, end), keyframe: keyframe?.length ?? 0 });
    const size = sizeAt(timeline, first);
    const lines = [serializeHeader(size)];
    let previous = 0;
    const push = (event: CastEvent) => {
      lines.push(serializeEvent(event, previous));
      previous = event.time;
    };
    if (keyframe !== null) push({ time, code: 'o', data: keyframe });
    for (let i = first; i < end; i++) push(frameEvent(frames[i]!));
    texts.push(`${lines.join('\n')}\n`);
  });
  return {
    index: {
      cols: timeline.cols,
      rows: timeline.rows,
      duration: timeline.duration,
      frames: frames.length,
      markers: timeline.markers,
      segments,
      scrollback: options.scrollback,
    },
    texts,
  };
}

/** What rebuilds, on a blank terminal of the size there, the state frames [0, to) leave it in; or
 * null when nothing shorter than them does. */
function keyframeAt(timeline: Timeline, to: number, scrollback: number): string | null {
  const start = trimStart(timeline, to, scrollback, 0);
  if (start === null) return null;
  const ops = frameOps(timeline, start.frame, to, start.prelude, start.offset);
  const op = ops[0];
  // trimStart gives up before a resize: one write.
  if (ops.length !== 1 || op?.kind !== 'write') return null;
  return op.data.length <= KEYFRAME_MAX_SHARE * outputLength(timeline, 0, to) ? op.data : null;
}

/** Cursor saves and restores (DECSC / DECRC, SCOSC / SCORC). */
const SAVE_OR_RESTORE = /\x1b[78]|\x1b\[[su]/;

/** For each frame: whether the output from its start restores a cursor before saving one. */
function restoresBeforeSave(frames: Frame[]): boolean[] {
  const restores: boolean[] = new Array<boolean>(frames.length + 1).fill(false);
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    const next = frames[i + 1];
    // With the start of the next frame: a sequence may be cut between two.
    const data = frame.kind === 'output' ? frame.data + (next?.kind === 'output' ? next.data.slice(0, 2) : '') : '';
    const found = SAVE_OR_RESTORE.exec(data);
    restores[i] = found === null ? restores[i + 1]! : found[0] === '\x1b8' || found[0] === '\x1b[u';
  }
  return restores;
}

function frameEvent(frame: Frame): CastEvent {
  return frame.kind === 'output'
    ? { time: frame.time, code: 'o', data: frame.data }
    : { time: frame.time, code: 'r', data: `${frame.cols}x${frame.rows}` };
}

/** Times to the microsecond, as a cast writes them: the index and the segments' events then hold
 * the very same numbers, and the player compares them as they are. */
function roundTimes(timeline: Timeline): Timeline {
  const round = (time: number) => Math.round(time * 1e6) / 1e6;
  return {
    ...timeline,
    frames: timeline.frames.map((frame) => ({ ...frame, time: round(frame.time) })),
    markers: timeline.markers.map((marker) => ({ ...marker, time: round(marker.time) })),
    duration: round(timeline.duration),
  };
}
