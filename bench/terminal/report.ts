// Turns the runs of bench/terminal.ts into tables (medians of the runs, then every run) and writes
// them as the "## Live terminals" section of bench/RESULTS.md, leaving other sections alone.

import { median, ms } from '../stats.js';
import type { ProfileSummary } from './cpu-profile.js';
import { CTRL_C_TIMEOUT_MS, ENDLESS_DURATION_MS, RSS_LIMIT, SLOW_DURATION_MS, SLOW_RATE, type BulkResult, type EchoResult, type SlowResult } from './phases.js';
import { markdownTable } from '../results.js';

export interface ServerRun {
  /** VmRSS right after start, before any terminal, bytes. */
  idleRss: number;
  echo: EchoResult;
  bulk: BulkResult;
  /** The bulk `cat` read at 1 MB/s, then Ctrl-C. */
  slow: SlowResult;
  /** Endless output (`yes`) read at 1 MB/s. */
  endless: SlowResult;
}

export interface Run {
  /** 1-minute load average when the run started. */
  load: number;
  /** No server: echo from a bash in a pty of the benchmark, bulk MB/s through node-pty / script,
   * and MB/s of @xterm/headless parsing the bulk output alone. */
  bare: { echo: EchoResult; nodePty: number; script: number; headless: number };
  naive: ServerRun;
  livedeck: ServerRun;
  /** livedeck with --no-record (null: this CLI does not record sessions). */
  unrecorded: BulkResult | null;
}

const GOALS = { echoP99Ms: 3, throughputShare: 0.9, rssBytes: 150e6 };

export interface Verdicts {
  echo: boolean;
  throughput: boolean;
  rss: boolean;
}

export const SECTION_TITLE = '## Live terminals';

export function verdicts(runs: Run[]): Verdicts {
  const live = runs.map((r) => r.livedeck);
  return {
    echo: median(live.map((r) => r.echo.p99)) < GOALS.echoP99Ms,
    throughput: median(live.map((r) => r.bulk.mbps)) >= GOALS.throughputShare * median(runs.map((r) => r.bare.nodePty)),
    rss: live.every((r) => r.endless.overLimitAfter === null) && worstRss(live) < GOALS.rssBytes,
  };
}

/** The medians table, markdown (also what the console shows). */
export function mediansTable(runs: Run[]): string {
  const m = (pick: (run: Run) => number) => median(runs.map(pick));
  const ceiling = m((r) => r.bare.nodePty);
  const share = (mbps: number) => `${mbs(mbps)} (${Math.round((100 * mbps) / ceiling)}%)`;
  const both = (format: (servers: ServerRun[]) => string) => [format(runs.map((r) => r.naive)), format(runs.map((r) => r.livedeck))];
  const v = verdicts(runs);
  const rows: string[][] = [
    ['', 'bare pty', 'naive server', 'livedeck', 'goal (livedeck)', ''],
    ['keystroke echo, p50', ms(m((r) => r.bare.echo.p50)), ms(m((r) => r.naive.echo.p50)), ms(m((r) => r.livedeck.echo.p50)), '', ''],
    ['keystroke echo, p99', ms(m((r) => r.bare.echo.p99)), ms(m((r) => r.naive.echo.p99)), ms(m((r) => r.livedeck.echo.p99)), `< ${GOALS.echoP99Ms} ms`, pass(v.echo)],
    [
      'bulk 50 MB, throughput',
      `${mbs(ceiling)} node-pty; ${mbs(m((r) => r.bare.script))} script`,
      share(m((r) => r.naive.bulk.mbps)),
      share(m((r) => r.livedeck.bulk.mbps)),
      `>= ${GOALS.throughputShare * 100}% of node-pty`,
      pass(v.throughput),
    ],
    ['bulk: @xterm/headless alone parses', mbs(m((r) => r.bare.headless)), '', '', '', ''],
    ...(runs.every((r) => r.unrecorded !== null)
      ? [['bulk, livedeck with `--no-record`', '', '', `${share(m((r) => r.unrecorded!.mbps))}, CPU ${cpu(m((r) => r.unrecorded!.cpu))}`, '', '']]
      : []),
    ['bulk: server CPU', '', cpu(m((r) => r.naive.bulk.cpu)), cpu(m((r) => r.livedeck.bulk.cpu)), '', ''],
    ['server RSS, idle', '', mb(m((r) => r.naive.idleRss)), mb(m((r) => r.livedeck.idleRss)), '', ''],
    ['bulk: server peak RSS', '', mb(m((r) => r.naive.bulk.peakRss)), mb(m((r) => r.livedeck.bulk.peakRss)), `< ${mb(GOALS.rssBytes)}`, ''],
    [`slow reader (bulk at ${SLOW_RATE / 1e6} MB/s, ${SLOW_DURATION_MS / 1000} s): server peak RSS`, '', ...both((s) => slowRss(s.map((r) => r.slow))), `< ${mb(GOALS.rssBytes)}`, ''],
    [`slow reader: output read in ${SLOW_DURATION_MS / 1000} s`, '', ...both((s) => `${median(s.map((r) => r.slow.processedMB)).toFixed(1)} MB`), '', ''],
    ['slow reader: Ctrl-C to prompt', '', ...both((s) => ctrlC(s.map((r) => r.slow))), '', ''],
    [`slow reader, endless \`yes\` (${ENDLESS_DURATION_MS / 1000} s): server peak RSS`, '', ...both((s) => slowRss(s.map((r) => r.endless))), `< ${mb(GOALS.rssBytes)}`, ''],
    ['server RSS, worst of all runs', '', worstRssLabel(runs.map((r) => r.naive)), worstRssLabel(runs.map((r) => r.livedeck)), `< ${mb(GOALS.rssBytes)}`, pass(v.rss)],
  ];
  return markdownTable(rows);
}

