// Benchmark of the replay player and the static build (issue: record and replay), written as the
// "## Replay and static build" section of bench/RESULTS.md (its hand-written "### Interpretation"
// is kept):
// (a) a synthetic 10-minute, 5 MB recording in a site made by `livedeck build`, opened from
//     file:// in real Chromium, median of 5 page loads, measured two ways: cold, the page opened
//     at the recording's last step (from the pane's start, and from the navigation, to the end's
//     screen); and in the page,
//     the deck loaded and idle on a far slide (nothing of the recording loaded, its pane not
//     started: only its terminal made, as every pane's at idle), then a move to the recording's
//     slide at its last step (from that call to the end's screen). Each to the end's screen as the
//     build made it (shown until the terminal opens) painted, to the end's screen on the terminal,
//     and to the frame that paints it.
//     Then seeks to the end from the start in the loaded page; and the same with an alternate
//     screen near the end, which keeps the player from skipping what has scrolled away;
// (b) `livedeck build` of the course deck, spawned, time to exit, median of 5; then one build
//     under --cpu-prof, summarised.
//   npm run build && node --import tsx bench/replay.ts

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serializeEvent, serializeHeader, type CastEvent } from '../common/asciicast.js';
import type { LivedeckHandle } from '../client/terminal/controller.js';
import { launchChromium } from '../server/browser.js';
import { readProfile, summariseProfile, type ProfileSummary } from './terminal/cpu-profile.js';
import { median, ms } from './stats.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'livedeck.js');
const RUNS = 5;
const COMMAND = 'npm run build && node --import tsx bench/replay.ts';
const SECTION_TITLE = '## Replay and static build';
const GOALS = { replayMs: 100, buildS: 0.6 };
/** How long the in-page measure leaves the deck alone on its far slide first. */
const IDLE_MS = 1000;

/** The synthetic recording: 20 steps over 10 minutes, each a command typed key by key, then a
 * burst of coloured log lines, then a pause; about 5 MB of asciicast. */
const STEPS = 20;
const DURATION = 600;
const TARGET_BYTES = 5_000_000;

function syntheticCast(alternateScreenNearEnd: boolean): { text: string; steps: string } {
  const prompt = '\x1b[?2004h\x1b[1;32mstudent@lab\x1b[0m:\x1b[1;34m~/logs\x1b[0m$ ';
  const header = serializeHeader({ cols: 100, rows: 28, idleTimeLimit: 2, title: 'synthetic' });
  const lines: string[] = [header];
  let size = header.length + 1;
  const steps: string[] = ['#!/bin/bash', '## Synthetic demo for bench/replay.ts.', ''];
  let time = 0;
  let previous = 0;
  const push = (event: CastEvent) => {
    const line = serializeEvent(event, previous);
    lines.push(line);
    size += line.length + 1;
    previous = event.time;
  };
  push({ time, code: 'o', data: prompt });
  let n = 0;
  for (let step = 0; step < STEPS; step++) {
    const command = `grep -h worker logs/day-${String(step + 1).padStart(2, '0')}.log | tail -n 2500`;
    steps.push(`# Step ${step + 1}: the log of day ${step + 1}.`, command, '');
    time += 0.3;
    push({ time, code: 'm', data: `${step + 1}: Step ${step + 1}: the log of day ${step + 1}.` });
    for (const char of command) {
      time += 0.08;
      push({ time, code: 'o', data: char });
    }
    time += 0.1;
    push({ time, code: 'o', data: '\r\n\x1b[?2004l\r' });
    const budget = ((step + 1) * TARGET_BYTES) / STEPS - 200;
    while (size < budget - 5_000) {
      let chunk = '';
      while (chunk.length < 4_000) {
        n++;
        chunk += `\x1b[2m2026-11-28 12:${String((n >> 6) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}\x1b[0m \x1b[32mINFO\x1b[0m worker[${n % 17}] request ${n} served in ${n % 300} ms\r\n`;
      }
      // In the last lines: no seek to the end can skip anything.
      if (alternateScreenNearEnd && step === STEPS - 1 && size > budget - 20_000) chunk += '\x1b[?1049h\x1b[H\x1b[2Ja pager, for a moment\x1b[?1049l';
      time += 0.01;
      push({ time, code: 'o', data: chunk });
    }
    time += 0.05;
    push({ time, code: 'o', data: prompt });
    // The pauses fill the ten minutes.
    time += (DURATION - time) / (STEPS - step);
  }
  return { text: `${lines.join('\n')}\n`, steps: steps.join('\n') };
}

