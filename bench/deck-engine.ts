// Benchmark of the deck engine (issue: deck engine): compile time of the course deck, and the cold
// start of `livedeck dev` until its first page answers 200 and until the title slide is visible
// in Chromium, each the median of 5 runs, every run in a fresh process. Each is measured with the
// highlight cache empty (first run after a code block changed) and filled (the usual case).
//   npm run build && node --import tsx bench/deck-engine.ts [deck.md]

import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { DEFAULT_CACHE_FILE } from '../server/deck/highlight-cache.js';
import { join } from 'node:path';
import { launchChromium } from '../server/browser.js';
import { median, ms } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const deck = process.argv[2] ?? 'slides/virtualisation.md';
const RUNS = 5;

const clearCache = () => rmSync(DEFAULT_CACHE_FILE, { force: true });

/** Compile time in a fresh process (first compile) and again in the same process (as on each
 * reload of livedeck dev). */
function compileTimes(): { cold: number; warm: number } {
  const script = `
    const { compileDeck } = await import('./server/deck/compile.ts');
    let t = performance.now(); await compileDeck(${JSON.stringify(deck)}); const cold = performance.now() - t;
    t = performance.now(); await compileDeck(${JSON.stringify(deck)}); const warm = performance.now() - t;
    process.stdout.write(JSON.stringify({ cold, warm }));`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as { cold: number; warm: number };
}

async function waitFor200(url: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('livedeck dev did not answer in time');
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startTimes(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<{ firstPage: number; titleVisible: number }> {
  const port = await freePort();
  // The page needs the presenter's token (a fixed one, so the URL is known before the server prints it).
  const token = 'bench-deck-engine-token';
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // A new tab keeps Chromium busy for a moment; on 2 cores that would be charged to livedeck.
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'livedeck.js'), 'dev', deck, '--port', String(port), '--no-record', '--token', token], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitFor200(url, t0 + 10_000);
    const firstPage = performance.now() - t0;
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('section.present h1').first().waitFor({ state: 'visible' });
    // Visible means painted with its font: wait for the web fonts the title uses.
    await page.evaluate(() => document.fonts.ready);
    const titleVisible = performance.now() - t0;
    return { firstPage, titleVisible };
  } finally {
    await page.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

const emptyCache = Array.from({ length: RUNS }, () => { clearCache(); return compileTimes(); });
const filledCache = Array.from({ length: RUNS }, compileTimes);
const browser = await launchChromium();
const startsEmpty = [];
const startsFilled = [];
for (let i = 0; i < RUNS; i++) {
  clearCache();
  startsEmpty.push(await startTimes(browser));
  startsFilled.push(await startTimes(browser));
}
await browser.close();

console.log(`deck engine, ${deck}, median of ${RUNS}            cache empty   cache filled`);
const row = (label: string, empty: number[], filled: number[]) => console.log(`  ${label.padEnd(38)} ${ms(median(empty)).padStart(11)}  ${ms(median(filled)).padStart(12)}`);
row('compile, fresh process', emptyCache.map((c) => c.cold), filledCache.map((c) => c.cold));
row('compile again, same process (reload)', emptyCache.map((c) => c.warm), filledCache.map((c) => c.warm));
row('livedeck dev: spawn -> first 200', startsEmpty.map((s) => s.firstPage), startsFilled.map((s) => s.firstPage));
row('livedeck dev: spawn -> title visible', startsEmpty.map((s) => s.titleVisible), startsFilled.map((s) => s.titleVisible));
