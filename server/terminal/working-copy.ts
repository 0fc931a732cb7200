// A fresh working copy for one terminal session: the demo's helper files copied to the session's
// folder (containment.ts: under the launch's, so that nothing is left in the temp dir however the
// server stops) and its setup.sh run there, in the session's cell, so every run of a demo starts
// from the same state and never changes demos/ itself. Removed when the session ends.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_NAME_PATTERN } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import type { Containment, SessionCell } from './containment.js';
import { killSessionProcesses } from './process-tree.js';
import { SESSION_ENV_VAR } from './environment.js';

/** A demo folder as the terminal back end needs it. */
export interface DemoFolder {
  name: string;
  /** Absolute path of demos/<name>/. */
  dir: string;
  /** Absolute path of its setup.sh, or null. */
  setupScript: string | null;
}

/** livedeck's own files in a demo folder: not copied, so `ls` in a demo shows the demo only. */
const DEMO_OWN_FILES = new Set(['steps.sh', 'setup.sh', 'session.cast']);
const SETUP_TIMEOUT_MS = 20_000;
/** How much of setup.sh's output is kept for the error message. */
const SETUP_OUTPUT_TAIL_BYTES = 4096;

/** demos/<name>/ if it is a demo (a folder with steps.sh), else null. */
export async function findDemoFolder(demosDir: string, name: string): Promise<DemoFolder | null> {
  if (!DEMO_NAME_PATTERN.test(name)) return null;
  const dir = path.resolve(demosDir, name);
  if (!(await isFile(path.join(dir, 'steps.sh')))) return null;
  const setup = path.join(dir, 'setup.sh');
  return { name, dir, setupScript: (await isFile(setup)) ? setup : null };
}

export class WorkingCopy {
  private disposed = false;

  /** `dir` is where the shell runs; `root` the session's folder holding it. */
  private constructor(readonly dir: string, private readonly root: string) {}

  /** Copies the demo (or, for a plain shell, makes an empty dir: the same clean start every
   * time, and the teacher's home is not listed on the projector) into the cell's folder and
   * runs its setup.sh there with the session's environment. */
  static async create(demo: DemoFolder | null, env: Record<string, string>, containment: Containment, cell: SessionCell): Promise<WorkingCopy> {
    // The shell's folder is named after the demo (the prompt shows "processus", not a number
    // or a random name that would eat half of an 80-column line); its parent is the unique one.
    const root = cell.workDir;
    const dir = path.join(root, demo?.name ?? 'shell');
    const copy = new WorkingCopy(dir, root);
    try {
      await mkdir(dir, { mode: 0o700 });
      if (demo !== null) {
        const source = path.resolve(demo.dir);
        await cp(source, dir, {
          recursive: true,
          verbatimSymlinks: true,
          filter: (file) => path.dirname(file) !== source || !DEMO_OWN_FILES.has(path.basename(file)),
        });
        if (demo.setupScript !== null) await runSetup(demo, dir, env, containment, cell);
      }
    } catch (error) {
      await copy.dispose();
      throw error;
    }
    return copy;
  }

  /** Removes the directory, even where the demo took write permission away. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    try {
      await rm(this.root, { recursive: true, force: true });
    } catch {
      await makeWritable(this.root);
      await rm(this.root, { recursive: true, force: true });
    }
  }
}

async function runSetup(demo: DemoFolder, cwd: string, env: Record<string, string>, containment: Containment, cell: SessionCell): Promise<void> {
  // In the session's cell, holding no descriptor but its pipes: a daemon it starts lives with
  // the session and ends with it.
  const launch = containment.wrap(cell, '/bin/bash', [demo.setupScript!]);
  const child = spawn(launch.file, launch.args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let tail = Buffer.alloc(0);
  const keep = (chunk: Buffer) => {
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > SETUP_OUTPUT_TAIL_BYTES) tail = tail.subarray(tail.length - SETUP_OUTPUT_TAIL_BYTES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void killSessionProcesses({ sessionId: env[SESSION_ENV_VAR]!, rootPid: child.pid!, marker: cell.marker, cgroup: cell.cgroup }, { graceMs: 100 });
  }, SETUP_TIMEOUT_MS);
  const closed = once(child, 'close').catch(() => {});
  // 'exit', not 'close': a daemon started by setup.sh keeps the pipes open (it lives on with the
  // session, which kills it at the end).
  const result = await new Promise<{ code: number | null; signal: string | null } | Error>((resolve) => {
    child.once('error', resolve);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  // Let the last output arrive, unless a daemon holds the pipes. Such a daemon must not get
  // EPIPE when it logs later: its output is drained (and dropped) for as long as it lives.
  await Promise.race([closed, sleep(200)]);
  for (const stream of [child.stdout, child.stderr] as Socket[]) {
    stream.off('data', keep);
    stream.resume();
    stream.unref();
  }

  const where = `demos/${demo.name}/setup.sh`;
  let failure: string | null = null;
  if (result instanceof Error) failure = `${where} could not be run: ${result.message}`;
  else if (timedOut) failure = `${where} did not finish within ${SETUP_TIMEOUT_MS / 1000} s`;
  else if (result.code !== 0) failure = `${where} failed (${result.signal ?? `exit status ${result.code}`})`;
  if (failure === null) return;
  const output = tail.toString('utf8').trimEnd();
  throw new LivedeckError('setup-failed', output ? `${failure}; its output ends with:\n${output}` : `${failure} (no output)`, {
    hint: `run it by hand in a copy of demos/${demo.name}/ to see what goes wrong`,
  });
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => {});
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await makeWritable(path.join(dir, entry.name));
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
