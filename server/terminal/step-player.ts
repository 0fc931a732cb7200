// Plays demo steps into a shell as a person would: a marker, then the command typed key by key (the
// delays are part of the recording), Enter, and a wait until the output has settled before the
// next step. The one step engine: `livedeck record` plays a demo's steps in a row (playSteps), a
// live pane's steps are played one by one as the teacher reaches them (step-runner.ts), both
// through playStep. Knows nothing of files: the recording listens to the session.

import type { PaneStep } from '../../common/deck.js';
import { stepMarkLabel } from '../../common/steps.js';
import type { DemoStep } from '../demos/steps.js';
import { LivedeckError } from '../errors.js';
import type { TerminalSession } from './session.js';
import { delay, ShellExitedError, type ShellWatcher } from './shell-watcher.js';

/** How steps are typed and waited for, live and recorded alike. */
export interface StepTiming {
  /** Delay after each key typed, in ms. */
  typingMs: number;
  /** How long a step may take to show its `#@ wait` text and give the prompt back, in ms. */
  timeoutMs: number;
  /** The output counts as settled after this long without any, in ms. */
  quietMs: number;
}

export const STEP_TIMING_DEFAULTS: Readonly<StepTiming> = { typingMs: 35, timeoutMs: 30_000, quietMs: 600 };

export interface StepPlay extends StepTiming {
  signal?: AbortSignal;
  /** Once aborted, the step is finished at once: the rest of its keys go in one write and its
   * `#@ pause` is cut short. Its `#@ wait` text and the prompt are still waited for, so that what
   * is typed next does not land in the middle of its output, but HURRIED_WAIT_MS at most. */
  hurry?: AbortSignal;
}

export interface PlayOptions extends StepTiming {
  /** steps.sh, for errors that point at a step. */
  stepsFile: string;
  stepsSource: string;
  signal?: AbortSignal;
  /** Called as each step ends, with its duration in seconds. */
  onStep?: (index: number, step: DemoStep, seconds: number) => void;
}

/** A step that did not end as it should: what happened and what to do about it. */
export class StepFailure extends Error {
  constructor(readonly what: string, readonly hint: string) {
    super(what);
  }
}

/** A step whose command keeps the terminal (`fg`, `top`) and is followed by keys gets this long to
 * show its output when it never goes quiet (a program that prints without pause). */
const NO_PROMPT_SETTLE_MS = 3000;
/** The shell's first prompt (setup already ran) and continuation prompts come at least this fast. */
const FIRST_PROMPT_QUIET_MS = 300;
const CONTINUATION_QUIET_MS = 100;
/** A hurried step's output is waited for this long at most: a teacher who pressed "next" again
 * after a command that hangs (a server that does not start) is not kept waiting for the timeout. */
const HURRIED_WAIT_MS = 3000;

/** Waits for the shell's first prompt, then plays every step (`livedeck record`). */
export async function playSteps(session: TerminalSession, watcher: ShellWatcher, steps: DemoStep[], options: PlayOptions): Promise<void> {
  if (!(await waitForPrompt(watcher, options))) {
    throw new LivedeckError('record-timeout', `the shell showed no prompt within ${options.timeoutMs / 1000} s`, {
      hint: `its screen:\n${await screenTail(watcher)}`,
    });
  }
  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    try {
      await playStep(session, watcher, steps, index, options);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      throw new LivedeckError('record-step', `step ${index + 1} of ${steps.length} ${error.what}`, {
        file: options.stepsFile,
        line: step.line,
        source: options.stepsSource,
        hint: `${error.hint}\n  the screen at that moment:\n${await screenTail(watcher)}`,
      });
    }
    options.onStep?.(index, step, (performance.now() - started) / 1000);
  }
}

/** Whether the shell showed its prompt (and then stayed quiet a moment) within the timeout: the
 * wait before a shell's first step. */
export function waitForPrompt(watcher: ShellWatcher, options: StepTiming & { signal?: AbortSignal }): Promise<boolean> {
  return watcher.until(promptSettled(watcher, FIRST_PROMPT_QUIET_MS), performance.now() + options.timeoutMs, options.signal);
}

/**
 * A condition for ShellWatcher.until: the prompt is at the cursor and has been for `ms` with no
 * output, or for `ms` with output that left it there (a program in the background that draws
 * elsewhere on the screen and puts the cursor back, like a clock in a corner, is never quiet).
 */
function promptSettled(watcher: ShellWatcher, ms: number): () => Promise<boolean> {
  let since: number | null = null;
  return async () => {
    if (!(await watcher.promptShown())) {
      since = null;
      return false;
    }
    since ??= performance.now();
    return watcher.quietMs >= ms || performance.now() - since >= ms;
  };
}

/**
 * Plays step `index` of `steps`: its marker, its keys, then waits for its `#@ wait` text, for its
 * output to settle (with the prompt back, unless the next step sends keys to the program it
 * started), and its `#@ pause`. Throws StepFailure when the step did not end as it should.
 * `steps`: a demo's (steps.sh) or a deck pane's (which may differ: `autoenter=false`).
 */
