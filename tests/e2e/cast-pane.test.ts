// A recording made by the real `asciinema rec`, on a slide (```terminal cast=FILE```), in real
// Chromium: in `livedeck dev` it is a replay pane (no shell, no token needed for it), and in the
// built site opened from file:// it is the same player, with no request leaving file://. "next"
// plays the step, "previous" shows its start again; a class's recording steps at its markers.
// Every page must have no error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { writeCastPaneDeck } from '../helpers/cast-pane-deck.js';
import { closeBrowser, openPage, position, revealReady } from '../helpers/browser.js';
import { runCli, startDev, type RunningServer } from '../helpers/cli.js';

type PageWindow = Window & { livedeck?: LivedeckHandle };

let dir: string;
let deck: string;
let server: RunningServer;
let siteUrl: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-cast-pane-e2e-'));
  deck = writeCastPaneDeck(dir);
  const site = join(dir, 'site');
  const built = runCli(['build', deck, '--out', site]);
  assert.equal(built.status, 0, built.stderr);
  siteUrl = pathToFileURL(join(site, 'index.html')).href;
  server = await startDev([deck]);
});

after(async () => {
  await server?.stop();
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

interface PaneView {
  state: string;
  screen: string[];
}

/** Waits until the pane's player stands still (paused or ended) at `time`, and gives its screen. */
async function stoppedAt(page: Page, pane: string, time: number): Promise<PaneView> {
  await page.waitForFunction(([id, at]) => {
    const player = (window as PageWindow).livedeck?.panes.get(id)?.player;
    return player !== null && player !== undefined && (player.state.name === 'paused' || player.state.name === 'ended') && Math.abs(player.time - at) < 1e-6;
  }, [pane, time] as const, { timeout: 20_000, polling: 50 });
  return page.evaluate(async (id) => {
    const handle = (window as PageWindow).livedeck!.panes.get(id)!;
    await handle.written();
    return { state: handle.state, screen: handle.screenLines() };
  }, pane);
}

const duration = (page: Page, pane: string) => page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.duration, pane);
const markerTimes = (page: Page, pane: string) => page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.markers.map((marker) => marker.time), pane);

/** The two slides, stepped through with the keys, as a teacher does. */
async function stepThrough(page: Page): Promise<void> {
  await revealReady(page);
  const start = await stoppedAt(page, 's1-t1', 0);
  assert.deepEqual(start.screen.filter((row) => row !== ''), [], 'the start: nothing yet');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await position(page), { h: 0, f: 0 }, 'the recording is the slide\'s one step');
  const end = await stoppedAt(page, 's1-t1', await duration(page, 's1-t1'));
  assert.equal(end.state, 'ended');
  assert.deepEqual(end.screen.slice(0, 2), ['hi-from-asciinema', 'second-line']);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual((await stoppedAt(page, 's1-t1', 0)).screen.filter((row) => row !== ''), [], '"previous": its start again');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await position(page)).h, 1);
  const [files, contents] = await markerTimes(page, 's2-t1');
  assert.deepEqual((await stoppedAt(page, 's2-t1', files!)).screen.filter((row) => row !== ''), ['$'], 'before the first marker');
  await page.keyboard.press('ArrowRight');
  assert.ok((await stoppedAt(page, 's2-t1', contents!)).screen.includes('alpha.txt  beta.txt'));
  await page.keyboard.press('ArrowRight');
  const last = await stoppedAt(page, 's2-t1', await duration(page, 's2-t1'));
  assert.ok(last.screen.includes('first-file-text'));
}

test('livedeck dev: a cast= pane is a replay pane that steps with the slide, for the audience too', async () => {
  const { page, errors } = await openPage(`${server.url}?token=${server.audienceToken}`);
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await stepThrough(page);
  assert.ok(!sockets.some((url) => url.endsWith('/term')), 'no shell for a recording');
  assert.equal(await page.locator('#s1-t1.ld-terminal-player').count(), 1, 'the player\'s pane, with its controls');
  assert.deepEqual(errors, []);
});

test('the built site from file://: the same replay, nothing loaded from anywhere else', async () => {
  const { page, errors } = await openPage(siteUrl);
  // Every request of a load, from its start.
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.reload();
  await stepThrough(page);
  assert.ok(requests.some((url) => /\/casts\/hi\.[0-9a-f]{8}\/0\.js$/.test(url)), 'the recording\'s segment was loaded');
  assert.deepEqual(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:')), []);
  assert.deepEqual(errors, []);
});