/** A deck with the recording as its demo (slide 1), for scale the course's processus demo (slide
 * 2, a 9 kB recording), and three slides of text (the in-page measure starts on the last: its
 * neighbours have no pane, and reveal.js keeps slides 1 and 2 undisplayed from there), built
 * into a site. */
function buildSite(dir: string, alternateScreenNearEnd: boolean): { url: string; castBytes: number } {
  const deck = join(dir, 'deck');
  mkdirSync(join(deck, 'demos', 'long'), { recursive: true });
  const { text, steps } = syntheticCast(alternateScreenNearEnd);
  writeFileSync(join(deck, 'demos', 'long', 'session.cast'), text);
  writeFileSync(join(deck, 'demos', 'long', 'steps.sh'), steps);
  cpSync(join(ROOT, 'demos', 'processus'), join(deck, 'demos', 'processus'), { recursive: true });
  writeFileSync(join(deck, 'replay.md'), [
    '---\ntitle: Replay bench\nlang: en\n---\n',
    '## A long recording\n\n```terminal demo=long title="10 minutes, 5 MB" height="560px"\n```\n\n---\n',
    '## A short one\n\n```terminal demo=processus title="processus" height="560px"\n```\n\n---\n',
    FAR_SLIDES.map((n) => `## Slide ${n}\n\nText only.\n`).join('\n---\n\n'),
  ].join('\n'));
  const site = join(dir, 'site');
  const out = spawnSync(process.execPath, [BIN, 'build', join(deck, 'replay.md'), '--out', site], { cwd: dir, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`livedeck build failed:\n${out.stderr}`);
  return { url: pathToFileURL(join(site, 'index.html')).href, castBytes: Buffer.byteLength(text) };
}

type PageWindow = Window & { livedeck?: LivedeckHandle; Reveal: { slide(h: number, v?: number, f?: number): void } };
/** The text slides after the two panes' (numbers); the in-page measure starts on the last. */
const FAR_SLIDES = [3, 4, 5];
const FAR_HASH = `#/${FAR_SLIDES.at(-1)! - 1}`;
/** The pane, its recording, and its slide at its last step (all its steps shown), as a URL hash
 * and as reveal.js indices. */
const LONG = { pane: 's1-t1', file: 'casts/long.cast', segments: 'casts/long/', slide: [0, 0, STEPS - 1] };
const SHORT = { pane: 's2-t1', file: 'casts/processus.cast', segments: 'casts/processus/', slide: [1, 0, 11] };
const hash = (which: typeof LONG) => `#/${which.slide.join('/')}`;
const shownName = (which: typeof LONG) => `livedeck replay: ${which.file} loaded and shown`;
/** The mark of the pane's first screen as the build made it, shown until the terminal opens. */
const firstScreenName = (which: typeof LONG) => `livedeck replay: ${which.file} first screen`;

/**
 * For the page (an init script): watches every frame for the pane's "loaded and shown" measure;
 * in the first frame that sees it (the one that renders the terminal opened before it), posts a
 * message, which runs once that frame is painted: `window.__ldPainted` is then its time.
 */
function watchPaint([name, type, global]: [string, 'mark' | 'measure', string]): void {
  const watch = () => {
    if (performance.getEntriesByName(name, type).length === 0) {
      requestAnimationFrame(watch);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      (window as unknown as Record<string, number>)[global] = performance.now();
    };
    channel.port2.postMessage(null);
  };
  requestAnimationFrame(watch);
}

interface ReplayRun {
  /** Cold: pane start (the runtime making its player: it asks for the segments it needs while the
   * terminal opens) to the terminal opened on the end's screen (parsed), and to that frame
   * painted. */
  loadAndShow: number;
  painted: number;
  /** Cold: from the pane's start to the frame that paints the end's screen as the build made it
   * (PaneCast.screens), which shows until the terminal opens. */
  firstPainted: number;
  /** Cold: from the page's navigation to the pane's start, and to the end's screen. */
  paneStart: number;
  fromNavigation: number;
  /** In the page: from the move to the slide to the end's screen, and to that frame painted; and
   * from the pane's start, in that move, to the end's screen (load + seek + show, the slide
   * change aside). */
  inPage: number;
  inPagePainted: number;
  inPageFromStart: number;
  /** In the page: from the move to the frame that paints the build's end screen. */
  inPageFirstPainted: number;
  /** Of which (cold): Chromium loading the segments' scripts, until the last one ran (below 0:
   * before the pane started: the page asks for them as soon as reveal.js shows the step); parsing
   * them (parseCast, in that time); then the player (seek plan), xterm.js parsing what it wrote,
   * and the terminal opening on it. */
  script: number;
  parse: number;
  show: number;
  /** Segment scripts loaded for the first screen, and their size. */
  segments: number;
  segmentBytes: number;
  /** In the loaded page: from the start's screen to the end's, parsed. */
  seekToEnd: number;
  lines: number;
}

/** One run: the cold measure and the seeks in one page, then the in-page measure in another. */
async function replayOnce(browser: Browser, url: string, which = LONG): Promise<ReplayRun> {
  const cold = await coldOnce(browser, url, which);
  return { ...cold, ...(await inPageOnce(browser, url, which)) };
}

/** In a page of its own, opened at the pane's last step: the end's screen from the pane's start,
 * its phases, then seeks from the start to the end. */
async function coldOnce(browser: Browser, url: string, which: typeof LONG): Promise<Omit<ReplayRun, 'inPage' | 'inPagePainted' | 'inPageFromStart' | 'inPageFirstPainted'>> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    // Arriving with every step shown: the pane shows the end at once.
    await page.addInitScript(watchPaint, [shownName(which), 'measure', '__ldPainted'] as [string, 'measure', string]);
    await page.addInitScript(watchPaint, [firstScreenName(which), 'mark', '__ldFirstPainted'] as [string, 'mark', string]);
    await page.goto(`${url}${hash(which)}`);
    const loadAndShow = await measureName(page, shownName(which));
    const painted = (await (await page.waitForFunction(() => (window as unknown as { __ldPainted?: number }).__ldPainted)).jsonValue()) as number;
    const firstPainted = (await (await page.waitForFunction(() => (window as unknown as { __ldFirstPainted?: number }).__ldFirstPainted)).jsonValue()) as number;
    const phases = await page.evaluate(([name, prefix]) => {
      const total = performance.getEntriesByName(name)[0]!;
      const end = total.startTime + total.duration;
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith(`livedeck replay: ${prefix}`) && m.startTime <= end);
      const loaded = marks.filter((m) => m.name.endsWith(' loaded'));
      const parsed = marks.filter((m) => m.name.endsWith(' parsed'));
      const scripts = loaded.map((m) => m.name.slice('livedeck replay: '.length, -' loaded'.length));
      const lastLoaded = Math.max(...loaded.map((m) => m.startTime));
      const lastParsed = Math.max(...parsed.map((m) => m.startTime));
      const parse = parsed.reduce((n, m, i) => n + m.startTime - loaded[i]!.startTime, 0);
      return { start: total.startTime, end, script: lastLoaded - total.startTime, parse, show: end - Math.max(lastParsed, total.startTime), scripts };
    }, [shownName(which), which.segments] as const);
    const site = dirname(fileURLToPath(url));
    const segmentBytes = phases.scripts.reduce((n, script) => n + statSync(join(site, script)).size, 0);
    const { seekToEnd, lines } = await page.evaluate(async (id) => {
      const pane = (window as PageWindow).livedeck!.panes.get(id)!;
      const player = pane.player!;
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        player.seekToMarker(0);
        await player.shown();
        const t0 = performance.now();
        player.seekToMarker(player.markers.length);
        await player.shown();
        times.push(performance.now() - t0);
      }
      return { seekToEnd: times.sort((a, b) => a - b)[1]!, lines: pane.text().split('\n').length };
    }, which.pane);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return {
      loadAndShow, painted: painted - phases.start, paneStart: phases.start, fromNavigation: phases.end, firstPainted: firstPainted - phases.start,
      script: phases.script, parse: phases.parse, show: phases.show, segments: phases.scripts.length, segmentBytes, seekToEnd, lines,
    };
  } finally {
    await context.close();
  }
}

