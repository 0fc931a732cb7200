// A recorded class whose slides replay recordings (```terminal cast=FILE```, no shell), built by
// the real `livedeck build --lecture` from the snapshot that stored those recordings, in real
// Chromium from file://: such a pane shows the steps of the fragments shown at the lecture's time,
// as it did in class, when the student seeks both ways and while the lecture plays; search finds
// its lines at the step that printed them, and a result shows them. No page error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { LectureHandle } from '../../client/lecture/player.js';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { closeBrowser, openPage, type WatchedPage } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { CAST_PANE_TIMES, writeCastPaneLecture } from '../helpers/lecture-fixture.js';

type PageWindow = Window & { livedeck?: LivedeckHandle & { lecture?: LectureHandle } };

/** The first slide's pane, replaying tests/fixtures/cast-pane/casts/live-class.cast: "ls" at its
 * first step, "cat alpha.txt" at its second. */
const PANE = 's1-t1';

let dir: string;
let watched: WatchedPage;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-lecture-cast-pane-'));
  const lecture = await writeCastPaneLecture(dir);
  const site = join(dir, 'site');
  // The whole clock, so the class's times are the site's.
  const built = runCli(['build', '--lecture', lecture, '--out', site, '--idle-limit', 'none']);
  assert.equal(built.status, 0, built.stderr);
  watched = await openPage(pathToFileURL(join(site, 'index.html')).href);
  await watched.page.waitForSelector('html[data-ld-lecture="ready"]', { state: 'attached', timeout: 10_000 });
});

after(async () => {
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

/** The pane's text once the lecture shows `time` and the pane has written what it shows. */
async function textAt(page: Page, time: number): Promise<string> {
  return page.evaluate(async ([t, id]) => {
    const livedeck = (window as PageWindow).livedeck!;
    livedeck.lecture!.seek(t);
    await livedeck.lecture!.shown();
    const pane = livedeck.panes.get(id)!;
    await pane.player!.shown();
    await pane.written();
    return pane.text();
  }, [time, PANE] as const);
}

test('a cast= pane shows the steps shown at each moment of the class, seeking both ways', async () => {
  const { page } = watched;
  const T = CAST_PANE_TIMES;
  const before1 = await textAt(page, (T.step1 - 500) / 1000);
  assert.match(before1, /^\$/m, 'the recording\'s start');
  assert.doesNotMatch(before1, /alpha\.txt/, 'not the first step yet');
  const after1 = await textAt(page, (T.step1 + 1000) / 1000);
  assert.match(after1, /alpha\.txt {2}beta\.txt/, 'the first step');
  assert.doesNotMatch(after1, /first-file-text/, 'not the second step yet');
  const after2 = await textAt(page, (T.step2 + 1000) / 1000);
  assert.match(after2, /first-file-text/, 'the second step');
  const back = await textAt(page, (T.step1 - 500) / 1000);
  assert.doesNotMatch(back, /alpha\.txt/, 'back before the first step: gone again');
  assert.deepEqual(watched.errors, []);
});

test('while the lecture plays, the step shown in class plays in the pane', async () => {
  const { page } = watched;
  const T = CAST_PANE_TIMES;
  await textAt(page, (T.step1 - 300) / 1000);
  await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.play());
  await page.waitForFunction((id) => (window as PageWindow).livedeck!.panes.get(id)!.text().includes('alpha.txt'), PANE, { timeout: 10_000, polling: 50 });
  const time = await page.evaluate(() => {
    const lecture = (window as PageWindow).livedeck!.lecture!;
    lecture.pause();
    return lecture.time;
  });
  assert.ok(time >= T.step1 / 1000, `the step played once the class reached it (at ${time} s)`);
  assert.deepEqual(watched.errors, []);
});

test('search finds a line of the recording when its step was shown, and a result shows it', async () => {
  const { page } = watched;
  const found = await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.search('first-file'));
  assert.deepEqual(found.map((entry) => [entry.kind, entry.pane, entry.time]), [['terminal', PANE, CAST_PANE_TIMES.step2 / 1000]]);
  await page.locator('.ld-lecture-result').first().click();
  // A result plays from its moment: the step shown then plays from its start.
  await page.waitForFunction((id) => (window as PageWindow).livedeck!.panes.get(id)!.text().includes('first-file-text'), PANE, { timeout: 10_000, polling: 50 });
  const at = await page.evaluate(() => {
    const lecture = (window as PageWindow).livedeck!.lecture!;
    lecture.pause();
    return lecture.time;
  });
  assert.ok(at >= CAST_PANE_TIMES.step2 / 1000 && at < CAST_PANE_TIMES.next / 1000, `at ${at} s, on the slide`);
  assert.deepEqual(watched.errors, []);
});
