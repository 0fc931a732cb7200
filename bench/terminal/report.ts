// Turns the runs of bench/terminal.ts into tables (medians of the runs, then every run) and writes
// them as the "## Live terminals" section of bench/RESULTS.md, leaving other sections alone.

import { median, ms } from '../stats.js';
import type { ProfileSummary } from './cpu-profile.js';
import { ECHO_LEGS, type EchoHops } from './echo-hops.js';
import { CTRL_C_TIMEOUT_MS, ENDLESS_DURATION_MS, RSS_LIMIT, SLOW_DURATION_MS, SLOW_RATE, type BulkResult, type EchoResult, type FloodResult } from './phases.js';
import { markdownTable } from '../results.js';

/** One of each bulk workload (bench/terminal/bulk-file.ts): the issue's, made by the shell as it
 * goes, which the goal is judged on, and `cat` of a file, the stricter. */
export interface Workloads<T> {
  generated: T;
  cat: T;
}

type Workload = keyof Workloads<unknown>;
const WORKLOAD_LABELS: Workloads<string> = { generated: "made by the shell (the issue's workload)", cat: '`cat` of a file (stricter)' };

/** A server's echo, and where its time went. */
export interface ServerEcho extends EchoResult {
  hops: EchoHops;
}

export interface ServerRun {
  /** VmRSS right after start, before any terminal, bytes. */
  idleRss: number;
  echo: ServerEcho;
  /** The bulk `cat` read at 1 MB/s, then Ctrl-C. */
  slow: FloodResult;
  /** Endless output (`yes`) read at 1 MB/s. */
  endless: FloodResult;
  /** Endless output read as fast as it comes, then Ctrl-C. */
  endlessFast: FloodResult;
}

/** One bulk workload through each side, back to back, each server fresh: what the machine gives
 * swings from second to second, so each side is compared with the ceilings of its own round. */
export interface BulkRound {
  /** MB/s of the workload read by node-pty in the benchmark process, and through `script`. */
  nodePty: number;
  script: number;
  naive: BulkResult;
  livedeck: BulkResult;
  /** livedeck with --no-record (null: this CLI does not record sessions). */
  unrecorded: BulkResult | null;
}

export interface Run {
  /** 1-minute load average when the run started. */
  load: number;
  /** No server: echo from a bash in a pty of the benchmark, and MB/s of @xterm/headless parsing
   * the bulk output alone. */
  bare: { echo: EchoResult; headless: number };
  bulk: Workloads<BulkRound[]>;
  naive: ServerRun;
  livedeck: ServerRun;
}

export const GOALS = { echoP99Ms: 3, throughputShare: 0.9, rssBytes: 150e6 };

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
    throughput: shareOf(runs, 'generated', (round) => round.livedeck.mbps, 'script') >= GOALS.throughputShare,
    rss: live.every((r) => r.endless.overLimitAfter === null && r.endlessFast.overLimitAfter === null) && worstRss(runs, 'livedeck') < GOALS.rssBytes,
  };
}

/** Median over every round of a side's MB/s over a ceiling's in the same round. `script` is the
 * issue's bare-pty ceiling; node-pty reading the pty in the benchmark itself is the stricter one. */
function shareOf(runs: Run[], work: Workload, side: (round: BulkRound) => number, ceiling: 'script' | 'nodePty'): number {
  return median(allRounds(runs, work).map((round) => side(round) / round[ceiling]));
}

function allRounds(runs: Run[], work: Workload): BulkRound[] {
  return runs.flatMap((r) => r.bulk[work]);
}

/** The throughput rows of one workload. */
function bulkRows(runs: Run[], work: Workload, verdict: string): string[][] {
  const rounds = allRounds(runs, work);
  const r = (pick: (round: BulkRound) => number) => median(rounds.map(pick));
  const shares = (side: (round: BulkRound) => number) => {
    const pct = (ceiling: 'script' | 'nodePty') => `${Math.round(100 * shareOf(runs, work, side, ceiling))}%`;
    return `${mbs(r(side))} (${pct('script')} of script, ${pct('nodePty')} of node-pty)`;
  };
  const recorded = rounds.every((round) => round.unrecorded !== null);
  const label = WORKLOAD_LABELS[work];
  return [
    [
      `bulk 50 MB ${label}, throughput (median of ${rounds.length} rounds; shares: median of each round's)`,
      `${mbs(r((round) => round.script))} script; ${mbs(r((round) => round.nodePty))} node-pty`,
      shares((round) => round.naive.mbps),
      shares((round) => round.livedeck.mbps),
      verdict === '' ? '' : `>= ${GOALS.throughputShare * 100}% of script`,
      verdict,
    ],
    ...(recorded ? [[`bulk ${label}, livedeck with \`--no-record\``, '', '', `${shares((round) => round.unrecorded!.mbps)}, CPU ${cpu(r((round) => round.unrecorded!.cpu))}`, '', '']] : []),
    [`bulk ${label}: server CPU`, '', cpu(r((round) => round.naive.cpu)), cpu(r((round) => round.livedeck.cpu)), '', ''],
  ];
}