/** In a page of its own (a fresh context): the deck loaded on a far slide and left idle, then moved to the
 * pane's slide at its last step, as the deck's navigation does: time from that call to the end's
 * screen, and to the frame that paints it. */
type InPageTimes = Pick<ReplayRun, 'inPage' | 'inPagePainted' | 'inPageFromStart' | 'inPageFirstPainted'>;

async function inPageOnce(browser: Browser, url: string, which: typeof LONG): Promise<InPageTimes> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}${FAR_HASH}`);
    await page.waitForFunction(() => document.documentElement.dataset.ldReady === 'true');
    await page.waitForTimeout(IDLE_MS);
    const times = await page.evaluate(([id, name, first, prefix, [h, v, f]]) => new Promise<InPageTimes | string>((resolve) => {
      const w = window as unknown as PageWindow;
      // Nothing of the recording is there yet.
      const state = w.livedeck!.panes.get(id)!.state;
      const loaded = performance.getEntriesByType('mark').filter((m) => m.name.startsWith(`livedeck replay: ${prefix}`));
      if (state !== 'idle' || loaded.length > 0) return resolve(`not a cold start: the pane is ${state}, ${loaded.length} segment marks`);
      const t0 = performance.now();
      // As in watchPaint: the first frame that sees the entry renders what it marks. The build's
      // screen comes first, the terminal's later.
      let firstPainted = NaN;
      const watchFirst = () => {
        if (performance.getEntriesByName(first, 'mark').length === 0) return requestAnimationFrame(watchFirst);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { firstPainted = performance.now() - t0; };
        channel.port2.postMessage(null);
      };
      const watch = () => {
        const shown = performance.getEntriesByName(name, 'measure')[0];
        if (!shown) return requestAnimationFrame(watch);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ inPage: shown.startTime + shown.duration - t0, inPagePainted: performance.now() - t0, inPageFromStart: shown.duration, inPageFirstPainted: firstPainted });
        channel.port2.postMessage(null);
      };
      requestAnimationFrame(watchFirst);
      requestAnimationFrame(watch);
      w.Reveal.slide(h!, v, f);
    }), [which.pane, shownName(which), firstScreenName(which), which.segments, which.slide] as const);
    if (typeof times === 'string') throw new Error(times);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return times;
  } finally {
    await context.close();
  }
}

/** A browser context as a student's fresh window: the bench's viewport, and the helper tsx's
 * compiled functions expect in the page. */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context;
}

async function measureName(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((wanted) => performance.getEntriesByName(wanted, 'measure')[0]?.duration ?? false, name, { timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

/** `livedeck build` of the course deck into a fresh folder, spawned: seconds to exit. */
function buildOnce(out: string, extra: string[] = []): number {
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [...extra, BIN, 'build', 'slides/virtualisation.md', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`livedeck build failed:\n${result.stderr}`);
  return seconds;
}

/** Node starting and exiting, for scale: the floor of any CLI. */
function nodeStart(): number {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
  return (performance.now() - t0) / 1000;
}

function profileTables(profile: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const areas = markdownTable([['area', 'self time', 'share'], ...profile.areas.slice(0, 10).map((a) => [a.name, ms(a.ms), pct(a.share)])]);
  const functions = markdownTable([['function', 'self time', 'share'], ...profile.functions.map((f) => [`\`${f.name}\``, ms(f.ms), pct(f.share)])]);
  return `${ms(profile.totalMs)} of samples.\n\nBy area:\n\n${areas}\n\nTop functions by self time:\n\n${functions}`;
}

