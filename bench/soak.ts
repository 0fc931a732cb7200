// Soak benchmark (issue 15): the real `livedeck dev`, in a process of its own, while
//   - 500 sockets with no token (or a wrong one) churn on /term and /sync: each one that is closed
//     (by the hello gate's eviction or timeout, or a refusal) comes back at once, from a process of
//     its own (so its CPU is not charged to the presenter's client);
//   - 1000 shell sessions are opened and closed, 4 at a time, each leaving escaping children
//     behind (setsid, nohup, a double fork, env -i + setsid) before its shell exits;
//   - a presenter works: keystroke echo timed in turns with and without the churn (same run).
// Reported: the echo p50/p99 with and without the attack, survivors (children of ended sessions
// still running, during the run and after the server stops), the server's RSS and descriptors
// before and after. Writes its section of bench/RESULTS.md. Not a test: run it on a quiet machine.
//
//   npm run build && node --import tsx bench/soak.ts

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../common/protocol.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';
import { median, ms, percentile } from './stats.js';
import { BenchClient } from './terminal/bench-client.js';
import { withTimeout } from './terminal/output-matcher.js';
import { readMemory } from './terminal/process-sampler.js';
import { ROOT, ServerProcess, type Target } from './terminal/server-process.js';

const SECTION_TITLE = '## Soak: floods, escaping children and a presenter at work';
const COMMAND = 'npm run build && node --import tsx bench/soak.ts';
const CHURNING_SOCKETS = 500;
const CYCLES = 1000;
const CYCLE_CONCURRENCY = 4;
/** Echo samples per turn; turns alternate without and with the attack. */
const ECHO_SAMPLES = 400;
const ECHO_TURNS = 3;
const ECHO_GAP_MS = 3;
/** The echo under attack may be this much slower at p99 than without. */
const ECHO_TOLERANCE = 0.2;
/** A marker in each escaping child's command line (sleep's argument), unique to this run. */
const MARK = `8${randomBytes(3).readUIntBE(0, 3) % 1000}.${process.pid % 1000}`;
const ESCAPES = [
  `setsid sleep ${MARK}1 &`,
  `nohup sleep ${MARK}2 >/dev/null 2>&1 &`,
  `( sleep ${MARK}3 & ) &`,
  `env -i /usr/bin/setsid /bin/sleep ${MARK}4 &`,
].join(' ');

/** The attacker: a child process holding CHURNING_SOCKETS sockets that never say a valid hello,
 * each reopened as soon as it is closed. Prints how many it opened when told to stop. */
const ATTACKER = `
import { WebSocket } from 'ws';
const [url, origin, count] = [process.argv[1], process.argv[2], Number(process.argv[3])];
let opened = 0, stopping = false;
const sockets = new Set();
function open(i) {
  if (stopping) return;
  const path = i % 2 === 0 ? '/term' : '/sync';
  const ws = new WebSocket(url + path, { headers: { Origin: origin }, perMessageDeflate: false });
  sockets.add(ws);
  opened++;
  ws.on('error', () => {});
  // One in ten says a hello with a wrong token; the others say nothing at all.
  if (i % 10 === 0) ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: 'not-the-token-' + i, demo: null, session: null, cols: 80, rows: 24 })));
  ws.on('close', () => { sockets.delete(ws); open(i); });
}
for (let i = 0; i < count; i++) open(i);
process.on('message', () => {
  stopping = true;
  for (const ws of sockets) ws.terminate();
  process.send(opened, () => process.exit(0));
});
`;

interface Attack {
  stop(): Promise<number>;
}

function startAttack(target: Target): Attack {
  const base = target.url.replace(/\/term$/, '');
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', ATTACKER, base, target.origin, String(CHURNING_SOCKETS)], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return {
    stop: () => new Promise((resolve) => {
      child.once('message', (opened) => resolve(Number(opened)));
      child.send('stop');
    }),
  };
}

