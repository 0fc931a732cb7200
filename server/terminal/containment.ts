// Where one livedeck process keeps its shells, so that nothing they start outlives them however the
// process ends: every session gets a cell (its own cgroup where the machine lets us make one, and
// everywhere a marker its processes inherit), every working copy lives in one folder of the launch,
// a state file says what the launch holds, a watchdog (watchdog.ts) cleans up if the process dies
// without doing so, and the next start sweeps launches that neither cleaned.
//
// The marker is the RLIMIT_LOCKS limit (soft and hard), set by the shell's launcher to a number of
// the launch and session: Linux has ignored it since 2.4.25, every child inherits it, and neither
// `env -i` nor setsid, nohup or a double fork resets it (an unprivileged process could only lower
// it on purpose). A cgroup is the sure way (cgroup.kill takes every member at once, even one that
// lowered its limits); the marker is the fallback where cgroups cannot be made.

import { randomInt } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killLaunchProcesses, processStartTime } from './process-tree.js';
import type { LaunchRecord } from './launch-record.js';
import { Watchdog } from './watchdog.js';

/** What a session's processes carry, and where its files go. */
export interface SessionCell {
  /** The RLIMIT_LOCKS value of its processes, in decimal. */
  marker: string;
  /** Its cgroup folder, or null where cgroups cannot be made. */
  cgroup: string | null;
  /** A folder of its own under the launch's: the working copy goes inside. */
  workDir: string;
}

/** Markers are the launch's 9 digits then the session's 5 (10000-99999): 14 digits, well under
 * 2^53, and the launch is a prefix that grep and startsWith can match. */
const SESSION_BASE = 10_000;
const SESSION_SPAN = 90_000;

export class Containment {
  private nextSession = 0;
  private disposed = false;

  private constructor(
    readonly record: LaunchRecord,
    /** Null where the state folder is not safe to use (see ownStateDir). */
    private readonly stateFile: string | null,
    private readonly watchdog: Watchdog,
  ) {}

  /** Sweeps launches that died without cleaning up, then makes this one's folder, cgroup, state
   * file and watchdog. */
  static async open(): Promise<Containment> {
    const stateDir = await ownStateDir();
    if (stateDir !== null) await sweepDeadLaunches(stateDir);
    const markerPrefix = String(randomInt(100_000_000, 1_000_000_000));
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'livedeck-'));
    const record: LaunchRecord = {
      pid: process.pid,
      startTime: processStartTime(process.pid) ?? '',
      pidNamespace: pidNamespace(),
      markerPrefix,
      cgroup: makeLaunchCgroup(markerPrefix),
      workDir,
    };
    const stateFile = stateDir === null ? null : path.join(stateDir, `${markerPrefix}.json`);
    if (stateFile !== null) writeFileSync(stateFile, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    return new Containment(record, stateFile, Watchdog.start(record, stateFile));
  }

  /** A new session's cell: its marker, cgroup and folder. */
  async cell(): Promise<SessionCell> {
    const n = SESSION_BASE + (this.nextSession++ % SESSION_SPAN);
    const marker = `${this.record.markerPrefix}${n}`;
    const workDir = path.join(this.record.workDir, String(n));
    // recursive: a long-running server's launch folder may have been cleaned from /tmp meanwhile.
    await mkdir(workDir, { recursive: true, mode: 0o700 });
    return { marker, cgroup: makeCgroup(this.record.cgroup, String(n)), workDir };
  }

  /** The session's processes are gone: its folder and cgroup go too. */
  async release(cell: SessionCell): Promise<void> {
    await rm(cell.workDir, { recursive: true, force: true }).catch(() => {});
    if (cell.cgroup !== null) await rmdirWhenEmpty(cell.cgroup);
  }

  /** How a process joins the cell before it runs `file`: /bin/bash sets the marker, joins the
   * cgroup, closes every descriptor above 2 (node-pty 1.1.0 opens its pty masters without
   * close-on-exec, so a shell would otherwise hold every earlier session's master: it could
   * type into their shells, and keep them alive after the server), then execs `file`. A
   * shell's prompt is given apart: bash drops PS1 from the environment when not interactive. */
  wrap(cell: SessionCell, file: string, args: string[], prompt = ''): { file: string; args: string[] } {
    return { file: '/bin/bash', args: ['--noprofile', '--norc', '-c', LAUNCHER, 'livedeck-launcher', cell.marker, cell.cgroup ?? '', prompt, file, ...args] };
  }

  /** Kills every process of every session at once (no grace): the second Ctrl-C. */
  async killAll(): Promise<void> {
    await killLaunchProcesses(this.record, { graceMs: 0 });
  }

  /** Removes the launch's folders, cgroups and state file (synchronous: it runs on `exit`). The
   * sessions must be over; the watchdog finds nothing left and ends. Whatever cannot be removed
   * now (a folder a demo made read-only, a cgroup not yet empty) is left to the watchdog. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { workDir, cgroup } = this.record;
    const cells = cgroup === null ? [] : tryReaddir(cgroup).map((name) => path.join(cgroup, name));
    for (const remove of [
      () => rmSync(workDir, { recursive: true, force: true }),
      ...cells.map((cell) => () => rmdirSync(cell)),
      () => cgroup !== null && rmdirSync(cgroup),
      () => this.stateFile !== null && unlinkSync(this.stateFile),
    ]) {
      try {
        remove();
      } catch {
        // the watchdog's turn
      }
    }
    this.watchdog.dispose();
  }
}

let current: Promise<Containment> | null = null;

/** The containment of this process, opened on first use and disposed when the process exits. */
export function launchContainment(): Promise<Containment> {
  if (current === null) {
    current = Containment.open();
    void current.then((containment) => process.once('exit', () => containment.dispose()), () => {});
  }
  return current;
}