export async function playStep(session: TerminalSession, watcher: ShellWatcher, steps: readonly PaneStep[], index: number, options: StepPlay): Promise<void> {
  const { signal } = options;
  const step = steps[index]!;
  const next = steps[index + 1];
  const started = performance.now();
  const movedOn = hurriedFor(options.hurry, HURRIED_WAIT_MS);
  try {
    session.mark(stepMarkLabel(index, step));
    await typeStep(session, watcher, step, options);
    const deadline = performance.now() + options.timeoutMs;
    if (step.wait !== null) {
      const text = step.wait;
      if (!(await watcher.until(() => watcher.captured().includes(text) || movedOn(), deadline, signal))) {
        throw new StepFailure(`did not show "${text}" within ${options.timeoutMs / 1000} s`,
          'the `#@ wait` text must appear in the output of the step itself; check its spelling, or give more time with --timeout');
      }
    }
    // A command that keeps the terminal (`fg`, `top`, `tail -f`) is followed by the keys that
    // give it back (`#@ keys ^Z`): its prompt cannot be expected. Nor after a `noenter` command.
    const promptExpected = step.enter && next?.keys == null;
    const prompt = promptSettled(watcher, options.quietMs);
    const settled = promptExpected
      ? async () => (watcher.answered && (await prompt())) || movedOn()
      : () => watcher.quietMs >= options.quietMs || performance.now() - started >= NO_PROMPT_SETTLE_MS;
    if (!(await watcher.until(settled, deadline, signal))) {
      throw new StepFailure(`did not give the prompt back within ${options.timeoutMs / 1000} s`,
        'a command that keeps the terminal (fg, top, tail -f) must be followed by a `#@ keys` step that gives it back (^C, ^Z, q); '
        + 'a slow one needs more time: --timeout');
    }
    if (step.pause > 0) await pause(step.pause * 1000, options);
  } catch (error) {
    if (error instanceof ShellExitedError) {
      throw new StepFailure(`ended the shell (${error.message})`, 'a recorded demo must leave its shell running: remove the step that exits it');
    }
    throw error;
  } finally {
    movedOn.dispose();
  }
}

/** Whether `hurry` was aborted at least `ms` ago (false without one). */
function hurriedFor(hurry: AbortSignal | undefined, ms: number): (() => boolean) & { dispose(): void } {
  let since = hurry?.aborted ? performance.now() : null;
  const onHurry = () => (since = performance.now());
  if (hurry && since === null) hurry.addEventListener('abort', onHurry, { once: true });
  return Object.assign(() => since !== null && performance.now() - since >= ms, {
    dispose: () => hurry?.removeEventListener('abort', onHurry),
  });
}

/** Types the step's command key by key, each line followed by Enter (the last one unless
 * `noenter`), or sends its keys. The watcher's step starts as each line is submitted, so output
 * captured for `#@ wait` is the last line's. */
async function typeStep(session: TerminalSession, watcher: ShellWatcher, step: PaneStep, options: StepPlay): Promise<void> {
  const { signal } = options;
  if (step.keys !== null) {
    watcher.stepStarted();
    // Escape sequences (arrow keys) are one key each.
    await typeKeys(session, step.keys.match(/\x1b\[[A-D]|[\s\S]/gu) ?? [], options);
    return;
  }
  const lines = step.command.split('\n');
  for (const [i, line] of lines.entries()) {
    await typeKeys(session, [...line], options);
    watcher.stepStarted();
    const last = i === lines.length - 1;
    if (last && !step.enter) return;
    session.write('\r');
    if (last) return;
    // Let bash print its continuation prompt before the next line, or the terminal would echo
    // that line twice (typed ahead, then redrawn by readline).
    const deadline = performance.now() + options.timeoutMs;
    const ready = async () => watcher.answered && watcher.quietMs >= CONTINUATION_QUIET_MS
      && ((await watcher.continuationShown()) || (await watcher.promptShown()));
    if (!(await watcher.until(ready, deadline, signal))) {
      throw new StepFailure(`line ${i + 1} of the command got no continuation prompt within ${options.timeoutMs / 1000} s`,
        'each line but the last of a multi-line command must leave the command open (a trailing `\\`, an open quote, a heredoc)');
    }
  }
}

/** Writes the keys one by one, `typingMs` apart; once hurried, the rest in one write. */
async function typeKeys(session: TerminalSession, keys: string[], options: StepPlay): Promise<void> {
  for (const [i, key] of keys.entries()) {
    if (options.typingMs <= 0 || options.hurry?.aborted) {
      session.write(keys.slice(i).join(''));
      return;
    }
    session.write(key);
    await pause(options.typingMs, options);
  }
}

/** A delay that a hurry ends early and an abort cuts short (rejecting). */
function pause(ms: number, { signal, hurry }: StepPlay): Promise<void> {
  if (!hurry) return delay(ms, signal);
  if (hurry.aborted) return Promise.resolve();
  const hurried = new AbortController();
  const onHurry = () => hurried.abort();
  hurry.addEventListener('abort', onHurry, { once: true });
  return delay(ms, AbortSignal.any([hurried.signal, ...(signal ? [signal] : [])]))
    .catch((error: unknown) => {
      if (!hurried.signal.aborted || signal?.aborted) throw error;
    })
    .finally(() => hurry.removeEventListener('abort', onHurry));
}

/** The last non-blank rows of the screen, indented, for error messages. */
export async function screenTail(watcher: ShellWatcher): Promise<string> {
  const lines = await watcher.lines();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-8).map((line) => `    | ${line}`).join('\n');
}