async function main(): Promise<void> {
  const began = new Date();
  const loadBefore = uptime();
  const version = sourceVersion(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-replay-'));
  try {
    // (a) the player
    mkdirSync(join(dir, 'trim'));
    mkdirSync(join(dir, 'whole'));
    const trim = buildSite(join(dir, 'trim'), false);
    const whole = buildSite(join(dir, 'whole'), true);
    const browser = await launchChromium();
    const replays: ReplayRun[] = [];
    const wholeReplays: ReplayRun[] = [];
    const shortReplays: ReplayRun[] = [];
    try {
      await replayOnce(browser, trim.url); // warm-up: the OS file cache, Chromium's code cache
      for (let i = 0; i < RUNS; i++) {
        replays.push(await replayOnce(browser, trim.url));
        wholeReplays.push(await replayOnce(browser, whole.url));
        shortReplays.push(await replayOnce(browser, trim.url, SHORT));
        console.error(`replay run ${i + 1}/${RUNS}: cold ${ms(replays[i]!.loadAndShow)}, in the page ${ms(replays[i]!.inPage)} (whole: ${ms(wholeReplays[i]!.loadAndShow)})`);
      }
    } finally {
      await browser.close();
    }

    // (b) the build
    const out = join(dir, 'course-site');
    buildOnce(out); // warm-up
    const builds: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      builds.push(buildOnce(out));
      starts.push(nodeStart());
      console.error(`build run ${i + 1}/${RUNS}: ${builds[i]!.toFixed(2)} s`);
    }
    const siteBytes = Number(execFileSync('du', ['-sb', out], { encoding: 'utf8' }).split('\t')[0]);
    const profileDir = join(dir, 'profile');
    const profiled = buildOnce(out, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    const profile = summariseProfile(readProfile(profileDir), null, ROOT, 12);
    const loadAfter = uptime();

    const m = (runs: ReplayRun[], pick: (run: ReplayRun) => number) => median(runs.map(pick));
    const buildMedian = median(builds);
    const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
    const row = (label: string, runs: ReplayRun[], pick: (run: ReplayRun) => number, goal = false, show?: (run: ReplayRun) => string) => [
      label, show ? String(m(runs, pick)) : ms(m(runs, pick)), runs.map((r) => (show ? show(r) : ms(pick(r)))).join(', '), goal ? `< ${GOALS.replayMs} ms` : '', goal ? verdict(m(runs, pick) < GOALS.replayMs) : '',
    ];
    const table = markdownTable([
      ['', 'median of 5', 'runs', 'goal', ''],
      row('(a) cold, opened at the end: pane started → end\'s screen as the build made it, painted (until the terminal opens)', replays, (r) => r.firstPainted, true),
      row('(a) … pane started → end\'s screen on the terminal', replays, (r) => r.loadAndShow, true),
      row('(a) … → that frame painted', replays, (r) => r.painted, true),
      row('(a) … from the page\'s navigation → end\'s screen on the terminal', replays, (r) => r.fromNavigation),
      row('(a) … of which from the navigation to the pane\'s start (reveal.js ready)', replays, (r) => r.paneStart),
      row('(a) … until the last segment script needed ran, from the pane\'s start (file://; below 0: before it)', replays, (r) => r.script),
      row('(a) … in which parsing the segments (`parseCast`)', replays, (r) => r.parse),
      row('(a) … then the player (from the later of the two): seek plan, reset, xterm.js parsing it, the terminal opening', replays, (r) => r.show),
      row('(a) … segment scripts loaded for it: count, kB', replays, (r) => r.segments, false, (r) => `${r.segments} (${Math.round(r.segmentBytes / 1000)} kB)`),
      row('(a) in the page, idle on a far slide: move to the end → end\'s screen as the build made it, painted', replays, (r) => r.inPageFirstPainted, true),
      row('(a) … move to the end → end\'s screen on the terminal', replays, (r) => r.inPage, true),
      row('(a) … → that frame painted', replays, (r) => r.inPagePainted, true),
      row('(a) … from the pane\'s start in that move (load + seek + show, the slide change aside) → end\'s screen', replays, (r) => r.inPageFromStart),
      row('(a) seek start → end in the loaded page (median of 3 each)', replays, (r) => r.seekToEnd, true),
      row('(a) no skip possible (an alternate screen near the end): cold, to the end\'s screen', wholeReplays, (r) => r.loadAndShow),
      row('(a) … in the page, to the end\'s screen', wholeReplays, (r) => r.inPage),
      row('(a) … its segment scripts loaded for it', wholeReplays, (r) => r.segments, false, (r) => `${r.segments} (${Math.round(r.segmentBytes / 1000)} kB)`),
      row('(a) … its seek start → end', wholeReplays, (r) => r.seekToEnd),
      row('(a) for scale, the course\'s processus recording (9 kB): cold, to the end\'s screen', shortReplays, (r) => r.loadAndShow),
      row('(a) … of which until its one segment script ran', shortReplays, (r) => r.script),
      row('(a) … in the page, to the end\'s screen', shortReplays, (r) => r.inPage),
      row('(a) … of which from the pane\'s start', shortReplays, (r) => r.inPageFromStart),
      row('(a) … its seek start → end', shortReplays, (r) => r.seekToEnd),
      ['(b) `livedeck build` of the course deck, spawn to exit', `${buildMedian.toFixed(2)} s`, builds.map((b) => b.toFixed(2)).join(', '), `< ${GOALS.buildS} s`, verdict(buildMedian < GOALS.buildS)],
      ['(b) for scale: `node -e ""`, spawn to exit', `${median(starts).toFixed(2)} s`, starts.map((b) => b.toFixed(2)).join(', '), '', ''],
    ]);
    const body = [
      '`bench/replay.ts`: (a) the replay player in real Chromium (headless, 1280x720, from `file://`), on a synthetic',
      `recording of ${DURATION / 60} minutes and ${(trim.castBytes / 1e6).toFixed(1)} MB (${STEPS} steps: a command typed key by key, then`,
      '~250 kB of coloured log lines, then a pause) in a site made by `livedeck build` (the recording on slide 1, the course\'s',
      `processus demo on slide 2, text on slides ${FAR_SLIDES.join(', ')}), each page load in a fresh browser context, measured two ways.`,
      '**Cold**: the page opened at the recording\'s last step; from the pane starting (the runtime making its player once',
      'reveal.js is ready; the page asked for the segment scripts it needs as soon as reveal.js showed the step, before that)',
      'to the terminal opened on the end\'s screen parsed by xterm.js (the `performance.measure` the pane records; the next',
      'frame renders it), and to that frame painted (a message posted from the first animation frame that sees the measure);',
      'and from the navigation. The neighbouring slide\'s pane starts once this one has painted. Before its terminal, the pane',
      'shows the end\'s screen as the build made it (the text of PaneCast.screens, in the terminal\'s place): the rows "as the',
      'build made it, painted" time the frame that paints that. **In the page** ("load + seek to the end" as a student does it):',
      `the deck opened on slide ${FAR_SLIDES.at(-1)} and left idle ${IDLE_MS / 1000} s (the recording's pane not started, none of its segments loaded: checked;`,
      'its terminal made and its fonts loaded, as every pane\'s once the slide shown is painted),',
      'then `Reveal.slide()` to the recording\'s slide at its last step; from that call to the same ends.',
      `The pane keeps 1000 lines of scrollback (a live pane: 5000); the end shows ${replays[0]?.lines ?? '?'} lines. (b) \`livedeck build\` of the course deck`,
      `(18 slides, 5 recordings; the site is ${(siteBytes / 1024 / 1024).toFixed(1)} MiB) into a fresh folder, spawned, time to exit.`,
      '',
      `- Date: ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${version}.`,
      `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, Chromium headless; \`uptime\` before: \`${loadBefore}\`, after: \`${loadAfter}\`.`,
      `- Rerun: \`${COMMAND}\` (about ${Math.ceil((Date.now() - began.getTime()) / 60_000)} min). One warm-up of each first (file cache).`,
      '- For scale (measured by the planners, not rerun here): static builds of a comparable deck take reveal-md',
      '  0.51 s, Marp CLI 0.64 s, Slidev 4.7 s.',
      '',
      table,
      '',
      `### Where \`livedeck build\` spends its time`,
      '',
      `One build under \`node --cpu-prof\` (${profiled.toFixed(2)} s with the profiler on). ${profileTables(profile)}`,
    ].join('\n');
    writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, body);
    console.log(body);
    console.error('written to bench/RESULTS.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
