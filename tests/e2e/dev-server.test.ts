// `livedeck dev` in real Chromium: the deck is served compiled, keys navigate slides and
// fragments, an edit reloads the page on the same slide, a deck error shows in the page while the
// server keeps running.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBrowser, openPage, position, revealReady } from '../helpers/browser.js';
import { ROOT, runCli, startDev, type RunningServer } from '../helpers/cli.js';

let dir: string;
let deckFile: string;
let server: RunningServer;

before(async () => {
  // Work on a copy: the test edits the deck.
  dir = mkdtempSync(join(tmpdir(), 'livedeck-e2e-'));
  cpSync(join(ROOT, 'tests', 'fixtures', 'decks'), dir, { recursive: true });
  deckFile = join(dir, 'basic.md');
  server = await startDev([deckFile]);
});

after(async () => {
  await server?.stop();
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

/** The presenter's address, as `livedeck dev` prints it. */
const presenterUrl = () => `${server.url}?token=${server.presenterToken}`;

test('the page is the compiled deck, readable without JavaScript', async () => {
  const res = await fetch(presenterUrl());
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.equal((html.match(/<section/g) ?? []).length, 4);
  assert.match(html, /<h2>Lists and notes<\/h2>/);
  assert.match(html, /<noscript><link rel="stylesheet" href="\/_livedeck\/noscript.css"><\/noscript>/);
  // No CDN: every script and stylesheet comes from this server.
  for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.ok(!/^(https?:)?\/\//.test(m[1]!), `external asset ${m[1]}`);
});

test('slides and fragments step with the arrow keys', async () => {
  const { page, errors } = await openPage(presenterUrl());
  await revealReady(page);
  assert.equal(await page.locator('.reveal .slides > section').count(), 4);
  assert.deepEqual(await position(page), { h: 0, f: -1 });
  await page.keyboard.press('ArrowRight');
  assert.equal((await position(page)).h, 1);
  // Slide 2 has one fragment: the second list item.
  const item = page.locator('section.present li.fragment');
  assert.equal(await item.evaluate((el) => el.classList.contains('visible')), false);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await position(page), { h: 1, f: 0 });
  assert.equal(await item.evaluate((el) => el.classList.contains('visible')), true);
  await page.keyboard.press('ArrowRight');
  assert.equal((await position(page)).h, 2);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await position(page), { h: 1, f: -1 });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('saving the deck reloads the page on the same slide', async () => {
  const { page, errors } = await openPage(presenterUrl());
  await revealReady(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await position(page)).h, 2);
  const reloaded = page.waitForEvent('load');
  writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('## Fenced divs', '## Fenced divs, edited'));
  await reloaded;
  await revealReady(page);
  assert.equal((await position(page)).h, 2);
  assert.equal(await page.locator('section.present h2').textContent(), 'Fenced divs, edited');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a deck error shows in the page and the terminal; fixing it brings the deck back', async () => {
  const { page } = await openPage(presenterUrl());
  await revealReady(page);
  const good = readFileSync(deckFile, 'utf8');
  let reloaded = page.waitForEvent('load');
  writeFileSync(deckFile, good.replace('![A square](figures/square.svg)', '![A square](figures/missing.svg)'));
  await reloaded;
  const diagnostic = await page.locator('.ld-diagnostic').textContent();
  assert.match(diagnostic!, /basic\.md:\d+:1: error: image "figures\/missing.svg" not found/);
  assert.match(server.output(), /error: image "figures\/missing.svg" not found/);
  // The server keeps running and answers.
  assert.equal((await fetch(presenterUrl())).status, 200);
  reloaded = page.waitForEvent('load');
  writeFileSync(deckFile, good);
  await reloaded;
  await revealReady(page);
  assert.equal(await page.locator('.reveal .slides > section').count(), 4);
  await page.context().close();
});

test('a warning a save brings shows in the terminal, once, and the deck still presents', async () => {
  const { page } = await openPage(presenterUrl());
  await revealReady(page);
  const good = readFileSync(deckFile, 'utf8');
  const warned = () => server.output().match(/basic\.md:\d+:1: warning: unknown front matter key "tags"/g)?.length ?? 0;
  assert.equal(warned(), 0);
  // An ignored key changes nothing in the page: no reload, only the warning.
  writeFileSync(deckFile, good.replace('lang: en\n', 'lang: en\ntags: [demo]\n'));
  for (let waited = 0; warned() === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  assert.equal(warned(), 1);
  // Another save with the same warning does not repeat it.
  let reloaded = page.waitForEvent('load');
  writeFileSync(deckFile, good.replace('lang: en\n', 'lang: en\ntags: [demo]\n').replace('## Fenced divs', '## Fenced divs again'));
  await reloaded;
  assert.equal(warned(), 1);
  reloaded = page.waitForEvent('load');
  writeFileSync(deckFile, good);
  await reloaded;
  await revealReady(page);
  await page.context().close();
});

test('a port in use gives a hint, not a stack trace', async () => {
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const result = runCli(['dev', deckFile, '--port', String(port)]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`error: port ${port} is already in use`));
    assert.match(result.stderr, /hint: .*--port/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  } finally {
    blocker.close();
  }
});

test('a foreign Host header gets 403; paths cannot leave the deck folder', async () => {
  const { request } = await import('node:http');
  const get = (path: string, host?: string) => new Promise<number>((done, fail) => {
    const url = new URL(server.url);
    const req = request({ host: url.hostname, port: url.port, path, headers: host ? { Host: host } : {} }, (res) => { res.resume(); done(res.statusCode!); });
    req.on('error', fail);
    req.end();
  });
  const port = new URL(server.url).port;
  assert.equal(await get('/', `evil.example:${port}`), 403);
  assert.equal(await get(`/?token=${server.presenterToken}`, `localhost:${port}`), 200);
  assert.equal(await get('/', 'localhost:1'), 403);
  const token = `?token=${server.presenterToken}`;
  assert.equal(await get(`/../package.json${token}`), 404);
  assert.equal(await get(`/%2e%2e/%2e%2e/package.json${token}`), 404);
  assert.equal(await get(`/basic.md${token}`), 404);
});
