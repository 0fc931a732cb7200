// A recording as a terminal source: the replay player of static pages. It writes the recording's
// output into the same pane a live shell would, on the recording's clock (pauses shortened to the
// idle-time limit), at 0.5x to 4x (a lecture's player, 0.75x to 2x). It shows any point at once (seek: a reset, then the keyframe
// and output up to there in one write, see player-segments.ts), and steps from marker to marker
// with the slides, as `livedeck dev` types a demo's steps. The recording comes in segments
// (player-loader.ts), loaded as a point in them is asked for: the player's position changes at
// once, and the screen follows as soon as the segments it needs are there (`target` below);
// while playing, the next segment is loaded ahead.
//
// States (SourceState):
//
//   idle --attach--> loading --first screen written--> paused / ended (the screen the slides ask for)
//                    loading --unreadable--> failed
//   paused --play--> playing --pause--> paused
//   ended --play--> playing (from the start)
//   playing --reaches the end of a step played from the slides, or of `playToNextMarker`--> paused
//   playing --reaches the end of the recording--> ended
//   seek: playing plays on from there; otherwise paused, or ended at the end
//   a segment that does not load or parse, at any time --> failed

import type { PaneCast } from '../../common/deck.js';
import type { ScreenOp } from '../../common/cast-seek.js';
import { LECTURE_SPEEDS } from '../../common/lecture-site.js';
import type { TimelineMarker } from '../../common/cast-timeline.js';
import { CastLoadError } from './player-loader.js';
import { SegmentedRecording } from './player-segments.js';
import type { SourceState, TerminalSink, TerminalSource } from './source.js';

export const PLAYER_SPEEDS = [0.5, 1, 2, 4] as const;
export type PlayerSpeed = (typeof PLAYER_SPEEDS)[number];
/** The pane's own controls offer PLAYER_SPEEDS; a lecture's player drives its panes at its own. */
export type ReplaySpeed = PlayerSpeed | (typeof LECTURE_SPEEDS)[number];

function isReplaySpeed(speed: number): speed is ReplaySpeed {
  return (PLAYER_SPEEDS as readonly number[]).includes(speed) || (LECTURE_SPEEDS as readonly number[]).includes(speed);
}

/** What the player controls, devtools and tests can ask of a replaying pane. */
export interface ReplayHandle {
  readonly state: SourceState;
  /** Seconds on the player's clock (idle time shortened). */
  readonly time: number;
  readonly duration: number;
  readonly speed: ReplaySpeed;
  readonly markers: readonly TimelineMarker[];
  play(): void;
  pause(): void;
  /** Asked before the pane's terminal has its first screen, the player starts there. */
  seek(time: number): void;
  /** The screen at marker `index` (before its step); markers.length: the end. */
  seekToMarker(index: number): void;
  setSpeed(speed: ReplaySpeed): void;
  /** Resolves once the terminal has parsed the screen of the player's position (its segments
   * loaded and written), or the player failed. */
  shown(): Promise<void>;
}

export interface CastSourceOptions {
  cast: PaneCast;
  /** Lines of scrollback of the pane's terminal: what a seek rebuilds. */
  scrollback: number;
}

/** A point of the recording: frames [0, index) written, at `time`. Without `index`: the frames
 * due at `time` (how many is known once the segment holding `time` is loaded). */
interface Position {
  index?: number;
  time: number;
}

/** `[`: while playing, a marker passed less than this long ago counts as the current one. */
const PREVIOUS_MARKER_GRACE = 1;

