// Benchmark of classroom scale (issue: presenter view and audience follow): 200 read-only viewer
// sockets on one presenter terminal that prints steadily, plus one viewer that never reads its
// socket. Measures how late each printed line reaches the viewers, the presenter's keystroke echo
// without and with the audience, and the server's CPU and memory; then a burst of output (10 MB)
// with the audience still there, which every viewer must survive (resynced, not buffered). Against
// the real `livedeck dev` CLI; results go to bench/RESULTS.md ("## Classroom scale").
//   npm run build && node --import tsx bench/viewers.ts [--runs N] [--viewers N]

import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROMPT } from '../tests/integration/helpers/term-client.js';
import { BenchClient } from './terminal/bench-client.js';
import { echoResult, measureEcho, type EchoResult } from './terminal/phases.js';
import { ProcessSampler, readMemory } from './terminal/process-sampler.js';
import { Audience } from './terminal/audience.js';
import { printerCommand, wallClock } from './terminal/stamped-lines.js';
import { DEFAULT_DECK, ROOT, ServerProcess } from './terminal/server-process.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';
import { median, ms } from './stats.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    viewers: { type: 'string', default: '200' },
  },
});
const RUNS = Number(values.runs);
const VIEWERS = Number(values.viewers);
const COMMAND = 'npm run build && node --import tsx bench/viewers.ts';
const SECTION_TITLE = '## Classroom scale';

/** The printer: a line of LINE_BYTES every INTERVAL_MS (20 KB/s to each client). */
const INTERVAL_MS = 5;
const LINE_BYTES = 100;
/** Viewers connect this many at a time, as a class joining. */
const CONNECT_BATCH = 20;
/** Lines printed before this long after the last viewer joined are not counted. */
const WARM_UP_MS = 2000;
/** The audience phase lasts at least this long (longer if the echo samples take longer). */
const AUDIENCE_MS = 20_000;
/** The burst: `BURST_RANDOM_BYTES` of random bytes as base64 (4/3 of it, plus newlines). */
const BURST_RANDOM_BYTES = 7_500_000;
const BURST_TIMEOUT_MS = 60_000;
/** After the burst, how long every viewer gets to show the prompt. */
const CATCH_UP_TIMEOUT_MS = 20_000;

const GOALS = { viewerP99Ms: 50, echoP99Ms: 5, rssBytes: 150e6 };

interface Usage {
  /** Server CPU time over wall time (1 = one core). */
  cpu: number;
  /** Highest VmRSS during the phase, bytes. */
  peakRss: number;
  /** Least-squares slope of VmRSS over the second half of the phase, bytes per second. */
  rssGrowth: number;
}

interface Run {
  load: number;
  idleRss: number;
  alone: { echo: EchoResult; usage: Usage };
  audience: {
    echo: EchoResult;
    usage: Usage;
    /** Delay (ms) from a line's printing to a viewer processing it: p50, p99, max over all. */
    delay: { p50: number; p99: number; max: number; samples: number };
    /** Share of the lines (over all viewers) a viewer never saw. */
    missedShare: number;
    /** Viewers resynced from a snapshot during the steady printing. */
    resynced: number;
    connectSeconds: number;
    /** CPU of the process holding the viewers (not the server), per wall second. */
    clientCpu: number;
  };
  burst: {
    seconds: number;
    /** Server CPU over the burst. */
    cpu: number;
    peakRss: number;
    /** Viewers resynced from a snapshot, during the burst and after it. */
    resynced: number;
    /** Seconds from the presenter's prompt until every viewer shows it too (Infinity: not all). */
    caughtUp: number;
  };
  /** VmRSS with the stalled viewer still connected, once everything settled, bytes. */
  endRss: number;
}

async function measureRun(): Promise<Run> {
  const load = loadavg()[0]!;
  const server = await ServerProcess.livedeck({ deck: DEFAULT_DECK });
  const sampler = new ProcessSampler(server.pid);
  const stops: Array<() => void> = [];
  try {
    const idleRss = readMemory(server.pid)!.rss;
    const presenter = await BenchClient.connect(server.target);
    stops.push(() => presenter.dispose());
    await presenter.waitFor(PROMPT, 10_000, 0);
    const printing = presenter.waitFor(/T\d+\.\d{3} \d+ /, 10_000);
    presenter.type(`${printerCommand(INTERVAL_MS, LINE_BYTES)}\r`);
    await printing;

    // Without the audience.
    const alone = await phase(sampler, () => measureEcho([presenter]).then(([samples]) => echoResult(samples!)));

    // The class joins: viewers of the presenter's session, and one that will never read.
    const joined = performance.now();
    const audience = await Audience.start(server.target, presenter.session, VIEWERS, CONNECT_BATCH);
    stops.push(() => audience.dispose());
    const connectSeconds = (performance.now() - joined) / 1000;
    await sleep(WARM_UP_MS);

    audience.measure(wallClock());
    const withAudience = await phase(sampler, async () => {
      const started = performance.now();
      const [samples] = await measureEcho([presenter]);
      await sleep(AUDIENCE_MS - (performance.now() - started));
      return echoResult(samples!);
    });
    const report = await audience.report();

    // The burst: the printer stops, then 10 MB of base64 as fast as the presenter takes it.
    const burst = await measureBurst(presenter, audience, sampler);
    await sleep(1000);
    const endRss = readMemory(server.pid)!.rss;
    return {
      load,
      idleRss,
      alone: { echo: alone.result, usage: alone.usage },
      audience: {
        echo: withAudience.result,
        usage: withAudience.usage,
        delay: report.delay,
        missedShare: report.missedShare,
        resynced: report.resynced,
        connectSeconds,
        clientCpu: report.cpu,
      },
      burst,
      endRss,
    };
  } finally {
    for (const stop of stops) stop();
    sampler.dispose();
    await server.stop();
  }
}

