// A whole class, end to end, in real Chromium: a teacher presents a deck with `livedeck dev`, turns
// the microphone on (Chromium's fake device plays tones the test makes), moves through slides,
// fragments and a vertical stack at times the test notes, lets the server type a demo's steps and
// types a command by hand; then `livedeck build --lecture` and the site, opened from file://, must
// replay that class: at seek points and through #t= links, the slide and fragment the teacher
// showed then, each terminal with what had been typed by then and nothing later, the voice at the
// player's time; the search finds the hand-typed command and jumps to it. No page may have an error.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { LECTURE_FILE, parseLecture, type PositionEvent } from '../../common/lecture.js';
import type { LectureSiteData } from '../../common/lecture-site.js';
import { CHROMIUM_ARGS, findChromium } from '../../server/browser.js';
import { DevServer } from '../../server/http/dev-server.js';
import { closeBrowser, openPage, revealReady, type WatchedPage } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tone, wavFile } from '../helpers/wav.js';

const DECK = join(ROOT, 'tests', 'fixtures', 'lecture-live', 'deck.md');
const STEPS_PANE = 's4-t1';
const HAND_PANE = 's5-t1';

/** What the teacher did, on the test's clock (performance.now(), ms): each move once the server
 * had it, and the hand-typed command's Enter. */
interface Move {
  at: number;
  h: number;
  v: number;
  f: number;
}

let scratch: string;
let browser: Browser;
let site: string;
let data: LectureSiteData;
const moves: Move[] = [];
let typedAt = 0;
let stepOneDoneAt = 0;
let stepTwoAt = 0;
/** The lecture's clock minus the test's, in ms (both are this process's performance.now()). */
let offset = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeout = 10_000): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function paneText(frame: Frame | Page, pane: string): Promise<string> {
  return frame.evaluate((id) => window.livedeck?.panes.get(id)?.text() ?? '', pane);
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'livedeck-lecture-e2e-'));
  const wav = join(scratch, 'tones.wav');
  // The fake microphone: a tone for the first half of every 2 s, speech-like gaps, never a silence
  // long enough to be shortened.
  writeFileSync(wav, wavFile(8, (t) => (t % 2 < 1 ? tone(0.4)(t) : 0)));
  const recordings = join(scratch, 'recordings');
  const server = new DevServer({ deck: DECK, host: '127.0.0.1', port: 0, token: null, watch: false, recordings, log: () => {} });
  const base = await server.start();
  browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    await context.addInitScript('globalThis.__name = (target) => target;');
    const view = await context.newPage();
    const errors: string[] = [];
    view.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    view.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await view.goto(new URL(`/presenter?token=${server.tokens.presenter}`, base).href);
    const deck = (await (await view.waitForSelector('iframe.ld-pv-frame-current'))!.contentFrame())!;
    await deck.waitForSelector('html[data-ld-ready="true"]', { state: 'attached' });

    // The teacher turns the microphone on, then presents.
    await view.keyboard.press('m');
    await view.waitForSelector('.ld-pv-voice[data-state="recording"]');
    await sleep(1200);
    const move = async (key: string, h: number, v: number, f: number, pause: number) => {
      await view.keyboard.press(key);
      await until(`the server at ${h}/${v}/${f}`, () => {
        const p = server.position;
        return p !== null && p.h === h && p.v === v && p.f === f;
      });
      moves.push({ at: performance.now(), h, v, f });
      await sleep(pause);
    };
    await move('ArrowRight', 0, 0, 0, 1800);
    await move('ArrowRight', 0, 0, 1, 1800);
    await move('ArrowRight', 1, 0, -1, 1800);
    await move('ArrowDown', 1, 1, -1, 1800);
    await move('ArrowRight', 2, 0, -1, 2500);
    // The demo's first step, typed by the server on "next".
    await move('ArrowRight', 2, 0, 0, 0);
    await until('step one typed', async () => (await paneText(deck, STEPS_PANE)).includes('step-one-21'));
    stepOneDoneAt = performance.now();
    await sleep(2500);
    stepTwoAt = performance.now();
    await move('ArrowRight', 2, 0, 1, 0);
    await until('step two typed', async () => (await paneText(deck, STEPS_PANE)).includes('step-two-42'));
    await sleep(2000);
    // A command typed by hand in the next slide's shell.
    await move('ArrowRight', 3, 0, -1, 1500);
    await deck.click(`.ld-terminal[data-pane="${HAND_PANE}"] .xterm`);
    await deck.locator(`.ld-terminal[data-pane="${HAND_PANE}"] .xterm-helper-textarea`).pressSequentially('echo hand-$((6*7))', { delay: 60 });
    await deck.locator(`.ld-terminal[data-pane="${HAND_PANE}"] .xterm-helper-textarea`).press('Enter');
    typedAt = performance.now();
    await until('the command ran', async () => (await paneText(deck, HAND_PANE)).includes('hand-42\r\n') || /hand-42\s*\n/.test(await paneText(deck, HAND_PANE)));
    await sleep(2000);
    // Back to the demo's slide (all its steps shown), then the microphone off.
    // The keyboard back to the view (a click on its notes), as a teacher would.
    await view.click('.ld-pv-notes');
    await move('ArrowLeft', 2, 0, 1, 2000);
    await view.keyboard.press('m');
    await view.waitForSelector('.ld-pv-voice[data-state="paused"]');
    await sleep(500);
    assert.deepEqual(errors, []);
  } finally {
    await server.dispose();
  }

  // The lecture's own clock for the first move places the test's moves on it.
  const [lecture] = readdirSync(recordings);
  const dir = join(recordings, lecture!);
  const { events } = parseLecture(readFileSync(join(dir, LECTURE_FILE), 'utf8'));
  const all = events.filter((event): event is PositionEvent => event.type === 'position');
  // The presenter view opens on the first slide: that position comes before the teacher's moves.
  assert.deepEqual(all.slice(0, all.length - moves.length).map(({ h, v, f }) => ({ h, v, f })), [{ h: 0, v: 0, f: -1 }]);
  const positions = all.slice(-moves.length);
  assert.deepEqual(positions.map(({ h, v, f }) => ({ h, v, f })), moves.map(({ h, v, f }) => ({ h, v, f })), 'the timeline has the teacher\'s moves, in order');
  offset = positions[0]!.t - moves[0]!.at;
  for (const [i, position] of positions.entries()) {
    const late = position.t - (moves[i]!.at + offset);
    assert.ok(Math.abs(late) < 60, `move ${i} is on the timeline ${late.toFixed(0)} ms from when the server had it`);
  }

  site = join(scratch, 'site');
  const built = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(built.status, 0, built.stderr);
  data = await siteData(site);
});

