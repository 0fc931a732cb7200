// The teacher's voice in real Chromium against the real dev server, with a fake microphone playing
// a tone the test makes (Chromium's --use-fake-device-for-media-stream and
// --use-file-for-fake-audio-capture): M in the presenter view records, a red dot and the time show
// it; M pauses (the word and the total so far) and resumes into a second file; each file starts
// with a WebM header and grows a chunk a second; the lecture's timeline names both segments, the
// tone heard in their levels. A dropped socket ends the segment and recording resumes by itself in
// a new file once it is back. A refused microphone or a browser without MediaRecorder is a
// sentence in the view, which goes on working; a launch that records nothing offers no
// microphone. Every page must have no error.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { LECTURE_FILE, parseLecture, type LectureEvent } from '../../common/lecture.js';
import { CHROMIUM_ARGS, findChromium } from '../../server/browser.js';
import { DevServer } from '../../server/http/dev-server.js';
import { ROOT } from '../helpers/cli.js';
import { tone, wavFile } from '../helpers/wav.js';

const DECK = join(ROOT, 'tests', 'fixtures', 'presenter', 'presenter.md');
/** WebM files start with the EBML magic. */
const WEBM_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

let scratch: string;
let server: DevServer;
let base: string;
let browser: Browser;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'livedeck-voice-e2e-'));
  const wav = join(scratch, 'tone.wav');
  writeFileSync(wav, wavFile(4, tone(0.5)));
  server = new DevServer({ deck: DECK, host: '127.0.0.1', port: 0, token: null, watch: false, recordings: join(scratch, 'recordings'), log: () => {} });
  base = await server.start();
  browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
});