/** The medians table, markdown (also what the console shows). */
export function mediansTable(runs: Run[]): string {
  const m = (pick: (run: Run) => number) => median(runs.map(pick));
  const rounds = [...allRounds(runs, 'generated'), ...allRounds(runs, 'cat')];
  const both = (format: (servers: ServerRun[]) => string) => [format(runs.map((r) => r.naive)), format(runs.map((r) => r.livedeck))];
  const v = verdicts(runs);
  const rows: string[][] = [
    ['', 'bare pty', 'naive server', 'livedeck', 'goal (livedeck)', ''],
    ['keystroke echo, p50', ms(m((r) => r.bare.echo.p50)), ms(m((r) => r.naive.echo.p50)), ms(m((r) => r.livedeck.echo.p50)), '', ''],
    ['keystroke echo, p99', ms(m((r) => r.bare.echo.p99)), ms(m((r) => r.naive.echo.p99)), ms(m((r) => r.livedeck.echo.p99)), `< ${GOALS.echoP99Ms} ms`, pass(v.echo)],
    ...bulkRows(runs, 'generated', pass(v.throughput)),
    ...bulkRows(runs, 'cat', ''),
    ['bulk: @xterm/headless alone parses', mbs(m((r) => r.bare.headless)), '', '', '', ''],
    ['server RSS, idle', '', mb(m((r) => r.naive.idleRss)), mb(m((r) => r.livedeck.idleRss)), '', ''],
    ['bulk: server peak RSS, worst round', '', mb(Math.max(...rounds.map((round) => round.naive.peakRss))), mb(Math.max(...rounds.map((round) => round.livedeck.peakRss))), `< ${mb(GOALS.rssBytes)}`, ''],
    [`slow reader (bulk at ${SLOW_RATE / 1e6} MB/s, ${SLOW_DURATION_MS / 1000} s): server peak RSS`, '', ...both((s) => floodRss(s.map((r) => r.slow))), `< ${mb(GOALS.rssBytes)}`, ''],
    [`slow reader: output read in ${SLOW_DURATION_MS / 1000} s`, '', ...both((s) => `${median(s.map((r) => r.slow.processedMB)).toFixed(1)} MB`), '', ''],
    ['slow reader: Ctrl-C to prompt', '', ...both((s) => ctrlC(s.map((r) => r.slow))), '', ''],
    [`slow reader, endless \`yes\` (${ENDLESS_DURATION_MS / 1000} s): server peak RSS`, '', ...both((s) => floodRss(s.map((r) => r.endless))), `< ${mb(GOALS.rssBytes)}`, ''],
    [`fast reader, endless \`yes\` (${ENDLESS_DURATION_MS / 1000} s): server peak RSS`, '', ...both((s) => floodRss(s.map((r) => r.endlessFast))), `< ${mb(GOALS.rssBytes)}`, ''],
    ['fast reader: output read, then Ctrl-C to prompt', '', ...both((s) => `${median(s.map((r) => r.endlessFast.processedMB)).toFixed(0)} MB, ${ctrlC(s.map((r) => r.endlessFast))}`), '', ''],
    ['server RSS, worst of all runs', '', worstRssLabel(runs, 'naive'), worstRssLabel(runs, 'livedeck'), `< ${mb(GOALS.rssBytes)}`, pass(v.rss)],
  ];
  return markdownTable(rows);
}

/** Where the servers' echo time goes, leg by leg (bench/terminal/echo-hops.ts): medians of the
 * runs' p50 and p99, and which leg was the longest in the samples that missed the goal. */