/** Kills every shell of this process at once, if it started any: a forced stop. */
export async function killEverySession(): Promise<void> {
  if (current === null) return;
  const containment = await current.catch(() => null);
  await containment?.killAll();
}

/** Run by bash -c with: marker, cgroup folder or "", prompt or "", the program and its arguments. Descriptors
 * are listed from /dev/fd (bash's own, /proc/self/fd on Linux); `eval` because a redirection's
 * descriptor number cannot come from a variable otherwise. SHLVL is unset so the shell starts
 * at level 1, as it would without the launcher. */
const LAUNCHER = [
  'm=$1 cg=$2 ps=$3; shift 3',
  'ulimit -x "$m" 2>/dev/null || ulimit -S -x "$m" 2>/dev/null',
  '[ -z "$cg" ] || { echo $$ >"$cg/cgroup.procs"; } 2>/dev/null',
  'for f in /dev/fd/*; do f=${f##*/}; [ "$f" -gt 2 ] 2>/dev/null && eval "exec $f>&-"; done',
  'unset SHLVL',
  '[ -z "$ps" ] || export PS1="$ps"',
  'exec "$@"',
].join('\n');

/** The folder of the user's launch state files, made if needed; null if a folder of that name is
 * not the user's own and private (made by someone else in a shared /tmp, to have a sweep remove
 * what their state files name): the launch then relies on its watchdog alone. */
async function ownStateDir(): Promise<string | null> {
  const dir = path.join(os.tmpdir(), `livedeck-launches-${os.userInfo().uid}`);
  await mkdir(dir, { mode: 0o700 }).catch(() => {});
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === os.userInfo().uid && (stat.mode & 0o077) === 0 ? dir : null;
  } catch {
    return null;
  }
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/** A state file's record, if it is one this launch may act on: names in the shapes a launch
 * makes (a sweep removes its folder and cgroups), and the same pid namespace. */
function parseRecord(text: string): LaunchRecord | null {
  const record = JSON.parse(text) as Partial<LaunchRecord>;
  const workDir = record.workDir ?? '';
  const valid = typeof record.pid === 'number'
    && typeof record.startTime === 'string'
    && record.pidNamespace === pidNamespace()
    && /^\d{9}$/.test(record.markerPrefix ?? '')
    && path.dirname(workDir) === os.tmpdir() && /^livedeck-[A-Za-z0-9]{6}$/.test(path.basename(workDir))
    && (record.cgroup === null || (typeof record.cgroup === 'string' && path.basename(record.cgroup) === `livedeck-${record.markerPrefix}` && record.cgroup.startsWith('/sys/fs/cgroup/')));
  return valid ? (record as LaunchRecord) : null;
}

/** The launch's cgroup under this process's own (cgroup v2), or null where it cannot be made
 * (not Linux, cgroup v1 only, no delegation). */
function makeLaunchCgroup(markerPrefix: string): string | null {
  const own = ownCgroupDir();
  return own === null ? null : makeCgroup(own, `livedeck-${markerPrefix}`);
}

function makeCgroup(parent: string | null, name: string): string | null {
  if (parent === null) return null;
  const dir = path.join(parent, name);
  try {
    mkdirSync(dir);
    return existsSync(path.join(dir, 'cgroup.procs')) ? dir : null;
  } catch {
    return null;
  }
}

/** The folder of this process's cgroup v2, from /proc/self/cgroup ("0::/path") and the cgroup2
 * mount in /proc/self/mountinfo (whose root field says which cgroup it shows). */
function ownCgroupDir(): string | null {
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'));
    if (!line) return null;
    const own = line.slice(3);
    for (const mount of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const [left, right] = mount.split(' - ');
      if (!left || !right?.startsWith('cgroup2 ')) continue;
      const fields = left.split(' ');
      const root = fields[3]!;
      const point = fields[4]!;
      const relative = path.posix.relative(root, own);
      if (relative.startsWith('..')) continue;
      return path.join(point, relative);
    }
  } catch {
    // not Linux
  }
  return null;
}

/** Kills what launches that died left behind, removes their folders and cgroups. */
async function sweepDeadLaunches(stateDir: string): Promise<void> {
  const names = await readdir(stateDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (name) => {
    const file = path.join(stateDir, name);
    let record: LaunchRecord | null;
    try {
      record = parseRecord(await readFile(file, 'utf8'));
    } catch {
      return; // being written by a launch starting now
    }
    if (record === null) return;
    if (processStartTime(record.pid) === record.startTime) return; // still running
    await killLaunchProcesses(record, { graceMs: 0 });
    await rm(record.workDir, { recursive: true, force: true }).catch(() => {});
    if (record.cgroup !== null) {
      const cells = await readdir(record.cgroup, { withFileTypes: true }).catch(() => []);
      await Promise.all(cells.filter((c) => c.isDirectory()).map((c) => rmdirWhenEmpty(path.join(record.cgroup!, c.name))));
      await rmdirWhenEmpty(record.cgroup);
    }
    await unlink(file).catch(() => {});
  }));
}

/** A cgroup can be removed once its last process has gone, a moment after it was killed. */
async function rmdirWhenEmpty(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function tryReaddir(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}
