// Processes that try to outlive their terminal session, the eight ways issue 15 found (plain
// background job, setsid, nohup, double fork, and the same after `env -i`, which drops the
// session's environment tag), each a `sleep` whose argument carries a stamp, so that survivors
// can be counted by their command line however they were reparented.

import { readdirSync, readFileSync } from 'node:fs';

/** One command line per way, for a shell to run; `arg` is the sleep's argument. */
export function escapeCommands(arg: (kind: number) => string): string[] {
  return [
    `sleep ${arg(1)} &`,
    `setsid sleep ${arg(2)} &`,
    `nohup sleep ${arg(3)} >/dev/null 2>&1 &`,
    `(sleep ${arg(4)} &)`,
    `env -i sleep ${arg(5)} &`,
    `env -i setsid sleep ${arg(6)} &`,
    `(env -i setsid nohup sleep ${arg(7)} >/dev/null 2>&1 &)`,
    // A daemon that also ignores the signals a session's end sends first.
    `env -i setsid -f sh -c 'trap "" HUP INT TERM; exec sleep ${arg(8)}' </dev/null >/dev/null 2>&1`,
  ];
}

/** A stamp unique to this test run: sleep 1000.<stamp><kind> reads as a number to sleep. */
export function newStamp(): string {
  return `${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** Pids of live (not zombie) processes whose command line contains `stamp`. */
export function processesWith(stamp: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').includes(stamp) && isAlive(Number(name))) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Running, not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