export function echoHopsTable(runs: Run[]): string {
  const m = (side: 'naive' | 'livedeck', pick: (hops: EchoHops) => number) => ms(median(runs.map((r) => pick(r[side].echo.hops))));
  const total = (side: 'naive' | 'livedeck', pick: (hops: EchoHops) => number) => runs.reduce((sum, r) => sum + pick(r[side].echo.hops), 0);
  const rows: string[][] = [
    ['leg of the echo', 'naive p50', 'naive p99', 'livedeck p50', 'livedeck p99', `the longest leg of the samples over ${GOALS.echoP99Ms} ms: naive, livedeck`],
    ...ECHO_LEGS.map((leg, i) => [
      leg,
      m('naive', (hops) => hops.p50[i]!),
      m('naive', (hops) => hops.p99[i]!),
      m('livedeck', (hops) => hops.p50[i]!),
      m('livedeck', (hops) => hops.p99[i]!),
      `${total('naive', (hops) => hops.slowestLeg[i]!)}, ${total('livedeck', (hops) => hops.slowestLeg[i]!)}`,
    ]),
    [`samples over ${GOALS.echoP99Ms} ms, all runs`, '', '', '', '', `${total('naive', (hops) => hops.slow)}, ${total('livedeck', (hops) => hops.slow)}`],
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
      'MB/s, each round, made by the shell / `cat`: script, node-pty, naive, livedeck (`--no-record`)',
      'peak RSS, bulk / slow / `yes` / fast `yes`: naive',
      'livedeck',
      'Ctrl-C: naive, livedeck',
    ],
  ];
  runs.forEach((r, i) => {
    const echo = (e: EchoResult) => `${ms(e.p50)} / ${ms(e.p99)}`;
    const peak = (side: 'naive' | 'livedeck') => mb(Math.max(...[...r.bulk.generated, ...r.bulk.cat].map((round) => round[side].peakRss)));
    const rss = (side: 'naive' | 'livedeck') => `${peak(side)} / ${floodRss([r[side].slow])} / ${floodRss([r[side].endless])} / ${floodRss([r[side].endlessFast])}`;
    const round = (b: BulkRound) =>
      [b.script, b.nodePty, b.naive.mbps, b.livedeck.mbps].map((x) => x.toFixed(1)).join(', ') + (b.unrecorded ? ` (${b.unrecorded.mbps.toFixed(1)})` : '');
    rows.push([
      String(i + 1),
      r.load.toFixed(2),
      `${echo(r.bare.echo)}, ${echo(r.naive.echo)}, ${echo(r.livedeck.echo)}`,
      r.bulk.generated.map((generated, n) => `${round(generated)} / ${round(r.bulk.cat[n]!)}`).join('; '),
      rss('naive'),
      rss('livedeck'),
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

function worstRss(runs: Run[], side: 'naive' | 'livedeck'): number {
  return Math.max(...runs.flatMap((r) => [r[side].idleRss, r[side].slow.peakRss, r[side].endless.peakRss, r[side].endlessFast.peakRss, ...[...r.bulk.generated, ...r.bulk.cat].map((round) => round[side].peakRss)]));
}

function worstRssLabel(runs: Run[], side: 'naive' | 'livedeck'): string {
  const stopped = runs.some((r) => r[side].slow.overLimitAfter !== null || r[side].endless.overLimitAfter !== null || r[side].endlessFast.overLimitAfter !== null);
  return stopped ? `> ${RSS_LIMIT / 1e9} GB` : mb(worstRss(runs, side));
}

function floodRss(floods: FloodResult[]): string {
  const over = floods.filter((s) => s.overLimitAfter !== null);
  if (over.length > 0) return `> ${RSS_LIMIT / 1e9} GB after ${Math.min(...over.map((s) => s.overLimitAfter!)).toFixed(1)} s, stopped`;
  const growth = median(floods.map((s) => s.rssGrowth)) / 1e6;
  return `${mb(median(floods.map((s) => s.peakRss)))} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB/s at the end)`;
}

/** Median of the runs' Ctrl-C times; a timeout counts as longer than any time. */
function ctrlC(floods: FloodResult[]): string {
  if (floods.some((s) => s.overLimitAfter !== null)) return 'not measured (stopped)';
  const sorted = floods.map((s) => s.ctrlC).sort((a, b) => a - b);
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

