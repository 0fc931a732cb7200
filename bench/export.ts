// Benchmark of `livedeck export` (issue: PDF export with real terminal text): wall time of the real
// CLI exporting the course deck, one page per slide, with --steps and with --handout, terminals
// included, each the median of 5 runs taken in turns (so load from elsewhere on the machine hits
// them alike): warm
// (livedeck's caches filled by the runs before, as in daily use) and cold (the code cache of
// playwright-core and the terminal screen cache emptied before each run, as after an install or a
// new recording). The CLI's own progress lines carry their time since the export started: they
// split each run into phases, which says where the time goes. Chromium's bare start is timed on its
// own for scale.
// Writes the "## PDF export" section of bench/RESULTS.md (a hand-written "### Interpretation" in
// it is kept).
//   npm run build && node --import tsx bench/export.ts [deck.md]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, launchChromium } from '../server/browser.js';
import { CODE_CACHE_DIR } from '../server/code-cache.js';
import { SCREEN_CACHE_DIR } from '../server/casts/screen-cache.js';
import { median } from './stats.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';

const ROOT = join(import.meta.dirname, '..');
const DECK = process.argv[2] ?? 'slides/virtualisation.md';
const RUNS = 5;
const GOALS = { slides: 2, steps: 3 };
const SECTION_TITLE = '## PDF export';
const COMMAND = 'npm run build && node --import tsx bench/export.ts';

interface Run {
  /** Seconds from spawning the CLI to its exit. */
  wall: number;
  /** Phases, seconds: node's start and livedeck's modules (playwright-core, the compiler); compile
   * + terminal screens with Chromium starting alongside; page load and reveal's print layout;
   * printing and writing the PDF; closing Chromium and exiting. */
  modules: number;
  prepare: number;
  layout: number;
  print: number;
  exit: number;
  pages: number;
  bytes: number;
  load: number;
}

/** Empties the caches a first export after an install or a new recording finds empty. */
function emptyCaches(): void {
  for (const dir of [CODE_CACHE_DIR, SCREEN_CACHE_DIR]) rmSync(dir, { recursive: true, force: true });
}

/** The pages asked for: one per slide (the default), `--steps` or `--handout`. */
type Pages = 'slides' | 'steps' | 'handout';

function exportOnce(out: string, pages: Pages): Run {
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const args = [join(ROOT, 'bin', 'livedeck.js'), 'export', DECK, '--out', out, ...(pages === 'slides' ? [] : [`--${pages}`])];
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`livedeck export failed:\n${result.stderr}`);
  // Progress lines start with the seconds since the CLI's process started.
  const at = (phase: string) => {
    const match = new RegExp(`^\\s*([\\d.]+) s  ${phase}`, 'm').exec(result.stderr);
    if (!match) throw new Error(`no "${phase}" line in:\n${result.stderr}`);
    return Number(match[1]);
  };
  const printed = /: (\d+) pages /.exec(result.stdout);
  if (!printed) throw new Error(`no summary in: ${result.stdout}`);
  return {
    wall, modules: at('starting'), prepare: at('laying out') - at('starting'), layout: at('printing') - at('laying out'),
    print: at('wrote') - at('printing'), exit: wall - at('wrote'), pages: Number(printed[1]), bytes: statSync(out).size, load,
  };
}

async function chromiumStart(): Promise<{ seconds: number; version: string }> {
  const times: number[] = [];
  let version = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const browser = await launchChromium();
    times.push((performance.now() - t0) / 1000);
    version = browser.version();
    await browser.close();
  }
  return { seconds: median(times), version };
}

/** Loading playwright-core alone in a fresh node: with a plain require, and as livedeck does, with
 * V8's code cache (warm: a first load fills it). */
function playwrightLoad(): { required: number; cached: number } {
  const time = (code: string) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    return Number(out.stdout) / 1000;
  };
  const from = JSON.stringify(new URL('../server/browser.ts', import.meta.url).href);
  const codeCache = JSON.stringify(new URL('../server/code-cache.ts', import.meta.url).href);
  const plain = `import { createRequire } from 'node:module'; const t = performance.now(); createRequire(${from})('playwright-core'); process.stdout.write(String(performance.now() - t));`;
  const cached = `const { requireWithCodeCache } = await import(${codeCache}); const t = performance.now(); requireWithCodeCache('playwright-core', ${from}); process.stdout.write(String(performance.now() - t));`;
  time(cached); // fills the cache, if empty
  const required: number[] = [];
  const withCache: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    required.push(time(plain));
    withCache.push(time(cached));
  }
  return { required: median(required), cached: median(withCache) };
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;

