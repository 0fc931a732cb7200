// A recording as the replay player has it: the index the page carries (PaneCast: markers, segment
// times) and the segments loaded so far. It answers what a seek or playing needs (how many frames
// are due at a time, the writes that show a point) when the segments that takes are loaded, and
// otherwise says which to load. Showing a point costs one segment from its keyframe, or the
// frames on top of the screen when that is less.

import { frameOps, outputLength, planSeek, type SeekPlan } from '../../common/cast-seek.js';
import type { Frame, Timeline, TimelineMarker } from '../../common/cast-timeline.js';
import type { PaneCast } from '../../common/deck.js';
import { loadSegment, type LoadedSegment } from './player-loader.js';

/** Segments to load first (by number). */
export interface Needs {
  need: number[];
}

export class SegmentedRecording {
  private readonly loaded: (LoadedSegment | undefined)[] = [];

  /** `scrollback`: the terminal's; keyframes made for fewer lines cannot be used. */
  constructor(
    private readonly cast: PaneCast,
    private readonly scrollback: number,
  ) {}

  get markers(): readonly TimelineMarker[] {
    return this.cast.markers;
  }

  get duration(): number {
    return this.cast.duration;
  }

  /** Frames in the whole recording. */
  get frames(): number {
    return this.cast.frames;
  }

  /** Loads segment `k` (once), and keeps it. */
  load(k: number): Promise<void> {
    if (this.loaded[k]) return Promise.resolve();
    const segment = this.cast.segments[k]!;
    return loadSegment(segment, this.firstFrame(k + 1) - segment.frame).then((loaded) => {
      this.loaded[k] = loaded;
    });
  }

  /** The segment holding frame `frame` (the last one for the end). */
  segmentOf(frame: number): number {
    const { segments } = this.cast;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segments[mid]!.frame <= frame) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** How many frames are due at `time`: those at or before it. */
  framesUntil(time: number): number | Needs {
    const { segments } = this.cast;
    // The last segment starting at or before `time`: every frame before it is due.
    let k = -1;
    for (let lo = 0, hi = segments.length - 1; lo <= hi;) {
      const mid = (lo + hi) >>> 1;
      if (segments[mid]!.time <= time) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k === -1 || this.frames === 0) return 0;
    const loaded = this.loaded[k];
    if (!loaded) return { need: [k] };
    let lo = 0;
    let hi = loaded.frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (loaded.frames[mid]!.time <= time) lo = mid + 1;
      else hi = mid;
    }
    return segments[k]!.frame + lo;
  }

  /** The time of frame `index`, if known (its segment loaded, or it starts one); null past the end. */
  frameTime(index: number): number | null | undefined {
    if (index >= this.frames) return null;
    const k = this.segmentOf(index);
    const segment = this.cast.segments[k]!;
    if (index === segment.frame) return segment.time;
    return this.loaded[k]?.frames[index - segment.frame]!.time;
  }

  /**
   * The writes that take a terminal showing frames [0, from) (`from` null: anything else) to the
   * screen of frames [0, to). Forward, the frames in between go on top when they are loaded and
   * no longer than the way from a keyframe; otherwise a reset, the keyframe of the latest segment
   * that has one at or before `to`, and the frames from there.
   */
  plan(from: number | null, to: number): SeekPlan | Needs {
    const base = this.baseFor(to);
    const through = to > this.firstFrame(base) ? this.segmentOf(to - 1) : base;
    if (from !== null && from <= to) {
      const onTop = from === to ? [] : this.range(this.segmentOf(from), this.segmentOf(to - 1));
      if (onTop.every((k) => this.loaded[k])) {
        const frames = this.frameSlice(from, to);
        const timeline = { cols: 0, rows: 0, frames, markers: [], duration: 0 };
        const chars = outputLength(timeline, 0, frames.length);
        if (chars <= this.cast.segments[base]!.keyframe + this.charsBetween(base, through)) {
          return { reset: null, ops: frameOps(timeline, 0, frames.length), skipped: 0 };
        }
      }
    }
    const need = this.range(base, through).filter((k) => !this.loaded[k]);
    if (need.length > 0) return { need };
    const start = this.loaded[base]!;
    const frames: Frame[] = [];
    if (start.keyframe !== null && this.useKeyframe(base)) frames.push({ kind: 'output', time: 0, data: start.keyframe });
    frames.push(...this.frameSlice(this.firstFrame(base), to));
    // The output from the keyframe can still be long (segments without one follow it): the
    // seek skip applies to it as to a whole recording.
    const timeline: Timeline = { cols: start.cols, rows: start.rows, frames, markers: [], duration: 0 };
    return planSeek(timeline, null, frames.length, this.scrollback);
  }

  /** The latest segment at or before frame `to` that a screen can start from. */
  private baseFor(to: number): number {
    for (let k = this.segmentOf(to); k > 0; k--) if (this.useKeyframe(k)) return k;
    return 0;
  }

  private useKeyframe(k: number): boolean {
    return this.cast.segments[k]!.keyframe > 0 && this.scrollback <= this.cast.scrollback;
  }

  private firstFrame(k: number): number {
    return this.cast.segments[k]?.frame ?? this.frames;
  }

  /** Output characters of segments [from, through] (an upper bound for a part of the last). */
  private charsBetween(from: number, through: number): number {
    let chars = 0;
    for (let k = from; k <= through; k++) chars += this.cast.segments[k]!.chars;
    return chars;
  }

  private range(from: number, through: number): number[] {
    const out: number[] = [];
    for (let k = from; k <= through; k++) out.push(k);
    return out;
  }

  /** Frames [from, to), from loaded segments. */
  private frameSlice(from: number, to: number): Frame[] {
    const out: Frame[] = [];
    for (let i = from; i < to;) {
      const k = this.segmentOf(i);
      const first = this.firstFrame(k);
      const frames = this.loaded[k]!.frames;
      const end = Math.min(to, this.firstFrame(k + 1));
      for (let j = i - first; j < end - first; j++) out.push(frames[j]!);
      i = end;
    }
    return out;
  }
}
