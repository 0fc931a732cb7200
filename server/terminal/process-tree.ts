// "Nothing left behind": finds every process of a terminal session (or of a whole launch) and kills
// it, including the ones that left the shell's tree (setsid, nohup, a double fork reparented to init).
//
// A process belongs to the session when it is the shell itself, or is in the shell's tty session
// (`setsid()` by node-pty made the shell a session leader; background jobs keep that session id),
// or is in the session's cgroup, or carries its marker (containment.ts: an rlimit that `env -i`
// and setsid keep), or LIVEDECK_SESSION=<id> in its environment, or descends from a member. Linux
// only (/proc); elsewhere (macOS) only the shell's process group is signalled: background jobs
// (own groups), setsid'd and nohup'd processes survive.

import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SESSION_ENV_VAR } from './environment.js';

export interface SessionScope {
  sessionId: string;
  /** The shell: leader of the pty's session and process group; null when it never started. */
  rootPid: number | null;
  /** The RLIMIT_LOCKS value its processes carry (containment.ts), if any. */
  marker?: string | null;
  /** Its cgroup folder, if any. */
  cgroup?: string | null;
}

/** A launch's processes: every marker starting with the prefix, every cgroup under its own. */
export interface LaunchScope {
  markerPrefix: string;
  cgroup: string | null;
}

export interface KillOptions {
  /** Time given to processes to exit after SIGHUP. Default 400 ms. */
  graceMs?: number;
  /** Give up (and report the survivors) after this. Default 5000 ms. */
  timeoutMs?: number;
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  sid: number;
  state: string;
  /** Clock ticks since boot: with the pid, identifies a process across pid reuse. */
  startTime: string;
}

const POLL_MS = 25;

/** Signals every process of the session: SIGHUP (and SIGCONT, so stopped jobs see it), then
 * SIGKILL to whatever is left after the grace, round after round until none is left (a process
 * may fork while it is being killed). Resolves with the pids still alive at the timeout
 * (normally none). */
export async function killSessionProcesses(scope: SessionScope, options: KillOptions = {}): Promise<number[]> {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) return scope.rootPid === null ? [] : killProcessGroup(scope.rootPid, options.graceMs ?? 400);
  if (scope.rootPid !== null) signal(-scope.rootPid, 'SIGHUP');
  return killMembers((all, known) => sessionSeeds(scope, all, known), scope.cgroup ? [scope.cgroup] : [], options);
}

/** Kills every process of a launch at once: what a second Ctrl-C, the next start's sweep (after a
 * launch that died) and the watchdog's script do. */
export async function killLaunchProcesses(scope: LaunchScope, options: KillOptions = {}): Promise<number[]> {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) return [];
  const cgroups = async () => {
    if (scope.cgroup === null) return [];
    const cells = await readdir(scope.cgroup, { withFileTypes: true }).catch(() => []);
    return cells.filter((c) => c.isDirectory()).map((c) => path.join(scope.cgroup!, c.name));
  };
  const prefix = scope.markerPrefix;
  return killMembers(async (all) => {
    const inCgroups = await cgroupMembers(await cgroups());
    const marked = await Promise.all(all.map(async (p) => inCgroups.has(p.pid) || ((await readMarker(p.pid))?.startsWith(prefix) ?? false)));
    return all.filter((_, i) => marked[i]);
  }, await cgroups(), options);
}

type SeedFinder = (all: ProcessInfo[], known: Map<number, string>) => Promise<ProcessInfo[]>;

async function killMembers(seeds: SeedFinder, cgroups: string[], options: KillOptions): Promise<number[]> {
  const graceMs = options.graceMs ?? 400;
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  const known = new Map<number, string>();
  const find = () => findMembers(seeds, known);
  let members = await find();
  if (graceMs > 0) {
    for (const p of members) {
      signal(p.pid, 'SIGHUP');
      signal(p.pid, 'SIGCONT');
    }
    const graceEnd = Date.now() + graceMs;
    while (Date.now() < graceEnd && (await anyAlive(members))) await sleep(POLL_MS);
  }

  while (Date.now() < deadline) {
    // cgroup.kill takes every member at once, a forking one included (Linux 5.14+).
    await Promise.all(cgroups.map((dir) => writeFile(path.join(dir, 'cgroup.kill'), '1').catch(() => {})));
    members = await find();
    if (members.length === 0) return [];
    // Freeze first, then look again: a stopped process cannot fork, so the second scan also
    // holds the children born between the first scan and the stop.
    for (const p of members) signal(p.pid, 'SIGSTOP');
    const more = await find();
    for (const p of [...members, ...more]) signal(p.pid, 'SIGKILL');
    await sleep(POLL_MS);
  }
  return (await find()).map((p) => p.pid);
}