export class CastSource implements TerminalSource, ReplayHandle {
  state: SourceState = { name: 'idle' };
  private sink: TerminalSink | null = null;
  private readonly recording: SegmentedRecording;
  /** Frames on the terminal; null until the first screen is written. */
  private written: number | null = null;
  /** The screen the terminal should show: where the player is. Null until the slides (or attach)
   * ask for one. */
  private target: Position | null = null;
  /** Segments being loaded for the target; the screen is brought there once they are. */
  private waiting = false;
  /** Run once the terminal has parsed the target's screen. */
  private onShown: (() => void)[] = [];
  /** The position while not playing; while playing, `clock()` has it. */
  private position = 0;
  /** performance.now() (ms) when the clock would have read 0, at the current speed. */
  private anchor = 0;
  private currentSpeed: ReplaySpeed = 1;
  /** Where playing stops (a step's end), or null: at the end. */
  private stop: Position | null = null;
  /** The screen asked for before the pane was attached (showStep, seek): the first step's. */
  private pending: Position = { index: 0, time: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(private readonly options: CastSourceOptions) {
    this.recording = new SegmentedRecording(options.cast, options.scrollback);
  }

  attach(sink: TerminalSink): void {
    if (this.sink) throw new Error('CastSource.attach: already attached');
    this.sink = sink;
    this.setState({ name: 'loading' });
    this.stop = null;
    this.jump(this.pending);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
    this.settle();
  }

  // ---- what the controls read --------------------------------------------------------------

  get time(): number {
    return this.state.name === 'playing' ? Math.min(this.clock(), this.stop?.time ?? this.duration) : this.position;
  }

  get duration(): number {
    return this.recording.duration;
  }

  get speed(): ReplaySpeed {
    return this.currentSpeed;
  }

  get markers(): readonly TimelineMarker[] {
    return this.recording.markers;
  }

  /** `listener` runs on every change but the clock's ticking: state, seek, speed. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  shown(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.sink || !this.target || this.disposed || this.state.name === 'failed') {
        resolve();
        return;
      }
      this.onShown.push(resolve);
      this.sync();
    });
  }

  // ---- playing -----------------------------------------------------------------------------

  play(): void {
    if (!this.ready() || this.state.name === 'playing') return;
    this.stop = null;
    if (this.state.name === 'ended') this.moveTo({ index: 0, time: 0 });
    this.start();
  }

  pause(): void {
    if (this.state.name !== 'playing') return;
    this.halt();
    this.setState({ name: 'paused' });
  }

  toggle(): void {
    if (this.state.name === 'playing') this.pause();
    else this.play();
  }

  setSpeed(speed: ReplaySpeed): void {
    if (!isReplaySpeed(speed) || speed === this.currentSpeed) return;
    const time = this.time;
    this.currentSpeed = speed;
    if (this.state.name === 'playing') {
      this.anchor = performance.now() - (time * 1000) / speed;
      this.schedule();
    }
    this.notify();
  }

  // ---- seeking -----------------------------------------------------------------------------

  seek(time: number): void {
    const target = { time: Math.min(Math.max(0, time), this.duration) };
    // A lecture's player seeks its panes before their terminals open: they start there.
    if (!this.sink) {
      this.pending = target;
      this.position = target.time;
      prefetch(this.recording, target);
      return;
    }
    if (this.state.name === 'failed') return;
    this.stop = null;
    this.jump(target);
  }

  seekBy(seconds: number): void {
    this.seek(this.time + seconds);
  }

  seekToMarker(index: number): void {
    if (!this.ready()) return;
    this.stop = null;
    this.jump(markerPosition(this.recording, index));
  }

  /** `]`: the next marker, or the end. */
  nextMarker(): void {
    const now = this.time;
    const next = this.markers.findIndex((marker) => marker.time > now + 1e-6);
    this.seekToMarker(next === -1 ? this.markers.length : next);
  }

  /** `[`: the marker before, or the start (while playing, one just passed does not count). */
  previousMarker(): void {
    const before = this.time - (this.state.name === 'playing' ? PREVIOUS_MARKER_GRACE : 1e-6);
    const previous = this.markers.findLastIndex((marker) => marker.time < before);
    if (previous === -1) this.seek(0);
    else this.seekToMarker(previous);
  }

  /** `.`: plays on to the next marker, and pauses there. */
  playToNextMarker(): void {
    if (!this.ready()) return;
    const now = this.time;
    const next = this.markers.findIndex((marker) => marker.time > now + 1e-6);
    const stop = markerPosition(this.recording, next === -1 ? this.markers.length : next);
    if (this.state.name === 'playing') this.halt();
    else if (this.state.name === 'ended') return;
    this.position = now;
    this.stop = stop;
    this.start();
  }

  /**
   * The slides show `count` steps of the pane: with `play`, step count - 1 plays (from marker
   * count - 1 to marker count), as "next" types it in a live pane; otherwise the screen after
   * those steps shows at once. Asked before the pane is attached, the screen shows once it is.
   */
  showStep(count: number, play: boolean): void {
    if (!this.sink || this.state.name === 'failed') {
      this.pending = markerPosition(this.recording, count);
      if (!this.sink) prefetch(this.recording, this.pending);
      return;
    }
    const target = markerPosition(this.recording, count);
    // Before the first screen is there, a step asked for shows at once.
    if (play && count > 0 && this.ready()) {
      const from = markerPosition(this.recording, count - 1);
      if (this.state.name === 'playing') this.halt();
      if (this.target?.index !== from.index || this.position !== from.time) this.moveTo(from);
      this.stop = target;
      this.start();
      return;
    }
    this.stop = null;
    this.jump(target);
  }

  // ---- inside ------------------------------------------------------------------------------

  /** A first screen is on the terminal (or on its way): the player can play and seek. */
  private ready(): boolean {
    return this.written !== null && this.state.name !== 'failed';
  }

  /** Goes to `target`: plays on from there if playing, otherwise shows it. */
  private jump(target: Position): void {
    if (this.state.name === 'playing') {
      this.halt();
      this.moveTo(target);
      this.start();
      return;
    }
    this.moveTo(target);
    if (this.state.name !== 'loading') this.setState(this.restingState());
    this.notify();
  }

  /** Paused, or ended at the end. */
  private restingState(): SourceState {
    const target = this.target;
    // Every frame is due at the duration: a time there is the end.
    const end = target !== null && target.time >= this.duration && (target.index ?? this.recording.frames) >= this.recording.frames;
    return end ? { name: 'ended' } : { name: 'paused' };
  }

  /** Puts the player at `target` (not playing) and the terminal on its way there. */
  private moveTo(target: Position): void {
    this.target = target;
    this.position = target.time;
    this.sync();
  }

  /** Brings the terminal to the target, now if the segments that takes are loaded, else once
   * they are. */
  private sync(): void {
    const sink = this.sink;
    const target = this.target;
    if (!sink || !target || this.waiting || this.disposed || this.state.name === 'failed') return;
    const due = target.index ?? this.recording.framesUntil(target.time);
    if (typeof due !== 'number') return this.wait(due.need);
    const plan = this.recording.plan(this.written, due);
    if ('need' in plan) return this.wait(plan.need);
    if (plan.reset) sink.reset(plan.reset.cols, plan.reset.rows);
    const first = this.written === null;
    this.written = due;
    const shown = this.onShown;
    this.onShown = [];
    this.writeOps(plan.ops, () => {
      for (const done of shown) done();
    });
    if (first && this.state.name === 'loading') {
      this.setState(this.restingState());
      this.notify();
    }
    // Playing on: the next segment, before it is due.
    if (this.state.name === 'playing') {
      const next = this.recording.segmentOf(due) + 1;
      if (next < this.options.cast.segments.length) this.recording.load(next).catch(() => {});
    }
  }

  /** Loads `segments`, then brings the terminal to the target (whatever it is by then). */
  private wait(segments: number[]): void {
    this.waiting = true;
    Promise.all(segments.map((k) => this.recording.load(k))).then(
      () => {
        this.waiting = false;
        if (this.disposed) return;
        this.sync();
        if (this.state.name === 'playing') this.schedule();
      },
      (error: unknown) => {
        this.waiting = false;
        if (this.disposed) return;
        clearTimeout(this.timer);
        const reason = error instanceof CastLoadError ? error.reason : 'cast-missing';
        this.setState({ name: 'failed', reason, detail: error instanceof Error ? error.message : String(error) });
        this.notify();
        this.settle();
      },
    );
  }

  /** Lets whoever waits for a screen go: there will be none. */
  private settle(): void {
    const shown = this.onShown;
    this.onShown = [];
    for (const done of shown) done();
  }

  private writeOps(ops: ScreenOp[], done: () => void): void {
    const sink = this.sink!;
    // An empty write still comes back once everything before it is parsed.
    if (ops.length === 0) sink.write('', done);
    ops.forEach((op, i) => {
      const last = i === ops.length - 1;
      if (op.kind === 'write') sink.write(op.data, last ? done : undefined);
      else {
        sink.resize(op.cols, op.rows);
        if (last) sink.write('', done);
      }
    });
  }

  /** Starts the clock from `position`. */
  private start(): void {
    this.anchor = performance.now() - (this.position * 1000) / this.currentSpeed;
    this.setState({ name: 'playing' });
    this.notify();
    this.tick();
  }

  /** Stops the clock where it is (what is due is written). */
  private halt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.position = this.time;
    this.target = this.stop && this.position >= this.stop.time ? this.stop : { time: this.position };
    this.sync();
  }