async function main(): Promise<void> {
  const began = new Date();
  const loadBefore = uptime();
  const version = sourceVersion(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-export-'));
  const slides: Run[] = [];
  const steps: Run[] = [];
  const handout: Run[] = [];
  const coldSlides: Run[] = [];
  const coldSteps: Run[] = [];
  try {
    exportOnce(join(dir, 'warm-up.pdf'), 'slides'); // the OS file cache and livedeck's caches, as in daily use
    for (let i = 0; i < RUNS; i++) {
      slides.push(exportOnce(join(dir, 'slides.pdf'), 'slides'));
      steps.push(exportOnce(join(dir, 'steps.pdf'), 'steps'));
      handout.push(exportOnce(join(dir, 'handout.pdf'), 'handout'));
      console.error(`run ${i + 1}/${RUNS}: ${s(slides[i]!.wall)}, --steps ${s(steps[i]!.wall)}, --handout ${s(handout[i]!.wall)}`);
    }
    for (let i = 0; i < RUNS; i++) {
      emptyCaches();
      coldSlides.push(exportOnce(join(dir, 'slides.pdf'), 'slides'));
      emptyCaches();
      coldSteps.push(exportOnce(join(dir, 'steps.pdf'), 'steps'));
      console.error(`cold run ${i + 1}/${RUNS}: ${s(coldSlides[i]!.wall)}, --steps ${s(coldSteps[i]!.wall)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const chromium = await chromiumStart();
  const playwright = playwrightLoad();
  const loadAfter = uptime();

  const m = (runs: Run[], pick: (run: Run) => number) => median(runs.map(pick));
  const verdict = (runs: Run[], goal: number) => (m(runs, (r) => r.wall) < goal ? 'PASS' : 'FAIL');
  const range = (runs: Run[]) => `${s(Math.min(...runs.map((r) => r.wall)))} - ${s(Math.max(...runs.map((r) => r.wall)))}`;
  const medians = markdownTable([
    ['', 'pages', 'PDF size', 'median (warm)', 'min - max', 'median (cold)', 'min - max', 'goal', ''],
    ['one page per slide', String(slides[0]!.pages), `${(m(slides, (r) => r.bytes) / 1024).toFixed(0)} KiB`, s(m(slides, (r) => r.wall)), range(slides),
      s(m(coldSlides, (r) => r.wall)), range(coldSlides), `< ${GOALS.slides} s`, verdict(slides, GOALS.slides)],
    ['`--steps`', String(steps[0]!.pages), `${(m(steps, (r) => r.bytes) / 1024).toFixed(0)} KiB`, s(m(steps, (r) => r.wall)), range(steps),
      s(m(coldSteps, (r) => r.wall)), range(coldSteps), `< ${GOALS.steps} s`, verdict(steps, GOALS.steps)],
    ['`--handout`', String(handout[0]!.pages), `${(m(handout, (r) => r.bytes) / 1024).toFixed(0)} KiB`, s(m(handout, (r) => r.wall)), range(handout),
      '', '', '', ''],
  ]);
  const phases = markdownTable([
    ['phase (median)', 'one page per slide', '`--steps`', '`--handout`', 'cold: one page per slide', 'cold: `--steps`'],
    ...([
      ['node start and livedeck\'s modules (playwright-core, the compiler)', (r: Run) => r.modules],
      ['compile + terminal screens, Chromium starting alongside', (r: Run) => r.prepare],
      ['page load + reveal.js print layout', (r: Run) => r.layout],
      ['printing (Chromium) + writing the PDF', (r: Run) => r.print],
      ['closing Chromium, exit', (r: Run) => r.exit],
    ] as const).map(([name, pick]) => [name, ...[slides, steps, handout, coldSlides, coldSteps].map((runs) => s(m(runs, pick)))]),
  ]);
  const every = markdownTable([
    ['run', 'load (1 min)', 'one page per slide', '`--steps`', '`--handout`', 'cold: one page per slide', 'cold: `--steps`'],
    ...slides.map((run, i) => [String(i + 1), [run, steps[i]!, handout[i]!, coldSlides[i]!, coldSteps[i]!].map((r) => r.load.toFixed(2)).join(' / '),
      s(run.wall), s(steps[i]!.wall), s(handout[i]!.wall), s(coldSlides[i]!.wall), s(coldSteps[i]!.wall)]),
  ]);

  const body = [
    `\`bench/export.ts\`: wall time of the real CLI, \`livedeck export ${DECK}\` (spawned, until it exits), one`,
    `page per slide, with \`--steps\` and with \`--handout\` (warm only: no goal), terminal panes printed from their recordings; median of ${RUNS} runs`,
    'taken in turns. Warm: after one warm-up export, livedeck\'s caches filled as in daily use (highlighted code,',
    'V8\'s code cache of playwright-core, terminal screens); the goal is judged on these, the median of 5 consecutive',
    'runs (from empty caches, only the first of them would be cold). Cold: the code cache and the screen cache',
    'emptied before each run, as after an install or a new recording (the highlight cache kept). Phases come from',
    'the CLI\'s progress lines (seconds since its process started).',
    '',
    `- Date: ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${version}.`,
    `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${findChromium()} ${chromium.version}; `
      + `\`uptime\` before: \`${loadBefore}\`, after: \`${loadAfter}\`.`,
    `- Rerun: \`${COMMAND}\` (about ${Math.ceil((Date.now() - began.getTime()) / 60_000)} min).`,
    '- For scale (measured by the lead on this machine, an equivalent deck without terminals, not rerun',
    '  here): Marp CLI 2.0 s, reveal-md 2.9 s, Slidev 7.9 s.',
    '',
    medians,
    '',
    `Where the time goes. For scale, alone (median of ${RUNS}): Chromium's start (\`chromium.launch\` to a browser) ${s(chromium.seconds)};`,
    `loading playwright-core in a fresh node ${s(playwright.required)} with \`require\`, ${s(playwright.cached)} with its code cache, as livedeck does.`,
    '',
    phases,
    '',
    'Every run:',
    '',
    every,
  ].join('\n');
  console.log(`\n${medians}\n\n${phases}\n`);
  writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, body);
  console.error('written to bench/RESULTS.md');
}

await main();
