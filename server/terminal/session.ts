// One live shell: a pty in a fresh working copy, a mirror of its screen (so a reattaching client
// gets it back), output batched for sockets, and back-pressure holds. Knows
// nothing of sockets: clients and the recorder listen to its events.

import { EventEmitter } from 'node:events';
import * as pty from 'node-pty';
import { LivedeckError } from '../errors.js';
import { publishHop } from './diagnostics.js';
import { launchContainment, type Containment, type SessionCell } from './containment.js';
import { shellEnvironment, shellLaunch } from './environment.js';
import { killSessionProcesses } from './process-tree.js';
import { ScreenMirror, type ScreenSnapshot } from './screen-mirror.js';
import { WorkingCopy, type DemoFolder } from './working-copy.js';

export interface TerminalSessionOptions {
  id: string;
  demo: DemoFolder | null;
  cols: number;
  rows: number;
  shell: string;
  /** LANG of the shell; default C.UTF-8. */
  lang?: string;
  /** Lines kept above the screen for reattach; default 1000. */
  scrollback?: number;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface ExitStatus {
  code: number;
  /** Number of the signal that ended the shell, if one did. */
  signal?: number;
}

export type { ScreenSnapshot };

export interface TerminalSessionEvents {
  /** Shell output, batched (see OUTPUT_FLUSH_*), in order, raw bytes. */
  output: [data: Buffer];
  resize: [size: TerminalSize];
  /** A marker for the recording (a step, a slide change), after the output before it. */
  mark: [label: string];
  /** Once: the shell ended (by itself, or killed by dispose). Output before it was emitted. */
  exit: [status: ExitStatus];
}

/** Output is sent when it has waited this long ... */
const OUTPUT_FLUSH_MS = 5;
/** ... or this much has accumulated, or at once shortly after input (see ECHO_WINDOW_MS). */
const OUTPUT_FLUSH_BYTES = 32 * 1024;
/** After a keystroke, how long output is sent as it comes rather than batched. */
const ECHO_WINDOW_MS = 20;
/** After the shell exited, how long cleanup waits for node-pty's exit event on dispose. */
const EXIT_WAIT_MS = 2000;

export class TerminalSession extends EventEmitter<TerminalSessionEvents> {
  readonly id: string;
  readonly demo: DemoFolder | null;
  readonly shell: string;
  readonly pid: number;
  private readonly pty: pty.IPty;
  private readonly workingCopy: WorkingCopy;
  private readonly containment: Containment;
  private readonly cell: SessionCell;
  private readonly screen: ScreenMirror;
  private size: TerminalSize;
  private status: ExitStatus | null = null;
  private readonly exited: Promise<void>;
  private cleanup: Promise<void> | null = null;

  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Until then (performance.now()), output is sent as it comes: the echo of a keystroke. */
  private echoUntil = 0;

  /** Who currently needs the shell paused (presenter windows). */
  private readonly holds = new Set<object>();
  private paused = false;

  /** Makes the working copy (running setup.sh) and spawns the shell in it, both in a cell of
   * the process's containment (containment.ts). */
  static async start(options: TerminalSessionOptions): Promise<TerminalSession> {
    const env = shellEnvironment({ sessionId: options.id, shell: options.shell, lang: options.lang });
    const containment = await launchContainment();
    const cell = await containment.cell();
    let workingCopy: WorkingCopy;
    try {
      workingCopy = await WorkingCopy.create(options.demo, env, containment, cell);
    } catch (error) {
      await endCell(options.id, containment, cell); // a daemon setup.sh started before failing
      throw error;
    }
    const launch = shellLaunch(options.shell);
    const contained = containment.wrap(cell, launch.file, launch.args, launch.prompt);
    let shell: pty.IPty;
    try {
      shell = pty.spawn(contained.file, contained.args, {
        name: env['TERM'],
        cols: options.cols,
        rows: options.rows,
        cwd: workingCopy.dir,
        env,
        // Raw bytes: they go to sockets as binary frames and the decoders there (xterm.js, the
        // recorder's TextDecoder) handle characters cut between chunks.
        encoding: null,
        // No in-band XON/XOFF: Ctrl-S/Ctrl-Q must reach the shell. Back-pressure is explicit
        // pause()/resume() driven by acks (see hold()).
        handleFlowControl: false,
      });
    } catch (error) {
      await workingCopy.dispose();
      await endCell(options.id, containment, cell);
      throw new LivedeckError('spawn-failed', `cannot start the shell ${options.shell}: ${(error as Error).message}`);
    }
    return new TerminalSession(options, shell, workingCopy, containment, cell);
  }

