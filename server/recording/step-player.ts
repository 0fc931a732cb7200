// Plays a demo's steps into a live shell as a person would: a marker, then the command typed key by
// key (the delays are part of the recording), Enter, and a wait until the output has settled
// before the next step. Knows nothing of files: the recording listens to the session.

import type { DemoStep } from '../demos/steps.js';
import { stepMarkLabel } from '../../common/steps.js';
import { LivedeckError } from '../errors.js';
import type { TerminalSession } from '../terminal/session.js';
import { delay, ShellExitedError, type ShellWatcher } from './shell-watcher.js';

export interface PlayOptions {
  /** Delay after each key typed, in ms. */
  typingMs: number;
  /** How long a step may take to show its `#@ wait` text and give the prompt back, in ms. */
  timeoutMs: number;
  /** The output counts as settled after this long without any, in ms. */
  quietMs: number;
  /** steps.sh, for errors that point at a step. */
  stepsFile: string;
  stepsSource: string;
  signal?: AbortSignal;
  /** Called as each step ends, with its duration in seconds. */
  onStep?: (index: number, step: DemoStep, seconds: number) => void;
}

/** A step whose command keeps the terminal (`fg`, `top`) and is followed by keys gets this long to
 * show its output when it never goes quiet (a program that prints without pause). */
const NO_PROMPT_SETTLE_MS = 3000;
/** The shell's first prompt (setup already ran) and continuation prompts come at least this fast. */
const FIRST_PROMPT_QUIET_MS = 300;
const CONTINUATION_QUIET_MS = 100;

/** Waits for the shell's first prompt, then plays every step. */
export async function playSteps(session: TerminalSession, watcher: ShellWatcher, steps: DemoStep[], options: PlayOptions): Promise<void> {
  const { signal } = options;
  const startDeadline = performance.now() + options.timeoutMs;
  const ready = () => watcher.quietMs >= FIRST_PROMPT_QUIET_MS && watcher.promptShown();
  if (!(await watcher.until(ready, startDeadline, signal))) {
    throw new LivedeckError('record-timeout', `the shell showed no prompt within ${options.timeoutMs / 1000} s`, {
      hint: `its screen:\n${await screenTail(watcher)}`,
    });
  }

  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    const next = steps[index + 1];
    try {
      session.mark(stepMarkLabel(index, step));
      await typeStep(session, watcher, step, index, steps.length, options);
      const deadline = performance.now() + options.timeoutMs;
      if (step.wait !== null) {
        const text = step.wait;
        if (!(await watcher.until(() => watcher.captured().includes(text), deadline, signal))) {
          throw await stepError(watcher, index, steps.length, step, options, `did not show "${text}" within ${options.timeoutMs / 1000} s`,
            'the `#@ wait` text must appear in the output of the step itself; check its spelling, or give more time with --timeout');
        }
      }
      // A command that keeps the terminal (`fg`, `top`, `tail -f`) is followed by the keys that
      // give it back (`#@ keys ^Z`): its prompt cannot be expected. Nor after a `noenter` command.
      const promptExpected = step.enter && next?.keys == null;
      const settled = promptExpected
        ? () => watcher.answered && watcher.quietMs >= options.quietMs && watcher.promptShown()
        : () => watcher.quietMs >= options.quietMs || performance.now() - started >= NO_PROMPT_SETTLE_MS;
      if (!(await watcher.until(settled, deadline, signal))) {
        throw await stepError(watcher, index, steps.length, step, options, `did not give the prompt back within ${options.timeoutMs / 1000} s`,
          'a command that keeps the terminal (fg, top, tail -f) must be followed by a `#@ keys` step that gives it back (^C, ^Z, q); '
          + 'a slow one needs more time: --timeout');
      }
      if (step.pause > 0) await delay(step.pause * 1000, signal);
    } catch (error) {
      if (error instanceof ShellExitedError) {
        throw await stepError(watcher, index, steps.length, step, options, `ended the shell (${error.message})`,
          'a recorded demo must leave its shell running: remove the step that exits it');
      }
      throw error;
    }
    options.onStep?.(index, step, (performance.now() - started) / 1000);
  }
}

/** Types the step's command key by key, each line followed by Enter (the last one unless
 * `noenter`), or sends its keys. The watcher's step starts as each line is submitted, so output
 * captured for `#@ wait` is the last line's. */
async function typeStep(session: TerminalSession, watcher: ShellWatcher, step: DemoStep, index: number, count: number, options: PlayOptions): Promise<void> {
  const { signal } = options;
  if (step.keys !== null) {
    watcher.stepStarted();
    // Escape sequences (arrow keys) are one key each.
    for (const key of step.keys.match(/\x1b\[[A-D]|[\s\S]/gu) ?? []) {
      session.write(key);
      await delay(options.typingMs, signal);
    }
    return;
  }
  const lines = step.command.split('\n');
  for (const [i, line] of lines.entries()) {
    await typeText(session, line, options);
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
      throw await stepError(watcher, index, count, step, options, `line ${i + 1} of the command got no continuation prompt within ${options.timeoutMs / 1000} s`,
        'each line but the last of a multi-line command must leave the command open (a trailing `\\`, an open quote, a heredoc)');
    }
  }
}

async function typeText(session: TerminalSession, text: string, options: PlayOptions): Promise<void> {
  if (options.typingMs <= 0) {
    session.write(text);
    return;
  }
  for (const char of text) {
    session.write(char);
    await delay(options.typingMs, options.signal);
  }
}

async function stepError(watcher: ShellWatcher, index: number, count: number, step: DemoStep, options: PlayOptions, what: string, hint: string): Promise<LivedeckError> {
  return new LivedeckError('record-step', `step ${index + 1} of ${count} ${what}`, {
    file: options.stepsFile,
    line: step.line,
    source: options.stepsSource,
    hint: `${hint}\n  the screen at that moment:\n${await screenTail(watcher)}`,
  });
}

/** The last non-blank rows of the screen, indented, for error messages. */
async function screenTail(watcher: ShellWatcher): Promise<string> {
  const lines = await watcher.lines();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-8).map((line) => `    | ${line}`).join('\n');
}