after(async () => {
  await browser?.close();
  await closeBrowser();
  rmSync(scratch, { recursive: true, force: true });
});

/** The site's lecture data, as its pages read it. */
async function siteData(dir: string): Promise<LectureSiteData> {
  const text = readFileSync(join(dir, 'lecture', 'lecture.js'), 'utf8');
  const sandbox: Record<string, unknown> = {};
  new Function('globalThis', text)(sandbox);
  return sandbox['livedeckLecture'] as LectureSiteData;
}

/** A time of the class, on the test's clock, on the site's clock (seconds, silences shortened). */
function siteTime(at: number): number {
  const real = (at + offset) / 1000;
  let removed = 0;
  for (const cut of data.cuts) {
    const start = cut.time + removed; // where the cut began, on the class's clock
    if (real <= start) break;
    if (real < start + cut.removed) return cut.time;
    removed += cut.removed;
  }
  return real - removed;
}

async function openSite(hash = ''): Promise<WatchedPage> {
  const opened = await openPage(`${pathToFileURL(join(site, 'index.html')).href}${hash}`);
  await revealReady(opened.page);
  await opened.page.waitForFunction(() => window.livedeck?.lecture !== undefined);
  return opened;
}

async function seekShown(page: Page, time: number): Promise<void> {
  await page.evaluate(async (t) => {
    window.livedeck!.lecture!.seek(t);
    await window.livedeck!.lecture!.shown();
  }, time);
}

async function indices(page: Page): Promise<{ h: number; v: number; f: number }> {
  return page.evaluate(() => {
    const { h, v, f } = (window as unknown as { Reveal: { getIndices(): { h: number; v: number; f?: number } } }).Reveal.getIndices();
    return { h, v, f: f ?? -1 };
  });
}

