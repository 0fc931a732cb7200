// The watchdog of a launch: a small bash process, started in a session of its own (so the signals
// of the teacher's terminal do not reach it), that waits for the livedeck process to end however
// it ends, SIGKILL included, then kills whatever the launch's sessions left (by cgroup and by
// marker, see containment.ts), removes the working copies, the cgroups and the state file. After a
// clean stop it finds nothing and ends at once.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { LaunchRecord } from './launch-record.js';

/** $1 marker prefix, $2 the launch's cgroup or "", $3 its working copies, $4 its state file or "".
 * Stdin is a pipe the livedeck process holds (close-on-exec, so no shell has it): `read` returns
 * when that process is gone. Members are found, stopped (a stopped process cannot fork), found
 * again, killed, round after round until none is left but zombies (40 rounds of 50 ms at most). */
const SCRIPT = `
trap '' HUP INT TERM
p=$1 cg=$2 work=$3 state=$4
read -r _
members() {
  for pid in $(grep -l -E "^Max file locks +$p[0-9]{5} " /proc/[0-9]*/limits 2>/dev/null | cut -d/ -f3) \
      $([ -z "$cg" ] || cat "$cg"/*/cgroup.procs 2>/dev/null); do
    read -r stat 2>/dev/null </proc/$pid/stat || continue
    stat=\${stat##*) }
    [ "\${stat%% *}" = Z ] || echo $pid
  done
}
i=0
while [ $i -lt 40 ]; do
  [ -z "$cg" ] || for k in "$cg"/*/cgroup.kill; do [ -f "$k" ] && echo 1 >"$k"; done 2>/dev/null
  pids=$(members)
  [ -z "$pids" ] && break
  kill -STOP $pids 2>/dev/null
  kill -KILL $pids $(members) 2>/dev/null
  sleep 0.05
  i=$((i+1))
done
chmod -R u+rwx "$work" 2>/dev/null
rm -rf "$work"
[ -z "$cg" ] || { rmdir "$cg"/*/ "$cg"; } 2>/dev/null
[ -z "$state" ] || rm -f "$state"
`;

export class Watchdog {
  private constructor(private readonly child: ChildProcess) {}

  static start(launch: LaunchRecord, stateFile: string | null): Watchdog {
    const child = spawn('/bin/bash', ['--noprofile', '--norc', '-c', SCRIPT, 'livedeck-watchdog', launch.markerPrefix, launch.cgroup ?? '', launch.workDir, stateFile ?? ''], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: '/usr/bin:/bin' },
    });
    child.on('error', () => {}); // no bash: the next start's sweep is left
    // Neither the process nor its pipe keeps livedeck running.
    child.unref();
    (child.stdin as Socket).unref();
    (child.stdin as Socket).on('error', () => {});
    return new Watchdog(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Lets it go: it sweeps (finding nothing after a clean stop) and ends. */
  dispose(): void {
    this.child.stdin?.end();
  }
}
