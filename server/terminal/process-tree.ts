// "Nothing left behind": finds every process of a terminal session and kills it, including the
// ones that left the shell's tree (setsid, nohup, a double fork reparented to init).
//
// A process belongs to the session when it is the shell itself, or is in the shell's tty session
// (`setsid()` by node-pty made the shell a session leader; background jobs keep that session id),
// or descends from a member, or carries LIVEDECK_SESSION=<id> in its environment (inherited, so
// it survives setsid and reparenting). Linux only (/proc); elsewhere (macOS) only the shell's
// process group is signalled: background jobs (own groups), setsid'd and nohup'd processes survive.
// Known gap: a process that both leaves the session (setsid) and drops the variable (`env -i`)
// escapes; only a cgroup per session would catch it.

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SESSION_ENV_VAR } from './environment.js';

export interface SessionScope {
  sessionId: string;
  /** The shell: leader of the pty's session and process group. */
  rootPid: number;
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
  const graceMs = options.graceMs ?? 400;
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) return killProcessGroup(scope.rootPid, graceMs);

  const known = new Map<number, string>();
  let members = await findSessionProcesses(scope, known);
  signal(-scope.rootPid, 'SIGHUP');
  for (const p of members) {
    signal(p.pid, 'SIGHUP');
    signal(p.pid, 'SIGCONT');
  }
  const graceEnd = Date.now() + graceMs;
  while (Date.now() < graceEnd && (await anyAlive(members))) await sleep(POLL_MS);

  while (Date.now() < deadline) {
    members = await findSessionProcesses(scope, known);
    if (members.length === 0) return [];
    // Freeze first, then look again: a stopped process cannot fork, so the second scan also
    // holds the children born between the first scan and the stop.
    for (const p of members) signal(p.pid, 'SIGSTOP');
    const more = await findSessionProcesses(scope, known);
    for (const p of [...members, ...more]) signal(p.pid, 'SIGKILL');
    await sleep(POLL_MS);
  }
  return (await findSessionProcesses(scope, known)).map((p) => p.pid);
}

/** Live (non-zombie) processes of the session. `known` (pid -> start time) accumulates members
 * across calls, so descendants stay found after their parent died and they were reparented. */
async function findSessionProcesses(scope: SessionScope, known = new Map<number, string>()): Promise<ProcessInfo[]> {
  const all = await listProcesses();
  const tag = Buffer.from(`${SESSION_ENV_VAR}=${scope.sessionId}\0`);
  const members = new Map<number, ProcessInfo>();
  const tagged = await Promise.all(all.map((p) => (isOwnFamily(p, scope, known) ? true : hasTag(p.pid, tag))));
  all.forEach((p, i) => {
    if (tagged[i]) members.set(p.pid, p);
  });

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
  if (known.get(p.pid) === p.startTime) return true;
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
