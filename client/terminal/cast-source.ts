// A recording as a terminal source: the replay player of static pages. It loads the pane's cast
// (player-loader.ts), then writes its output into the same pane a live shell would, on the
// recording's clock (pauses shortened to the idle-time limit), at 0.5x to 4x. It shows any point
// at once (seek: a reset, then the output up to there in one write, see player-seek.ts), and
// steps from marker to marker with the slides, as `livedeck dev` types a demo's steps.
//
// States (SourceState):
//
//   idle --attach--> loading --parsed--> paused / ended (the screen the slides ask for)
//                    loading --unreadable--> failed
//   paused --play--> playing --pause--> paused
//   ended --play--> playing (from the start)
//   playing --reaches the end of a step played from the slides, or of `playToNextMarker`--> paused
//   playing --reaches the end of the recording--> ended
//   seek: playing plays on from there; otherwise paused, or ended at the end

import type { PaneCast } from '../../common/deck.js';
import { CastLoadError, loadCast } from './player-loader.js';
import { planSeek, type ScreenOp } from './player-seek.js';
import { buildTimeline, framesUntil, type Timeline, type TimelineMarker } from './player-timeline.js';
import type { SourceState, TerminalSink, TerminalSource } from './source.js';

export const PLAYER_SPEEDS = [0.5, 1, 2, 4] as const;
export type PlayerSpeed = (typeof PLAYER_SPEEDS)[number];

/** What the player controls, devtools and tests can ask of a replaying pane. */
export interface ReplayHandle {
  readonly state: SourceState;
  /** Seconds on the player's clock (idle time shortened). */
  readonly time: number;
  readonly duration: number;
  readonly speed: PlayerSpeed;
  readonly markers: readonly TimelineMarker[];
  play(): void;
  pause(): void;
  seek(time: number): void;
  /** The screen at marker `index` (before its step); markers.length: the end. */
  seekToMarker(index: number): void;
  setSpeed(speed: PlayerSpeed): void;
}

export interface CastSourceOptions {
  cast: PaneCast;
  /** Lines of scrollback of the pane's terminal: what a seek rebuilds. */
  scrollback: number;
}

/** A point of the recording: frames [0, index) written, at `time`. */
interface Position {
  index: number;
  time: number;
}

/** `[`: while playing, a marker passed less than this long ago counts as the current one. */
const PREVIOUS_MARKER_GRACE = 1;

export class CastSource implements TerminalSource, ReplayHandle {
  state: SourceState = { name: 'idle' };
  private sink: TerminalSink | null = null;
  private timeline: Timeline | null = null;
  /** Frames written; null until the first seek has put the recording on screen. */
  private index: number | null = null;
  /** The position while not playing; while playing, `clock()` has it. */
  private position = 0;
  /** performance.now() (ms) when the clock would have read 0, at the current speed. */
  private anchor = 0;
  private currentSpeed: PlayerSpeed = 1;
  /** Where playing stops (a step's end), or null: at the end. */
  private stop: Position | null = null;
  /** A screen asked for before the recording was there: the step count of `showStep`. */
  private pendingStep = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(private readonly options: CastSourceOptions) {}