after(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** A page of `on` with its errors recorded (as tests/helpers/browser.ts does); `route` runs before
 * the page loads. */
async function open(on: Browser, path: string, options: { initScript?: string; route?: (page: Page) => Promise<void> } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await on.newContext({ viewport: { width: 1400, height: 850 } });
  await context.addInitScript('globalThis.__name = (target) => target;');
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  await options.route?.(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`); });
  await page.goto(new URL(path, base).href);
  await page.waitForSelector('.ld-pv-voice-button');
  return { page, errors };
}

async function voiceState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`.ld-pv-voice[data-state="${state}"]`, { timeout: 10_000 });
}

/** The size of `file` sampled every 1.1 s, `count` times. */
async function sizes(file: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    out.push(statSync(file).size);
  }
  return out;
}

test('M records: a red dot and the time; M pauses and resumes into a second file; each grows a chunk a second', async () => {
  const { page, errors } = await open(browser, `/presenter?token=${server.tokens.presenter}`);
  await page.keyboard.press('m');
  await voiceState(page, 'recording');
  const dot = await page.$eval('.ld-pv-voice-dot', (element) => getComputedStyle(element).backgroundColor);
  assert.equal(dot, 'rgb(217, 48, 37)', 'the dot is red');
  const lecture = server.recordingsDir!;
  const first = join(lecture, 'voice-1.webm');
  const grown = await sizes(first, 3);
  assert.ok(grown[0]! > 0 && grown[0]! < grown[1]! && grown[1]! < grown[2]!, `voice-1.webm grows each second: ${grown.join(', ')} bytes`);
  // 32 kb/s: about 4 KB a second (Chromium's default would be four times that).
  assert.ok((grown[2]! - grown[0]!) / 2.2 < 8000, `${grown.join(', ')} bytes: more than 32 kb/s`);
  // At least 3.3 s recorded; the view redraws it every half second.
  assert.match((await page.textContent('.ld-pv-voice-time'))!, /^00:0[2-9]$/);

  await page.keyboard.press('m');
  await voiceState(page, 'paused');
  assert.match((await page.textContent('.ld-pv-voice-time'))!, /^en pause · 00:0[3-9]$/);
  const paused = statSync(first).size;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(statSync(first).size, paused, 'nothing is recorded while paused');

  // Resume with the button this time.
  await page.click('.ld-pv-voice-button');
  await voiceState(page, 'recording');
  const second = join(lecture, 'voice-2.webm');
  const grownToo = await sizes(second, 3);
  assert.ok(grownToo[0]! > 0 && grownToo[0]! < grownToo[1]! && grownToo[1]! < grownToo[2]!, `voice-2.webm grows each second: ${grownToo.join(', ')} bytes`);
  // The key works with the keyboard in the deck frame too; typed in its terminal, it is a letter.
  const deck = (await (await page.$('iframe.ld-pv-frame-current'))!.contentFrame())!;
  await deck.waitForSelector('html[data-ld-ready="true"]', { state: 'attached' });
  await page.click('iframe.ld-pv-frame-current', { position: { x: 40, y: 40 } });
  await page.keyboard.press('m');
  await voiceState(page, 'paused');
  assert.match((await page.textContent('.ld-pv-voice-time'))!, /^en pause · 00:0[6-9]$/);

  for (const file of [first, second]) assert.deepEqual(readFileSync(file).subarray(0, 4), WEBM_MAGIC, `${file} starts with a WebM header`);
  const { events } = parseLecture(readFileSync(join(lecture, LECTURE_FILE), 'utf8'));
  const voice = events.filter((event) => event.type.startsWith('voice-'));
  for (const file of ['voice-1.webm', 'voice-2.webm']) {
    const mine = voice.filter((event) => 'file' in event && event.file === file);
    assert.equal(mine[0]?.type, 'voice-start', file);
    assert.equal(mine.at(-1)?.type, 'voice-end', file);
    const chunks = mine.filter((event) => event.type === 'voice-chunk');
    assert.ok(chunks.length >= 3, `${file}: ${chunks.length} chunks`);
    assert.equal(chunks.at(-1)!.bytes, statSync(join(lecture, file)).size, `${file}: the last chunk's size is the file's`);
    assert.ok(chunks.some((chunk) => chunk.level > 0.05), `${file}: the tone is heard (levels ${chunks.map((c) => c.level.toFixed(2)).join(' ')})`);
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** The lecture's voice events so far. */
function voiceEvents(): LectureEvent[] {
  return parseLecture(readFileSync(join(server.recordingsDir!, LECTURE_FILE), 'utf8')).events.filter((event) => event.type.startsWith('voice-'));
}

test('a dropped connection ends the segment; recording resumes by itself in a new file, header first', async () => {
  const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  const { page, errors } = await open(browser, `/presenter?token=${server.tokens.presenter}`, {
    // The view's socket goes through Playwright, which can cut it as a network would.
    route: (page) => page.routeWebSocket(/\/voice$/, (ws) => {
      routes.push({ page: ws, server: ws.connectToServer() });
    }),
  });
  const before = voiceEvents().length;
  await page.keyboard.press('m');
  await voiceState(page, 'recording');
  await new Promise((resolve) => setTimeout(resolve, 2200));
  assert.equal(routes.length, 1);
  await Promise.all([routes[0]!.page.close({ code: 1001, reason: 'the network went away' }), routes[0]!.server.close()]);
  await voiceState(page, 'reconnecting');
  await voiceState(page, 'recording');
  assert.equal(routes.length, 2, 'a new socket');
  const starts = voiceEvents().slice(before).filter((event) => event.type === 'voice-start');
  assert.equal(starts.length, 2);
  const [cut, resumed] = starts.map((event) => (event as { file: string }).file) as [string, string];
  const grown = await sizes(join(server.recordingsDir!, resumed), 2);
  assert.ok(grown[0]! > 0 && grown[0]! < grown[1]!, `${resumed} grows: ${grown.join(', ')} bytes`);
  await page.keyboard.press('m');
  await voiceState(page, 'paused');
  const events = voiceEvents().slice(before).map((event) => `${event.type} ${(event as { file: string }).file}`);
  assert.ok(events.indexOf(`voice-end ${cut}`) < events.indexOf(`voice-start ${resumed}`), events.join('\n'));
  assert.equal(events.at(-1), `voice-end ${resumed}`);
  for (const file of [cut, resumed]) assert.deepEqual(readFileSync(join(server.recordingsDir!, file)).subarray(0, 4), WEBM_MAGIC, `${file} starts with a WebM header`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('no MediaRecorder: a sentence in the view, which goes on working', async () => {
  const { page, errors } = await open(browser, `/presenter?token=${server.tokens.presenter}`, { initScript: 'delete window.MediaRecorder;' });
  await page.keyboard.press('m');
  await page.waitForSelector('.ld-pv-voice-message:not([hidden])');
  assert.match((await page.textContent('.ld-pv-voice-message'))!, /Ce navigateur ne sait pas enregistrer en Opus/);
  assert.equal(await page.getAttribute('.ld-pv-voice', 'data-state'), 'off');
  // The view still drives the deck.
  await page.waitForFunction(() => document.querySelector('.ld-pv-slide-number')?.textContent === '1 / 4');
  await page.click('.ld-pv-next');
  await page.waitForFunction(() => document.querySelector('.ld-pv-slide-number')?.textContent === '2 / 4');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a refused microphone: a sentence saying how to allow it, nothing recorded', async () => {
  // No fake prompt: headless Chromium refuses the microphone as a teacher clicking "Block" would.
  const refusing = await chromium.launch({ executablePath: findChromium() ?? undefined, headless: true, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  try {
    const { page, errors } = await open(refusing, `/presenter?token=${server.tokens.presenter}`);
    const before = parseLecture(readFileSync(join(server.recordingsDir!, LECTURE_FILE), 'utf8')).events.length;
    await page.keyboard.press('m');
    await page.waitForSelector('.ld-pv-voice-message:not([hidden])');
    assert.match((await page.textContent('.ld-pv-voice-message'))!, /Micro refusé : autorisez-le pour cette page/);
    assert.equal(await page.getAttribute('.ld-pv-voice', 'data-state'), 'off');
    const events = parseLecture(readFileSync(join(server.recordingsDir!, LECTURE_FILE), 'utf8')).events.slice(before);
    assert.deepEqual(events.filter((event) => event.type.startsWith('voice-')), []);
    assert.deepEqual(errors, []);
  } finally {
    await refusing.close();
  }
});

test('a launch that records nothing offers no microphone', async () => {
  const quiet = new DevServer({ deck: DECK, host: '127.0.0.1', port: 0, token: null, watch: false, recordings: null, log: () => {} });
  const url = await quiet.start();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}presenter?token=${quiet.tokens.presenter}`);
    await page.waitForSelector('.ld-pv-bar');
    await page.keyboard.press('m');
    assert.equal(await page.$('.ld-pv-voice'), null);
    await context.close();
  } finally {
    await quiet.dispose();
  }
});