/** The processes that belong to the session by themselves (descendants are added after). */
async function sessionSeeds(scope: SessionScope, all: ProcessInfo[], known: Map<number, string>): Promise<ProcessInfo[]> {
  const tag = Buffer.from(`${SESSION_ENV_VAR}=${scope.sessionId}\0`);
  const inCgroup = scope.cgroup ? await cgroupMembers([scope.cgroup]) : new Set<number>();
  const marker = scope.marker ?? null;
  const member = await Promise.all(all.map(async (p) => isOwnFamily(p, scope, known)
    || inCgroup.has(p.pid)
    || (marker !== null && (await readMarker(p.pid)) === marker)
    || hasTag(p.pid, tag)));
  return all.filter((_, i) => member[i]);
}

/** Live (non-zombie) members: the seeds and their descendants. `known` (pid -> start time)
 * accumulates members across calls, so descendants stay found after their parent died and they
 * were reparented. */
async function findMembers(seeds: SeedFinder, known: Map<number, string>): Promise<ProcessInfo[]> {
  const all = await listProcesses();
  const members = new Map<number, ProcessInfo>();
  for (const p of await seeds(all, known)) members.set(p.pid, p);
  for (const p of all) if (known.get(p.pid) === p.startTime) members.set(p.pid, p);

  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const queue = [...members.values()];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const child of children.get(parent.pid) ?? []) {
      if (!members.has(child.pid)) {
        members.set(child.pid, child);
        queue.push(child);
      }
    }
  }

  const alive: ProcessInfo[] = [];
  for (const p of members.values()) {
    if (p.pid === process.pid) continue;
    known.set(p.pid, p.startTime);
    if (p.state !== 'Z' && p.state !== 'X') alive.push(p);
  }
  return alive;
}

function isOwnFamily(p: ProcessInfo, scope: SessionScope, known: Map<number, string>): boolean {
  if (scope.rootPid === null) return false;
  // Another process can only be in the tty session whose id is the shell's pid while that
  // session exists, so the pid cannot have been reused; the shell itself is matched by pid
  // only on the first scan (its start time is then remembered in `known`).
  if (p.sid === scope.rootPid) return p.pid !== scope.rootPid || !known.has(p.pid);
  return false;
}

async function listProcesses(): Promise<ProcessInfo[]> {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const infos = await Promise.all(names.filter((n) => /^\d+$/.test(n)).map((n) => readStat(Number(n))));
  return infos.filter((p): p is ProcessInfo => p !== null);
}

async function readStat(pid: number): Promise<ProcessInfo | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null; // gone meanwhile
  }
  // "pid (comm) state ppid pgrp session ... starttime(22nd)"; comm may hold spaces and ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    sid: Number(fields[3]),
    startTime: fields[19] ?? '',
  };
}

/** The soft RLIMIT_LOCKS of a process ("Max file locks" in /proc/PID/limits), or null. */
async function readMarker(pid: number): Promise<string | null> {
  try {
    return /^Max file locks\s+(\S+)/m.exec(await readFile(`/proc/${pid}/limits`, 'latin1'))?.[1] ?? null;
  } catch {
    return null;
  }
}

async function cgroupMembers(dirs: string[]): Promise<Set<number>> {
  const pids = new Set<number>();
  for (const dir of dirs) {
    const text = await readFile(path.join(dir, 'cgroup.procs'), 'latin1').catch(() => '');
    for (const line of text.split('\n')) if (line !== '') pids.add(Number(line));
  }
  return pids;
}

/** Clock ticks since boot when the process started (with the pid, identifies it across pid
 * reuse), or null if it does not run. Where there is no /proc, "running" for any live pid. */
export function processStartTime(pid: number): string | null {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(pid, 0);
      return 'running';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'running' : null;
    }
  }
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

async function hasTag(pid: number, tag: Buffer): Promise<boolean> {
  let environ: Buffer;
  try {
    environ = await readFile(`/proc/${pid}/environ`);
  } catch {
    return false; // EACCES (another user's process) or gone
  }
  const at = environ.indexOf(tag);
  return at === 0 || (at > 0 && environ[at - 1] === 0);
}

async function anyAlive(processes: ProcessInfo[]): Promise<boolean> {
  for (const p of processes) {
    const now = await readStat(p.pid);
    if (now !== null && now.startTime === p.startTime && now.state !== 'Z' && now.state !== 'X') return true;
  }
  return false;
}

async function killProcessGroup(rootPid: number, graceMs: number): Promise<number[]> {
  signal(-rootPid, 'SIGHUP');
  await sleep(graceMs);
  signal(-rootPid, 'SIGKILL');
  return [];
}

function signal(pid: number, name: NodeJS.Signals): void {
  // 0, -1 and the groups of init and swapper would mean "our group" or "everything we may kill".
  if (!Number.isInteger(pid) || Math.abs(pid) <= 1) return;
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: already gone; EPERM: not ours to kill.
  }
}