  attach(sink: TerminalSink): void {
    if (this.sink) throw new Error('CastSource.attach: already attached');
    this.sink = sink;
    this.setState({ name: 'loading' });
    const started = performance.now();
    loadCast(this.options.cast).then(
      (cast) => {
        if (this.disposed) return;
        this.timeline = buildTimeline(cast);
        this.showStep(this.pendingStep, false, () => {
          // For devtools and bench/replay.ts: from attach to the first screen parsed by xterm.js.
          performance.measure(`livedeck replay: ${this.options.cast.file} loaded and shown`, { start: started, end: performance.now() });
        });
      },
      (error: unknown) => {
        if (this.disposed) return;
        const reason = error instanceof CastLoadError ? error.reason : 'cast-missing';
        this.setState({ name: 'failed', reason, detail: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  // A recording takes no input, has a fixed size and keeps its markers.
  write(): void {}
  resize(): void {}
  mark(): void {}
  restart(): void {}

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  // ---- what the controls read --------------------------------------------------------------

  get time(): number {
    return this.state.name === 'playing' ? Math.min(this.clock(), this.stop?.time ?? this.duration) : this.position;
  }

  get duration(): number {
    return this.timeline?.duration ?? 0;
  }

  get speed(): PlayerSpeed {
    return this.currentSpeed;
  }

  get markers(): readonly TimelineMarker[] {
    return this.timeline?.markers ?? [];
  }

  /** `listener` runs on every change but the clock's ticking: state, seek, speed. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- playing -----------------------------------------------------------------------------

  play(): void {
    if (!this.ready() || this.state.name === 'playing') return;
    this.stop = null;
    if (this.state.name === 'ended') this.show({ index: 0, time: 0 });
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

  setSpeed(speed: PlayerSpeed): void {
    if (!PLAYER_SPEEDS.includes(speed) || speed === this.currentSpeed) return;
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
    if (!this.timeline) return;
    const at = Math.min(Math.max(0, time), this.duration);
    this.stop = null;
    this.jump({ index: framesUntil(this.timeline, at), time: at });
  }

  seekBy(seconds: number): void {
    this.seek(this.time + seconds);
  }

  seekToMarker(index: number): void {
    if (!this.timeline) return;
    this.stop = null;
    this.jump(this.markerPosition(index));
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
    const stop = this.markerPosition(next === -1 ? this.markers.length : next);
    if (this.state.name === 'playing') this.halt();
    else if (this.state.name === 'ended') return;
    this.position = now;
    this.stop = stop;
    this.start();
  }

  /**
   * The slides show `count` steps of the pane: with `play`, step count - 1 plays (from marker
   * count - 1 to marker count), as "next" types it in a live pane; otherwise the screen after
   * those steps shows at once. Asked before the recording is loaded, the screen shows once it is.
   */
  showStep(count: number, play: boolean, shown?: () => void): void {
    if (!this.timeline || this.state.name === 'failed') {
      this.pendingStep = count;
      return;
    }
    const target = this.markerPosition(count);
    if (play && count > 0) {
      const from = this.markerPosition(count - 1);
      if (this.state.name === 'playing') this.halt();
      if (this.index !== from.index || this.position !== from.time) this.show(from);
      this.stop = target;
      this.start();
      return;
    }
    this.stop = null;
    this.jump(target, shown);
  }

  // ---- inside ------------------------------------------------------------------------------

  private ready(): boolean {
    return this.timeline !== null && this.index !== null;
  }

  /** Marker `index`'s screen, or the end's past the last marker. */
  private markerPosition(index: number): Position {
    const marker = this.markers[index];
    if (marker) return { index: marker.index, time: marker.time };
    return { index: this.timeline?.frames.length ?? 0, time: this.duration };
  }

  /** Goes to `target`: plays on from there if playing, otherwise shows it. */
  private jump(target: Position, shown?: () => void): void {
    if (this.state.name === 'playing') {
      this.halt();
      this.show(target);
      this.start();
      return;
    }
    this.show(target, shown);
    this.setState(target.index >= (this.timeline?.frames.length ?? 0) && target.time >= this.duration ? { name: 'ended' } : { name: 'paused' });
    this.notify();
  }

  /** Puts the screen at `target` on the terminal (not playing). */
  private show(target: Position, shown?: () => void): void {
    const plan = planSeek(this.timeline!, this.index, target.index, this.options.scrollback);
    if (plan.reset) this.sink!.reset(plan.reset.cols, plan.reset.rows);
    this.writeOps(plan.ops, shown);
    this.index = target.index;
    this.position = target.time;
  }

  private writeOps(ops: ScreenOp[], done?: () => void): void {
    const sink = this.sink!;
    ops.forEach((op, i) => {
      const last = i === ops.length - 1;
      if (op.kind === 'write') sink.write(op.data, last ? done : undefined);
      else {
        sink.resize(op.cols, op.rows);
        if (last) sink.write('', done);
      }
    });
    if (ops.length === 0) done?.();
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
    this.catchUp();
    this.position = this.time;
  }

  /** Seconds on the recording's clock. */
  private clock(): number {
    return ((performance.now() - this.anchor) / 1000) * this.currentSpeed;
  }

  /** Writes the frames due by now (up to the stop). */
  private catchUp(): void {
    const timeline = this.timeline!;
    const limit = this.stop?.index ?? timeline.frames.length;
    const due = Math.min(framesUntil(timeline, this.clock()), limit);
    if (due > this.index!) {
      this.writeOps(planSeek(timeline, this.index, due, this.options.scrollback).ops);
      this.index = due;
    }
  }

  private tick = (): void => {
    this.timer = undefined;
    if (this.state.name !== 'playing' || this.disposed) return;
    this.catchUp();
    const now = this.clock();
    const stop = this.stop ?? { index: this.timeline!.frames.length, time: this.duration };
    if (now >= stop.time) {
      this.position = stop.time;
      this.stop = null;
      this.setState(stop.index >= this.timeline!.frames.length ? { name: 'ended' } : { name: 'paused' });
      this.notify();
      return;
    }
    this.schedule();
  };

  /** Wakes up for the next frame (or the stop). */
  private schedule(): void {
    clearTimeout(this.timer);
    const next = Math.min(this.timeline!.frames[this.index!]?.time ?? Number.POSITIVE_INFINITY, this.stop?.time ?? this.duration);
    this.timer = setTimeout(this.tick, Math.max(0, ((next - this.clock()) * 1000) / this.currentSpeed));
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