/** Runs `work` while watching the server's CPU and memory. */
async function phase<T>(sampler: ProcessSampler, work: () => Promise<T>): Promise<{ result: T; usage: Usage }> {
  const cpuBefore = sampler.cpuSeconds();
  const start = performance.now();
  const result = await work();
  const end = performance.now();
  const usage = {
    cpu: (sampler.cpuSeconds() - cpuBefore) / ((end - start) / 1000),
    peakRss: sampler.peakSince(start),
    rssGrowth: sampler.rssGrowth(start + (end - start) / 2, end),
  };
  return { result, usage };
}

async function measureBurst(presenter: BenchClient, audience: Audience, sampler: ProcessSampler): Promise<Run['burst']> {
  const stopped = presenter.waitFor(PROMPT, 10_000);
  presenter.type('\x03');
  await stopped;
  await sleep(500);
  const { outcome: viewersAtPrompt } = await audience.watchPrompt(BURST_TIMEOUT_MS + CATCH_UP_TIMEOUT_MS);
  const prompt = presenter.waitFor(PROMPT, BURST_TIMEOUT_MS);
  const cpuBefore = sampler.cpuSeconds();
  const start = performance.now();
  presenter.type(`head -c ${BURST_RANDOM_BYTES} /dev/urandom | base64\r`);
  const end = await prompt;
  const cpu = (sampler.cpuSeconds() - cpuBefore) / ((end - start) / 1000);
  const viewers = await viewersAtPrompt;
  return {
    seconds: (end - start) / 1000,
    cpu,
    // Until every viewer has been resynced: the snapshots they get are part of the burst's cost.
    peakRss: sampler.peakSince(start),
    resynced: viewers.resynced,
    caughtUp: viewers.at === null ? Number.POSITIVE_INFINITY : Math.max(0, viewers.at - (performance.timeOrigin + end)) / 1000,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function main(): Promise<void> {
  const began = new Date();
  const loadBefore = uptime();
  const version = sourceVersion(ROOT);
  process.once('SIGINT', () => process.exit(130));
  process.once('exit', () => ServerProcess.killAll());
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    runs.push(await measureRun());
    console.error(`run ${i + 1}/${RUNS} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const loadAfter = uptime();
  const medians = mediansTable(runs);
  const perRun = runsTable(runs);
  console.log(`\nClassroom scale, medians of ${RUNS} runs\n\n${medians}\n\nEvery run:\n\n${perRun}\n`);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const body = [
    `\`bench/viewers.ts\`: the \`/term\` endpoint of the real \`livedeck dev ${DEFAULT_DECK}\` (recording, as by default) with`,
    `${VIEWERS} read-only viewer sockets (the audience token) on the presenter's shell, plus one viewer that never reads`,
    `its socket (a frozen tab). The viewers run in a process of their own (bench/terminal/audience.ts), the presenter`,
    `in the benchmark's, all on the same ${cpus().length} cores as the server. Every`,
    `number is the median of ${RUNS} runs; RSS is the server process's VmRSS sampled every 50 ms from /proc.`,
    '',
    `- Date: ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${version}.`,
    `- Machine: ${cpus().length} CPUs (${cpu}), Node ${process.version}; \`uptime\` before: \`${loadBefore}\`, after: \`${loadAfter}\`.`,
    `- Rerun: \`${COMMAND}\` (about ${Math.ceil((Date.now() - began.getTime()) / 60_000)} min for ${RUNS} runs)`,
    `- The shell runs a printer (node) writing a ${LINE_BYTES}-byte line every ${INTERVAL_MS} ms, stamped with the wall-clock time`,
    '  and a sequence number. Viewer delay: from that stamp to the viewer processing the line (each viewer acks',
    '  as a browser does), for every line stamped after the class joined and warmed up',
    `  (${WARM_UP_MS / 1000} s), for ${AUDIENCE_MS / 1000} s; a line a viewer sees again in a resync snapshot counts once.`,
    '- Presenter echo: a letter typed into the printing terminal (the tty echoes it) and erased, 1000 samples',
    '  3 ms apart, first without any viewer, then with the audience connected.',
    `- Burst: the printer stopped, then \`head -c ${BURST_RANDOM_BYTES} /dev/urandom | base64\` (${((BURST_RANDOM_BYTES * 4) / 3 / 1e6).toFixed(0)} MB) with the audience`,
    '  still there: time to the prompt, peak RSS, and how long until every viewer shows the prompt too.',
    '',
    medians,
    '',
    'Every run:',
    '',
    perRun,
  ].join('\n');
  writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, body);
  console.error('written to bench/RESULTS.md');
}

function mediansTable(runs: Run[]): string {
  const m = (pick: (run: Run) => number) => median(runs.map(pick));
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const delayP99 = m((r) => r.audience.delay.p99);
  const echoP99 = m((r) => r.audience.echo.p99);
  const worstRss = Math.max(...runs.map((r) => Math.max(r.audience.usage.peakRss, r.burst.peakRss, r.endRss)));
  const everyoneCaughtUp = runs.every((r) => Number.isFinite(r.burst.caughtUp));
  return markdownTable([
    ['', 'without audience', `with ${VIEWERS} viewers + 1 stalled`, 'goal', ''],
    ['viewer delay, p50', '', ms(m((r) => r.audience.delay.p50)), '', ''],
    ['viewer delay, p99', '', ms(delayP99), '< 50 ms', verdict(delayP99 < GOALS.viewerP99Ms)],
    ['viewer delay, max (worst run)', '', ms(Math.max(...runs.map((r) => r.audience.delay.max))), '', ''],
    ['lines a viewer missed (skipped while behind)', '', percent(m((r) => r.audience.missedShare)), '', ''],
    ['viewers resynced during the steady printing', '', String(m((r) => r.audience.resynced)), '', ''],
    ['presenter echo, p50', ms(m((r) => r.alone.echo.p50)), ms(m((r) => r.audience.echo.p50)), '', ''],
    ['presenter echo, p99', ms(m((r) => r.alone.echo.p99)), ms(echoP99), '< 5 ms with the audience', verdict(echoP99 < GOALS.echoP99Ms)],
    ['server CPU', cpuShare(m((r) => r.alone.usage.cpu)), cpuShare(m((r) => r.audience.usage.cpu)), '', ''],
    ['CPU of the process holding the viewers', '', cpuShare(m((r) => r.audience.clientCpu)), '', ''],
    ['server RSS: idle / peak', mb(m((r) => r.idleRss)), mb(m((r) => r.audience.usage.peakRss)), '', ''],
    ['server RSS growth, 2nd half of the phase', rate(m((r) => r.alone.usage.rssGrowth)), rate(m((r) => r.audience.usage.rssGrowth)), '', ''],
    ['viewers joining: time for all', '', `${m((r) => r.audience.connectSeconds).toFixed(1)} s`, '', ''],
    ['burst (10 MB): time to the prompt', '', `${m((r) => r.burst.seconds).toFixed(1)} s`, '', ''],
    ['burst: server CPU', '', cpuShare(m((r) => r.burst.cpu)), '', ''],
    ['burst: server peak RSS', '', mb(m((r) => r.burst.peakRss)), '', ''],
    ['burst: viewers resynced from a snapshot', '', String(m((r) => r.burst.resynced)), '', ''],
    ['burst: until every viewer shows the prompt', '', everyoneCaughtUp ? `${m((r) => r.burst.caughtUp).toFixed(1)} s` : 'not all, in some run', '', ''],
    ['server RSS at the end (stalled viewer still there)', '', mb(m((r) => r.endRss)), '', ''],
    ['server RSS, worst of all runs', '', mb(worstRss), '< 150 MB', verdict(worstRss < GOALS.rssBytes && everyoneCaughtUp)],
  ]);
}

function runsTable(runs: Run[]): string {
  return markdownTable([
    ['run', 'load', 'viewer delay p50 / p99 / max', 'missed', 'echo p50 / p99: alone, audience', 'server CPU: alone, audience, burst', 'peak RSS: audience, burst; end', 'burst: time, resynced, caught up', 'join'],
    ...runs.map((r, i) => [
      String(i + 1),
      r.load.toFixed(2),
      `${ms(r.audience.delay.p50)} / ${ms(r.audience.delay.p99)} / ${ms(r.audience.delay.max)} (${r.audience.delay.samples} lines)`,
      percent(r.audience.missedShare),
      `${ms(r.alone.echo.p50)} / ${ms(r.alone.echo.p99)}, ${ms(r.audience.echo.p50)} / ${ms(r.audience.echo.p99)}`,
      `${cpuShare(r.alone.usage.cpu)}, ${cpuShare(r.audience.usage.cpu)}, ${cpuShare(r.burst.cpu)}`,
      `${mb(r.audience.usage.peakRss)}, ${mb(r.burst.peakRss)}; ${mb(r.endRss)}`,
      `${r.burst.seconds.toFixed(1)} s, ${r.burst.resynced}, ${Number.isFinite(r.burst.caughtUp) ? `${r.burst.caughtUp.toFixed(1)} s` : 'no'}`,
      `${r.audience.connectSeconds.toFixed(1)} s`,
    ]),
  ]);
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}

function rate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}

function cpuShare(cores: number): string {
  return `${Math.round(cores * 100)}% of a core`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}

await main();
