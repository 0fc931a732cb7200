// Types a live pane's demo steps into its shell as the teacher reaches them, through the same step
// player and default timing as `livedeck record` (step-player.ts: its marker, key by key
// 35 ms apart, `#@ wait`, `#@ pause`, the prompt back), so that a lecture's recording is one
// `record` would have made. One runner per shell: the steps done and the one typing live here and
// nowhere else. A step is typed once per shell, whichever window asks and however often; steps
// asked for while one types wait their turn, and the one typing is finished at once (its remaining
// keys in one write, its pause cut short): the teacher who presses "next" again wants to move on,
// yet the next step's keys must not land in the middle of the output of the one before.

import { EventEmitter } from 'node:events';
import type { PaneStep } from '../../common/deck.js';
import { ShellExitedError, ShellWatcher } from './shell-watcher.js';
import { playStep, STEP_TIMING_DEFAULTS, StepFailure, waitForPrompt } from './step-player.js';
import type { TerminalSession } from './session.js';

export interface StepRunnerEvents {
  /** Step `step` started typing (its marker is in the recording), or ended. */
  step: [step: number, state: 'typing' | 'done'];
  /** A step did not end as it should (no prompt within the timeout...); the next ones go on. */
  problem: [message: string];
}

/** What windows of the shell are told when they (re)attach. */
export interface StepProgress {
  /** Steps played to their end, ascending. */
  done: number[];
  /** The step being typed (or waited for), or null. */
  typing: number | null;
}

/** How long the first step waits for the prompt. A live shell shows it within a moment of its
 * start (setup.sh ran before); past that, the teacher has typed part of a line or left a program
 * running, and "next" should not look dead for `record`'s 30 s. */
const FIRST_PROMPT_MS = 3000;

export class StepRunner extends EventEmitter<StepRunnerEvents> {
  private readonly done = new Set<number>();
  private readonly queue: number[] = [];
  private typing: number | null = null;
  private running = false;
  /** Aborted to finish the step being typed at once. */
  private hurry = new AbortController();
  private readonly stop = new AbortController();
  /** Made with the first step: a shell whose steps are never played costs no second screen. */
  private watcher: ShellWatcher | null = null;

  constructor(
    private readonly session: TerminalSession,
    /** The pane's steps as the deck has them now (a recompiled deck may have changed them). */
    private readonly steps: () => readonly PaneStep[],
  ) {
    super();
  }

  get progress(): StepProgress {
    return { done: [...this.done].sort((a, b) => a - b), typing: this.typing };
  }

  /** Asks for step `step`; null when taken (or already typed, typing, waiting), else why not. */
  play(step: number): string | null {
    const count = this.steps().length;
    if (step >= count) return `step ${step + 1} does not exist: this pane has ${count} step${count === 1 ? '' : 's'}`;
    if (this.session.exitStatus !== null) return `the shell has exited: step ${step + 1} not typed`;
    if (this.done.has(step) || this.typing === step || this.queue.includes(step)) return null;
    this.queue.push(step);
    this.hurry.abort();
    if (!this.running) void this.run();
    return null;
  }

  dispose(): void {
    this.stop.abort();
    this.queue.length = 0;
    this.watcher?.dispose();
    this.watcher = null;
    this.removeAllListeners();
  }

  private async run(): Promise<void> {
    const signal = this.stop.signal;
    this.running = true;
    try {
      if (!this.watcher) {
        this.watcher = new ShellWatcher(this.session, 'now');
        // A shell still starting is waited for, as `record` waits for its first prompt.
        if (!(await waitForPrompt(this.watcher, { ...STEP_TIMING_DEFAULTS, timeoutMs: FIRST_PROMPT_MS, signal }))) {
          this.emit('problem', `no prompt at the cursor within ${FIRST_PROMPT_MS / 1000} s; typing step ${this.queue[0]! + 1} anyway`);
        }
      }
      for (let step = this.queue.shift(); step !== undefined; step = this.queue.shift()) {
        this.typing = step;
        this.hurry = new AbortController();
        // Steps already asked for after this one: the teacher has moved past it.
        if (this.queue.length > 0) this.hurry.abort();
        this.emit('step', step, 'typing');
        try {
          await playStep(this.session, this.watcher, this.steps(), step, { ...STEP_TIMING_DEFAULTS, signal, hurry: this.hurry.signal });
        } catch (error) {
          // A step that ends the shell (`exit`) was typed all the same.
          if (!(error instanceof StepFailure) || this.session.exitStatus !== null) throw error;
          this.emit('problem', `step ${step + 1} ${error.what}`);
        }
        this.done.add(step);
        this.typing = null;
        this.emit('step', step, 'done');
      }
    } catch (error) {
      // The shell ended or the runner was disposed: the steps still waiting are not typed.
      this.queue.length = 0;
      const ended = error instanceof ShellExitedError || error instanceof StepFailure || signal.aborted;
      if (!ended) this.emit('problem', `steps stopped: ${(error as Error).message}`);
    } finally {
      this.typing = null;
      this.running = false;
    }
  }
}