test('between any two moves, the site shows the slide and fragment the teacher showed', async () => {
  const { page, errors } = await openSite();
  for (let i = 0; i < moves.length; i++) {
    const from = moves[i]!.at;
    const to = moves[i + 1]?.at ?? from + 1500;
    await seekShown(page, siteTime((from + to) / 2));
    const { h, v, f } = moves[i]!;
    assert.deepEqual(await indices(page), { h, v, f }, `between move ${i} and the next`);
  }
  assert.deepEqual(errors, []);
});

test('#t= in seconds and in m:ss opens the class at that moment', async () => {
  // The hand-typed command's slide (3/0) is shown for 5 s or more: a whole second inside it.
  const arrived = moves.find((m) => m.h === 3)!;
  const second = Math.ceil(siteTime(arrived.at) + 0.5);
  for (const hash of [`#t=${second}`, `#t=${Math.floor(second / 60)}:${String(second % 60).padStart(2, '0')}`]) {
    const { page, errors } = await openSite(hash);
    await page.evaluate(() => window.livedeck!.lecture!.shown());
    const time = await page.evaluate(() => window.livedeck!.lecture!.time);
    assert.ok(Math.abs(time - second) < 0.3, `${hash}: the player is at ${time}`);
    assert.deepEqual(await indices(page), { h: 3, v: 0, f: -1 }, hash);
    assert.deepEqual(errors, []);
  }
});

test('a terminal shows what had been typed by then, and nothing later', async () => {
  const { page, errors } = await openSite();
  // Between the two steps: the first one's output, not the second's.
  await seekShown(page, siteTime((stepOneDoneAt + stepTwoAt) / 2));
  const between = await paneText(page, STEPS_PANE);
  assert.match(between, /step-one-21/);
  assert.doesNotMatch(between, /step-two-42/);
  // The hand-typed command: not there on arriving at its slide, there once Enter was pressed.
  const arrived = moves.find((m) => m.h === 3)!;
  await seekShown(page, siteTime(arrived.at + 300));
  assert.doesNotMatch(await paneText(page, HAND_PANE), /hand-42/);
  await seekShown(page, siteTime(typedAt + 1000));
  assert.match(await paneText(page, HAND_PANE), /echo hand-\$\(\(6\*7\)\)[\s\S]*hand-42/);
  assert.deepEqual(errors, []);
});

test('the voice is at the player\'s time, after seeks and after playing at 2x', async () => {
  assert.ok(data.voice.length >= 1, 'the site has the voice');
  const { page, errors } = await openSite();
  const gap = () => page.evaluate(() => {
    const lecture = window.livedeck!.lecture!;
    const audio = lecture.audio;
    if (!audio) return null;
    const voice = (globalThis as unknown as { livedeckLecture: LectureSiteData }).livedeckLecture.voice.find((v) => audio.src.endsWith(v.file));
    return voice ? Math.abs(audio.currentTime + voice.from - lecture.time) : null;
  });
  for (const at of [moves[1]!.at, moves[4]!.at + 500, typedAt]) {
    await seekShown(page, siteTime(at));
    const seeked = await gap();
    assert.ok(seeked !== null && seeked < 0.1, `after a seek: the voice is ${seeked} s from the player`);
  }
  await page.evaluate(() => {
    window.livedeck!.lecture!.setSpeed(2);
    window.livedeck!.lecture!.play();
  });
  await sleep(2000);
  const played = await gap();
  assert.ok(played !== null && played < 0.1, `after 2 s at 2x: the voice is ${played} s from the player`);
  assert.deepEqual(errors, []);
});

test('the search finds the hand-typed command and jumps to its moment', async () => {
  const { page, errors } = await openSite();
  const found = await page.evaluate(() => window.livedeck!.lecture!.search('hand-42'));
  const terminal = found.find((entry) => entry.kind === 'terminal');
  assert.ok(terminal, `a terminal line: ${JSON.stringify(found)}`);
  assert.ok(Math.abs(terminal.time - siteTime(typedAt)) < 1.5, `found at ${terminal.time}, typed at ${siteTime(typedAt)}`);
  assert.equal(terminal.slide, 5);
  await seekShown(page, terminal.time + 0.5);
  assert.deepEqual(await indices(page), { h: 3, v: 0, f: -1 });
  assert.match(await paneText(page, HAND_PANE), /hand-42/);
  assert.deepEqual(errors, []);
});