  private constructor(options: TerminalSessionOptions, shell: pty.IPty, workingCopy: WorkingCopy, containment: Containment, cell: SessionCell) {
    super();
    // Every window of the shell listens (a class following it is a few hundred): the service's
    // connection limit bounds them, not EventEmitter's leak heuristic of 10.
    this.setMaxListeners(0);
    this.id = options.id;
    this.demo = options.demo;
    this.shell = options.shell;
    this.pty = shell;
    this.pid = shell.pid;
    this.workingCopy = workingCopy;
    this.containment = containment;
    this.cell = cell;
    this.size = { cols: options.cols, rows: options.rows };
    this.screen = new ScreenMirror(options.cols, options.rows, options.scrollback ?? 1000);

    // node-pty's typings say string, but with `encoding: null` it hands over Buffers.
    shell.onData((data: string | Buffer) => this.onOutput(typeof data === 'string' ? Buffer.from(data) : data));
    this.exited = new Promise((resolve) => {
      shell.onExit(({ exitCode, signal }) => {
        this.flush();
        this.status = signal ? { code: exitCode, signal } : { code: exitCode };
        this.emit('exit', this.status);
        resolve();
        void this.dispose();
      });
    });
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  /** Null while the shell runs. */
  get exitStatus(): ExitStatus | null {
    return this.status;
  }

  /** Keyboard input. Output that follows is flushed at once, so echo is immediate. */
  write(data: string | Buffer): void {
    if (this.status !== null || this.cleanup !== null) return;
    publishHop('input');
    this.echoUntil = performance.now() + ECHO_WINDOW_MS;
    this.pty.write(data);
    publishHop('written');
  }

  resize(cols: number, rows: number): void {
    if (this.status !== null || this.cleanup !== null) return;
    if (cols === this.size.cols && rows === this.size.rows) return;
    this.flush();
    this.pty.resize(cols, rows);
    this.size = { cols, rows };
    this.screen.resize(cols, rows);
    this.emit('resize', { cols, rows });
  }

  mark(label: string): void {
    this.flush();
    this.emit('mark', label);
  }

  /** The screen as of every `output` event emitted so far (pending output is flushed first).
   * Output emitted after this call is exactly what the snapshot lacks: subscribe to `output`
   * right after calling it, in the same tick. */
  snapshot(): Promise<ScreenSnapshot> {
    this.flush();
    return this.screen.snapshot();
  }

  /** Pauses the shell's output until every holder has released it. */
  hold(holder: object): void {
    this.holds.add(holder);
    if (!this.paused && this.cleanup === null) {
      this.paused = true;
      this.pty.pause();
    }
  }

  release(holder: object): void {
    this.holds.delete(holder);
    if (this.paused && this.holds.size === 0 && this.cleanup === null) {
      this.paused = false;
      this.pty.resume();
    }
  }

  /** Ends the session: every process it started is killed (process-tree.ts), then the working
   * copy is removed. Emits `exit` if the shell was still running. Safe to call twice. */
  dispose(): Promise<void> {
    this.cleanup ??= this.end();
    return this.cleanup;
  }

  private async end(): Promise<void> {
    this.clearFlushTimers();
    // Output from now on is dropped (see onOutput); the shell stays paused if it was, or a
    // killed `yes` would still flood every client during the grace period.
    await killSessionProcesses({ sessionId: this.id, rootPid: this.pid, marker: this.cell.marker, cgroup: this.cell.cgroup });
    await Promise.race([this.exited, delay(EXIT_WAIT_MS)]);
    // A working copy that cannot be removed now is left to the launch's cleanup: not a reason to
    // fail the server's shutdown (dispose never rejects).
    await this.workingCopy.dispose().catch(() => {});
    await this.containment.release(this.cell);
    // Let the screen parse what it holds, so every pending snapshot() resolves.
    await this.screen.dispose();
  }

  private onOutput(data: Buffer): void {
    if (this.cleanup !== null) return; // being killed: nobody needs it
    publishHop('output');
    this.screen.write(data);
    this.batch.push(data);
    this.batchBytes += data.length;
    // Output right after a keystroke holds its echo: sent from here, not from a later macrotask,
    // where it would wait behind whatever else the event loop holds (measured: the p99 echo). Not
    // only the first piece: on a busy terminal (a counter ticking) the first output after the
    // key may be the program's, and the echo the next (bench/viewers.ts's printing shell).
    if (this.batchBytes >= OUTPUT_FLUSH_BYTES || performance.now() < this.echoUntil) {
      this.flush();
    } else {
      this.flushTimer ??= setTimeout(() => this.flush(), OUTPUT_FLUSH_MS);
    }
  }

  private flush(): void {
    this.clearFlushTimers();
    if (this.batchBytes === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    this.emit('output', data);
    publishHop('sent');
  }

  private clearFlushTimers(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }
}

async function endCell(sessionId: string, containment: Containment, cell: SessionCell): Promise<void> {
  await killSessionProcesses({ sessionId, rootPid: null, marker: cell.marker, cgroup: cell.cgroup }, { graceMs: 0 });
  await containment.release(cell);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