  /** Seconds on the recording's clock. */
  private clock(): number {
    return ((performance.now() - this.anchor) / 1000) * this.currentSpeed;
  }

  private tick = (): void => {
    this.timer = undefined;
    if (this.state.name !== 'playing' || this.disposed) return;
    const now = this.clock();
    const stop = this.stop ?? markerPosition(this.recording, this.markers.length);
    if (now >= stop.time) {
      this.target = stop;
      this.sync();
      this.position = stop.time;
      this.stop = null;
      this.setState((stop.index ?? 0) >= this.recording.frames ? { name: 'ended' } : { name: 'paused' });
      this.notify();
      return;
    }
    this.target = { time: now };
    this.sync();
    this.schedule();
  };

  /** Wakes up for the next frame (or the stop); while a segment loads, its arrival does. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.recording.framesUntil(this.clock());
    if (typeof due !== 'number') {
      if (!this.waiting) this.wait(due.need);
      return;
    }
    const next = this.recording.frameTime(due);
    if (next === undefined) {
      if (!this.waiting) this.wait([this.recording.segmentOf(due)]);
      return;
    }
    const at = Math.min(next ?? Number.POSITIVE_INFINITY, this.stop?.time ?? this.duration);
    this.timer = setTimeout(this.tick, Math.max(0, ((at - this.clock()) * 1000) / this.currentSpeed));
  }

  private setState(state: SourceState): void {
    if (state.name === this.state.name && state.name !== 'failed') return;
    this.state = state;
    this.sink?.stateChanged(state);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * Starts loading what the screen after `count` steps of `cast` takes, before a pane asks for it:
 * the page opened at a slide's step, while reveal.js and the panes still start. The segments are
 * loaded once per page (player-loader.ts): the pane's player finds them there.
 */
export function prefetchStep(cast: PaneCast, scrollback: number, count: number): void {
  const recording = new SegmentedRecording(cast, scrollback);
  prefetch(recording, markerPosition(recording, count));
}

/** Marker `index`'s screen, or the end's past the last marker. */
function markerPosition(recording: SegmentedRecording, index: number): Position & { index: number } {
  const marker = recording.markers[index];
  if (marker) return { index: marker.index, time: marker.time };
  return { index: recording.frames, time: recording.duration };
}

/** Starts loading what showing `target` takes, while the pane still opens its terminal (the fonts,
 * xterm.js): the two overlap. A failure shows once the pane is attached and asks again. */
function prefetch(recording: SegmentedRecording, target: Position): void {
  const due = target.index ?? recording.framesUntil(target.time);
  const plan = typeof due === 'number' ? recording.plan(null, due) : due;
  if ('need' in plan) for (const k of plan.need) recording.load(k).catch(() => {});
}