/** Processes still running with this run's marker in their command line (escaped children). */
function survivors(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`sleep\0${MARK}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function descriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function rssMb(pid: number): number {
  return (readMemory(pid)?.rss ?? 0) / 1e6;
}

/** Slope of a least-squares line through evenly spaced samples, per sample. */
function slope(samples: number[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((sum, y) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

/** Echo times (ms) of `count` keystrokes at the presenter's prompt, each erased after. */
async function echoes(client: BenchClient, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const echoed = client.waitFor(/x/, 5000);
    const start = performance.now();
    client.type('x');
    times.push((await echoed) - start);
    const erased = client.waitFor(/\x08/, 5000);
    client.type('\x7f');
    await erased;
    await sleep(ECHO_GAP_MS);
  }
  return times;
}

/** One session's life: open a shell, leave escaping children, exit the shell; resolves once the
 * server said the shell exited. */
async function cycle(target: Target): Promise<void> {
  const ws = new WebSocket(target.url, { headers: { Origin: target.origin }, perMessageDeflate: false });
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      let shell = '';
      let typed = false;
      ws.on('error', reject);
      ws.on('close', (code, reason) => reject(new Error(`closed ${code} ${String(reason)}`)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: target.token, demo: null, session: null, cols: 80, rows: 24 })));
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          shell += String(data);
          // At the prompt: leave the children, then end the shell.
          if (!typed && (shell.includes('$ ') || shell.includes('# '))) {
            typed = true;
            ws.send(Buffer.from(`${ESCAPES} exit\r`), { binary: true });
          }
          return;
        }
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.type === 'exit') resolve();
      });
    }), 20_000, 'a session cycle');
  } finally {
    ws.terminate();
  }
}

async function cycles(target: Target, count: number): Promise<{ failed: string[]; seconds: number }> {
  const failed: string[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CYCLE_CONCURRENCY }, async () => {
    while (next < count) {
      next++;
      await cycle(target).catch((error: Error) => failed.push(error.message));
    }
  }));
  return { failed, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------

process.on('exit', () => ServerProcess.killAll());
const before = uptime();
const server = await ServerProcess.livedeck();
const target = server.target;
const presenter = await BenchClient.connect(target);
await presenter.waitFor(/[$#] $/, 10_000, 0);
await echoes(presenter, 100); // warm-up
await sleep(1000);
const start = { rss: rssMb(server.pid), fds: descriptors(server.pid) };

// The echo in turns: quiet, under attack, quiet, ...
const quiet: number[][] = [];
const attacked: number[][] = [];
let opened = 0;
for (let turn = 0; turn < ECHO_TURNS; turn++) {
  quiet.push(await echoes(presenter, ECHO_SAMPLES));
  const attack = startAttack(target);
  await sleep(1500); // the churn at full speed
  attacked.push(await echoes(presenter, ECHO_SAMPLES));
  opened += await attack.stop();
  await sleep(500);
}

const afterChurn = rssMb(server.pid);

// The sessions, with the churn going on and the presenter typing now and then.
const attack = startAttack(target);
const rssDuring: number[] = [];
const sampler = setInterval(() => rssDuring.push(rssMb(server.pid)), 1000);
let done = false;
const typing = (async () => {
  const times: number[] = [];
  while (!done) {
    times.push(...(await echoes(presenter, 20)));
    await sleep(200);
  }
  return times;
})();
const sessions = await cycles(target, CYCLES);
done = true;
const echoDuringCycles = await typing;
// An ended session's processes get SIGHUP, then SIGKILL after a grace: count once that is over.
await sleep(3000);
const survivorsRunning = survivors().length;
opened += await attack.stop();
clearInterval(sampler);

// Everything stops: the attack's sockets time out or close, then the count at the end.
await sleep(6000);
const end = { rss: rssMb(server.pid), fds: descriptors(server.pid) };
presenter.dispose();
await server.stop();
await sleep(500);
const left = survivors();
for (const pid of left) {
  try {
    process.kill(pid, 'SIGKILL'); // this run's own escaped children: the machine is shared
  } catch {
    // gone meanwhile
  }
}
const after = uptime();

const p99s = (turns: number[][]) => turns.map((times) => percentile(times, 99));
const quietP99 = median(p99s(quiet));
const attackedP99 = median(p99s(attacked));
const echoVerdict = attackedP99 <= quietP99 * (1 + ECHO_TOLERANCE) ? 'PASS' : 'FAIL';
const rssHalf = rssDuring.slice(Math.floor(rssDuring.length / 2));
/** MB per 100 cycles over the second half of the cycles: a least-squares line through the samples
 * (one a second), the cycles taken as evenly spread in time. */
const perHundredCycles = slope(rssHalf) * rssDuring.length / CYCLES * 100;
const table = markdownTable([
  ['', 'value', 'goal', ''],
  [`presenter echo p50, no attack (median of ${ECHO_TURNS} turns of ${ECHO_SAMPLES})`, ms(median(quiet.map((t) => median(t)))), '', ''],
  [`presenter echo p50, ${CHURNING_SOCKETS} sockets churning`, ms(median(attacked.map((t) => median(t)))), '', ''],
  ['presenter echo p99, no attack (same run)', ms(quietP99), '', ''],
  [`presenter echo p99, ${CHURNING_SOCKETS} sockets churning`, ms(attackedP99), `≤ ${ms(quietP99 * (1 + ECHO_TOLERANCE))} (+${ECHO_TOLERANCE * 100}%)`, echoVerdict],
  ['presenter echo p99 during the session cycles (and the churn)', ms(percentile(echoDuringCycles, 99)), '', ''],
  [`session cycles (${CYCLE_CONCURRENCY} at a time, each leaving 4 escaping children)`, `${CYCLES - sessions.failed.length} of ${CYCLES} in ${sessions.seconds.toFixed(0)} s`, `${CYCLES}`, sessions.failed.length === 0 ? 'PASS' : 'FAIL'],
  ['escaped children still running after the cycles (server up)', String(survivorsRunning), '0', survivorsRunning === 0 ? 'PASS' : 'FAIL'],
  ['escaped children still running after the server stopped', String(left.length), '0', left.length === 0 ? 'PASS' : 'FAIL'],
  ['server descriptors: before the attacks → 6 s after the end', `${start.fds} → ${end.fds}`, 'level', end.fds <= start.fds + 2 ? 'PASS' : 'FAIL'],
  ['server RSS: before → after the churn turns → second half of the cycles (min-max) → 6 s after the end', `${start.rss.toFixed(0)} → ${afterChurn.toFixed(0)} → ${Math.min(...rssHalf).toFixed(0)}-${Math.max(...rssHalf).toFixed(0)} → ${end.rss.toFixed(0)} MB`, 'level', ''],
  ['server RSS growth over the second half of the cycles', `${perHundredCycles >= 0 ? '+' : ''}${perHundredCycles.toFixed(1)} MB per 100 cycles`, '~0', ''],
  ['sockets the attacker opened in all', String(opened), '', ''],
]);
const failures = [...new Set(sessions.failed)].slice(0, 3);
writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, `
\`bench/soak.ts\`: the real \`livedeck dev\` (tests/fixtures/decks/basic.md, recording on, in a temp folder) in a process
of its own. An attacker process keeps ${CHURNING_SOCKETS} sockets on \`/term\` and \`/sync\` (half each) that never say
hello (one in ten says one with a wrong token), each reopened as soon as the server closes it. The presenter's
keystroke echo (a key typed at the prompt until it is echoed, then erased; ${ECHO_GAP_MS} ms apart) is timed in
${ECHO_TURNS} turns without the attack and ${ECHO_TURNS} with it, alternating. Then, with the churn on, ${CYCLES} shell sessions are
opened and closed (${CYCLE_CONCURRENCY} at a time): each types \`${ESCAPES.replace(/\|/g, '\\|')} exit\` and waits for the shell's
exit. Survivors are processes with this run's marker in their command line.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${sourceVersion(ROOT)}.
- Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; \`uptime\` before: \`${before}\`, after: \`${after}\`.
- Rerun: \`${COMMAND}\` (a few minutes).
${failures.length > 0 ? `- Failed cycles, first reasons: ${failures.map((f) => `\`${f}\``).join(', ')}\n` : ''}
${table}
`);
console.log(table);
if (failures.length > 0) console.log('failed cycles:', failures);
