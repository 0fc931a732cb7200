// Watches a terminal session the way a person at the keyboard does: what the screen shows (is the
// prompt back?), how long the output has been quiet, and whether a given text has appeared since
// some point. The step player waits on it between the steps it types.

import type { ExitStatus, TerminalSession, TerminalSize } from './session.js';
import { TerminalScreen } from '../casts/terminal-screen.js';

/** A livedeck shell's prompt at the cursor: `user@livedeck:dir$ ` (`#` for root, `%` in zsh). */
const PROMPT_AT_CURSOR = /@livedeck:.*[$#%] $/;
/** What bash prints while a command is incomplete (PS2): an open quote, `\`, a heredoc. */
const CONTINUATION_AT_CURSOR = /^> $/;
/** How often conditions are checked while waiting. */
const POLL_MS = 40;
/** Captured output kept for `#@ wait` (characters). */
const MAX_CAPTURE = 1 << 20;

// CSI, OSC (ended by BEL or ST), charset and other two-byte escapes: what is left is the text.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()*+][0-9A-Za-z]|\x1b[@-_]/g;

export class ShellWatcher {
  private readonly screen: TerminalScreen;
  private readonly decoder = new TextDecoder();
  private lastOutputAt = performance.now();
  private stepStartedAt = performance.now();
  private outputSinceStep = false;
  private capture = '';
  private status: ExitStatus | null = null;
  /** What came while the screen waits for the session's snapshot (see `from`), in order. */
  private held: Array<Buffer | TerminalSize> | null = null;
  /** Resolves once the screen has the snapshot it starts from. */
  private readonly seeded: Promise<void> = Promise.resolve();
  private readonly onOutput = (data: Buffer) => this.output(data);
  private readonly onResize = (size: TerminalSize) => this.resize(size);
  private readonly onExit = (status: ExitStatus) => (this.status = status);
  private disposed = false;

  /**
   * `from`: 'start' for a shell that has printed nothing yet (attach in the tick it started in);
   * 'now' for one that has run for a while (a live shell): the screen starts from the session's
   * snapshot, which the output that follows continues exactly, and counts as quiet until then.
   */
  constructor(private readonly session: TerminalSession, from: 'start' | 'now' = 'start') {
    this.screen = new TerminalScreen(session.cols, session.rows);
    if (from === 'now') {
      // What the snapshot shows is taken as settled: output from now on says otherwise.
      this.lastOutputAt = 0;
      this.stepStartedAt = 0;
      const snapshot = session.snapshot();
      this.held = [];
      this.seeded = snapshot.then(async ({ data, cols, rows }) => {
        if (this.disposed) return;
        await this.screen.resize(cols, rows);
        void this.screen.write(data);
        for (const item of this.held ?? []) {
          if (Buffer.isBuffer(item)) void this.screen.write(item);
          else void this.screen.resize(item.cols, item.rows);
        }
        this.held = null;
      });
    }
    session.on('output', this.onOutput);
    session.on('resize', this.onResize);
    session.once('exit', this.onExit);
  }

  /** The shell's exit status once it has ended, else null. */
  get exitStatus(): ExitStatus | null {
    return this.status;
  }

  /** Milliseconds without output, counted from the start of the step at the earliest: a command
   * just submitted has not had time to answer yet. */
  get quietMs(): number {
    return performance.now() - Math.max(this.lastOutputAt, this.stepStartedAt);
  }

  /** A step was just submitted (its Enter or its keys): output is captured anew for `captured()`
   * and quiet is counted from now. */
  stepStarted(): void {
    this.capture = '';
    this.stepStartedAt = performance.now();
    this.outputSinceStep = false;
  }

  /** Whether the shell has written anything since stepStarted(): until it has, the screen still
   * shows the state from before the step (a prompt that is not the new one). */
  get answered(): boolean {
    return this.outputSinceStep;
  }

  /** Output since stepStarted(), escape sequences removed. */
  captured(): string {
    return this.capture.replace(ESCAPES, '');
  }

  /** Whether the row of the cursor ends with a prompt, as of all output so far. */
  async promptShown(): Promise<boolean> {
    await this.seeded;
    await this.screen.write('');
    return PROMPT_AT_CURSOR.test(this.screen.textBeforeCursor());
  }

  /** Whether bash waits for the rest of an incomplete command (`> `). */
  async continuationShown(): Promise<boolean> {
    await this.seeded;
    await this.screen.write('');
    return CONTINUATION_AT_CURSOR.test(this.screen.textBeforeCursor());
  }

  /** The screen's rows as of all output so far. */
  async lines(): Promise<string[]> {
    await this.seeded;
    await this.screen.write('');
    return this.screen.lines();
  }

  /**
   * Resolves true once `condition` holds, false when `deadline` (a performance.now() time) passes
   * first. Rejects when the shell exits or `signal` aborts.
   */
  async until(condition: () => boolean | Promise<boolean>, deadline: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      signal?.throwIfAborted();
      if (await condition()) return true;
      if (this.status !== null) throw new ShellExitedError(this.status);
      if (performance.now() >= deadline) return false;
      await delay(Math.min(POLL_MS, Math.max(1, deadline - performance.now())), signal);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.session.off('output', this.onOutput);
    this.session.off('resize', this.onResize);
    this.session.off('exit', this.onExit);
    this.screen.dispose();
  }

  private output(data: Buffer): void {
    this.lastOutputAt = performance.now();
    this.outputSinceStep = true;
    if (this.held) this.held.push(data);
    else void this.screen.write(data);
    this.capture += this.decoder.decode(data, { stream: true });
    if (this.capture.length > MAX_CAPTURE) this.capture = this.capture.slice(-MAX_CAPTURE / 2);
  }

  private resize(size: TerminalSize): void {
    if (this.held) this.held.push(size);
    else void this.screen.resize(size.cols, size.rows);
  }
}

export class ShellExitedError extends Error {
  constructor(readonly status: ExitStatus) {
    super(status.signal ? `the shell was killed by signal ${status.signal}` : `the shell exited with status ${status.code}`);
  }
}

/** A pause that an abort cuts short (rejecting with the abort reason). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