/** One row per run, for the spread behind the medians. */
export function runsTable(runs: Run[]): string {
  const rows: string[][] = [
    [
      'run',
      'load',
      'echo p50 / p99: bare, naive, livedeck',
      'MB/s: node-pty, script, headless alone, naive, livedeck (`--no-record`)',
      'peak RSS, bulk / slow / `yes`: naive',
      'livedeck',
      'Ctrl-C: naive, livedeck',
    ],
  ];
  runs.forEach((r, i) => {
    const echo = (e: EchoResult) => `${ms(e.p50)} / ${ms(e.p99)}`;
    const rss = (s: ServerRun) => `${mb(s.bulk.peakRss)} / ${slowRss([s.slow])} / ${slowRss([s.endless])}`;
    rows.push([
      String(i + 1),
      r.load.toFixed(2),
      `${echo(r.bare.echo)}, ${echo(r.naive.echo)}, ${echo(r.livedeck.echo)}`,
      [r.bare.nodePty, r.bare.script, r.bare.headless, r.naive.bulk.mbps, r.livedeck.bulk.mbps].map((x) => x.toFixed(1)).join(', ') +
        (r.unrecorded ? ` (${r.unrecorded.mbps.toFixed(1)})` : ''),
      rss(r.naive),
      rss(r.livedeck),
      `${ctrlC([r.naive.slow])}, ${ctrlC([r.livedeck.slow])}`,
    ]);
  });
  return markdownTable(rows);
}

export function profileTables(profile: ProfileSummary): string {
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  const areas = markdownTable([['area', 'self time', 'share'], ...profile.areas.map((a) => [a.name, ms(a.ms), pct(a.share)])]);
  const functions = markdownTable([
    ['function', 'self time', 'share'],
    ...profile.functions.map((f) => [`\`${f.name}\``, ms(f.ms), pct(f.share)]),
  ]);
  const scope = profile.windowed ? 'samples taken during the bulk run' : 'the whole profile (no sample matched the bulk run window)';
  return `${ms(profile.totalMs)} of ${scope}.\n\nBy area:\n\n${areas}\n\nTop functions by self time:\n\n${functions}`;
}

function worstRss(runs: ServerRun[]): number {
  return Math.max(...runs.flatMap((r) => [r.idleRss, r.bulk.peakRss, r.slow.peakRss, r.endless.peakRss]));
}

function worstRssLabel(runs: ServerRun[]): string {
  return runs.some((r) => r.slow.overLimitAfter !== null || r.endless.overLimitAfter !== null) ? `> ${RSS_LIMIT / 1e9} GB` : mb(worstRss(runs));
}

function slowRss(slows: SlowResult[]): string {
  const over = slows.filter((s) => s.overLimitAfter !== null);
  if (over.length > 0) return `> ${RSS_LIMIT / 1e9} GB after ${Math.min(...over.map((s) => s.overLimitAfter!)).toFixed(1)} s, stopped`;
  const growth = median(slows.map((s) => s.rssGrowth)) / 1e6;
  return `${mb(median(slows.map((s) => s.peakRss)))} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB/s at the end)`;
}

/** Median of the runs' Ctrl-C times; a timeout counts as longer than any time. */
function ctrlC(slows: SlowResult[]): string {
  if (slows.some((s) => s.overLimitAfter !== null)) return 'not measured (stopped)';
  const sorted = slows.map((s) => s.ctrlC).sort((a, b) => a - b);
  if (!Number.isFinite(sorted[Math.ceil((sorted.length - 1) / 2)])) return `> ${CTRL_C_TIMEOUT_MS / 1000} s`;
  return `${median(sorted).toFixed(2)} s`;
}

function pass(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}

function mbs(mbps: number): string {
  return `${mbps.toFixed(1)} MB/s`;
}

function cpu(share: number): string {
  return `${Math.round(share * 100)}% of a core`;
}

