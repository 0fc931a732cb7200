// Types a demo's steps into its live shell as the teacher reaches them, the way a person would:
// a mark for the recording first, then the command a character at a time (about 25-40 ms each,
// never more than ~1.5 s for a whole command), then Enter. A step is typed once per shell: steps
// reached again ("previous" then "next", a reload, another window of the shell) are not typed twice; steps reached before the
// shell is ready wait for it; steps reached after it has ended are not typed, and the pane says so.

import type { PaneStep } from '../../common/deck.js';
import { stepMarkLabel } from '../../common/steps.js';
import type { SourceState, TerminalSource } from './source.js';

/** Which steps this shell already got, from any window (the server tells: see LiveSource). The
 * step's mark, sent as its typing starts, adds it. */
export interface StepLog {
  has(step: number): boolean;
}

export interface StepTyperOptions {
  steps: PaneStep[];
  source: TerminalSource;
  log: StepLog;
  /** A step was reached but not typed (the shell has ended). */
  skipped(step: number): void;
}

export const CHAR_DELAY_MIN_MS = 25;
export const CHAR_DELAY_MAX_MS = 40;
/** Long commands type faster, so that none takes more than this. */
export const COMMAND_MAX_MS = 1_500;
/** After Enter in a multi-line command: how long the shell may take to show its continuation
 * prompt, and how quiet its output must stay before the next line is typed. */
const CONTINUATION = { maxMs: 2_000, quietMs: 60 };
/** Steps reached in quick succession: the next one waits until the previous one's output has
 * paused (its prompt is back, most often), as a person would, so that what is typed ahead does
 * not land in the middle of that output. A command that never pauses (`yes`, `fg`) gets this
 * long at most. */
const BETWEEN_STEPS = { maxMs: 3_000, quietMs: 250 };

/** Delay before each character of a `length`-character command. */
export function charDelay(length: number, random = Math.random()): number {
  const natural = CHAR_DELAY_MIN_MS + (CHAR_DELAY_MAX_MS - CHAR_DELAY_MIN_MS) * random;
  return Math.min(natural, COMMAND_MAX_MS / Math.max(1, length));
}

export class StepTyper {
  private readonly queue: number[] = [];
  private typing = false;
  /** Changes whenever the shell being typed into goes away or is replaced: a step being typed
   * stops there rather than going on into another shell. */
  private epoch = 0;
  private lastOutput = 0;
  /** When the last step was submitted (its Enter, or its keys), or 0. */
  private lastSubmit = 0;
  private outputWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(private readonly options: StepTyperOptions) {}

  /** Steps whose fragments were just shown, in order. */
  request(steps: number[]): void {
    for (const step of steps) {
      if (step >= 0 && step < this.options.steps.length && !this.queue.includes(step)) this.queue.push(step);
    }
    void this.run();
  }

  /** The source's state changed. */
  stateChanged(state: SourceState): void {
    if (state.name !== 'live' || !state.resumed) this.epoch += 1;
    void this.run();
  }

  /** The terminal got output (the typer waits for the shell's echo in multi-line commands). */
  outputSeen(): void {
    this.lastOutput = performance.now();
    const waiters = this.outputWaiters;
    this.outputWaiters = [];
    for (const wake of waiters) wake();
  }

  dispose(): void {
    this.disposed = true;
    this.epoch += 1;
    this.queue.length = 0;
  }

  private async run(): Promise<void> {
    if (this.typing) return;
    this.typing = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        if (this.options.source.state.name === 'exited') {
          for (const step of this.queue.splice(0)) if (!this.options.log.has(step)) this.options.skipped(step);
          return;
        }
        // Viewers never type; a presenter waits for its shell (queued steps go once it is live).
        if (!this.canType()) return;
        const step = this.queue.shift()!;
        if (this.options.log.has(step)) continue;
        if (this.lastSubmit > 0) {
          await this.settle(this.lastSubmit, BETWEEN_STEPS);
          // The shell may have gone meanwhile: look again.
          if (!this.canType()) {
            this.queue.unshift(step);
            continue;
          }
        }
        await this.type(step, this.epoch);
      }
    } finally {
      this.typing = false;
    }
  }

  private canType(): boolean {
    const state = this.options.source.state;
    return state.name === 'live' && state.role === 'presenter';
  }

  private async type(index: number, epoch: number): Promise<void> {
    const { source } = this.options;
    const step = this.options.steps[index]!;
    source.mark(stepMarkLabel(index, step), index);
    if (step.keys !== null) {
      source.write(step.keys);
      this.lastSubmit = performance.now();
      return;
    }
    const lines = step.command.split('\n');
    const delay = () => charDelay(step.command.length);
    for (const [i, line] of lines.entries()) {
      for (const char of line) {
        await sleep(delay());
        if (epoch !== this.epoch) return;
        source.write(char);
      }
      const last = i === lines.length - 1;
      if (last && !step.enter) {
        this.lastSubmit = performance.now();
        return;
      }
      await sleep(delay());
      if (epoch !== this.epoch) return;
      const enteredAt = performance.now();
      source.write('\r');
      this.lastSubmit = enteredAt;
      // Typing the next line before the shell shows its continuation prompt would echo it twice.
      if (!last) await this.settle(enteredAt, CONTINUATION);
    }
  }

  /** Waits until the shell answered what was submitted at `since` and then stayed quiet for
   * `quietMs`, or until `maxMs` after `since`. */
  private async settle(since: number, { maxMs, quietMs }: { maxMs: number; quietMs: number }): Promise<void> {
    const deadline = since + maxMs;
    while (performance.now() < deadline && !this.disposed) {
      const now = performance.now();
      if (this.lastOutput > since && now - this.lastOutput >= quietMs) return;
      const wait = this.lastOutput > since ? quietMs - (now - this.lastOutput) : deadline - now;
      await Promise.race([sleep(Math.max(1, wait)), new Promise<void>((wake) => this.outputWaiters.push(wake))]);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
