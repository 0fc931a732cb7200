// The presenter view and the audience, in real Chromium against the real `livedeck dev`, each
// window in a browser context of its own (as on separate machines): the view shows the notes, the
// slide number and what comes next (the command a step will type); moving in the view moves the
// projector and the students, one on a phone held upright too; a step typed from the view lands
// once in the one shell every window shows; a student can browse away and come back with
// "follow"; a student's keys never reach the shell; a window that reloads finds the deck where the
// teacher is.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { closeBrowser, openPage, position, revealReady, type WatchedPage } from '../helpers/browser.js';
import { ROOT, startDev, type RunningServer } from '../helpers/cli.js';

const DECK = join(ROOT, 'tests', 'fixtures', 'presenter', 'presenter.md');
const PANE = 's3-t1';

type DeckWindow = Window & { livedeck?: LivedeckHandle };

let server: RunningServer;
let projector: WatchedPage;
let view: WatchedPage;
let student: WatchedPage;

before(async () => {
  server = await startDev([DECK]);
  projector = await openPage(`${server.url}?token=${server.presenterToken}`);
  view = await openPage(`${server.url}presenter?token=${server.presenterToken}`, { width: 1400, height: 850 });
  student = await openPage(`${server.url}?token=${server.audienceToken}`);
  await Promise.all([revealReady(projector.page), revealReady(student.page), deckFrame()]);
});

after(async () => {
  for (const window of [projector, view, student]) await window?.page.context().close();
  await server?.stop();
  await closeBrowser();
});

/** The presenter view's live deck frame, once its deck has started. */
async function deckFrame(): Promise<Frame> {
  const handle = await view.page.waitForSelector('iframe.ld-pv-frame-current');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('html[data-ld-ready="true"]', { state: 'attached', timeout: 10_000 });
  return frame;
}

/** Waits until `page` is at slide h (0-based), fragment f; returns how long that took. */
async function reaches(page: Page | Frame, h: number, f = -1, timeout = 5000): Promise<number> {
  const start = Date.now();
  await page.waitForFunction(([h, f]) => {
    const { h: at, f: shown } = (window as unknown as { Reveal: { getIndices(): { h: number; f?: number } } }).Reveal.getIndices();
    return at === h && (shown ?? -1) === f;
  }, [h, f] as const, { timeout, polling: 10 });
  return Date.now() - start;
}

function paneText(page: Page | Frame): Promise<string> {
  return page.evaluate((id) => (window as DeckWindow).livedeck?.panes.get(id)?.text() ?? '', PANE);
}

async function waitForPane(page: Page | Frame, pattern: RegExp, timeout = 10_000): Promise<string> {
  try {
    const handle = await page.waitForFunction(([id, source]) => {
      const text = (window as DeckWindow).livedeck?.panes.get(id)?.text() ?? '';
      return new RegExp(source, 'm').test(text) ? text : false;
    }, [PANE, pattern.source] as const, { timeout, polling: 50 });
    return (await handle.jsonValue()) as string;
  } catch (error) {
    throw new Error(`pane never showed ${pattern}; it shows:\n${await paneText(page)}`, { cause: error });
  }
}

test('the view shows the slide number, the notes and the next step; the audience is counted', async () => {
  const { page } = view;
  await page.waitForFunction(() => document.querySelector('.ld-pv-notes-body')?.textContent?.includes('Bienvenue'));
  assert.equal(await page.textContent('.ld-pv-slide-number'), '1 / 4');
  assert.match((await page.textContent('.ld-pv-upnext .ld-pv-label')) ?? '', /À suivre · Diapositive 2\/4/);
  await page.waitForFunction(() => document.querySelector('.ld-pv-audience')?.textContent === '1 spectateur');
  assert.match((await page.textContent('.ld-pv-elapsed')) ?? '', /^00:0\d$/);
  // The preview frame shows the next slide.
  const preview = (await (await page.waitForSelector('iframe.ld-pv-frame-next')).contentFrame())!;
  await reaches(preview, 1);
  // The timer pauses and resumes; a planned length counts down.
  await page.fill('.ld-pv-planned', '1');
  assert.match((await page.textContent('.ld-pv-remaining')) ?? '', /^Restant 00:[0-5]\d$/);
  await page.click('.ld-pv-pause');
  const paused = await page.textContent('.ld-pv-elapsed');
  await page.waitForTimeout(1200);
  assert.equal(await page.textContent('.ld-pv-elapsed'), paused, 'the timer went on while paused');
  await page.click('.ld-pv-pause');
  await page.waitForFunction((was) => document.querySelector('.ld-pv-elapsed')?.textContent !== was, paused);
  await page.fill('.ld-pv-planned', '');
  await page.press('.ld-pv-planned', 'Enter'); // the slide keys work again
  assert.equal(await page.isHidden('.ld-pv-remaining'), true);
});

test('moving in the view moves the projector and the students', async (t) => {
  const { page } = view;
  await page.keyboard.press('ArrowRight');
  const [atProjector, atStudent] = await Promise.all([reaches(projector.page, 1), reaches(student.page, 1)]);
  t.diagnostic(`slide 2 reached by the projector in ${atProjector} ms, by the student in ${atStudent} ms (polling every 10 ms)`);
  await page.waitForFunction(() => document.querySelector('.ld-pv-notes-body')?.textContent?.includes('Insister'));
  assert.equal(await page.textContent('.ld-pv-slide-number'), '2 / 4');
  await page.keyboard.press('ArrowRight');
  await Promise.all([reaches(projector.page, 1, 0), reaches(student.page, 1, 0)]);
  // And the projector's own keys move the view.
  await projector.page.keyboard.press('ArrowRight');
  await reaches(await deckFrame(), 2);
  await page.waitForFunction(() => document.querySelector('.ld-pv-next-command code')?.textContent === 'echo sync-$((6*7))');
  assert.match((await page.textContent('.ld-pv-next-caption')) ?? '', /Prochaine commande · Le calcul/);
});

test('a student on a phone held upright follows the slides and their steps too', async () => {
  // reveal.js turns its scroll view on in a window this narrow, where a step shown by the
  // teacher never showed: a following window keeps one slide at a time.
  const phone = await openPage(`${server.url}?token=${server.audienceToken}`, { width: 390, height: 844 });
  await revealReady(phone.page);
  const { h, f } = await position(projector.page);
  await reaches(phone.page, h, f);
  assert.equal(await phone.page.locator('.reveal-scroll').count(), 0, 'no scroll view');
  // Back onto the previous slide's last step (a fragment shown), and forward again.
  await view.page.keyboard.press('ArrowLeft');
  await reaches(projector.page, h - 1, 0);
  await reaches(phone.page, h - 1, 0);
  await view.page.keyboard.press('ArrowRight');
  await reaches(phone.page, h, f);
  assert.deepEqual(phone.errors, []);
  await phone.page.context().close();
});

test('a step typed from the view lands once in the shell every window shows', async () => {
  const frame = await deckFrame();
  await waitForPane(frame, /@livedeck:\S*[$#] ?$/);
  await view.page.keyboard.press('ArrowRight');
  await reaches(projector.page, 2, 0);
  const text = await waitForPane(projector.page, /^sync-42$/);
  await waitForPane(student.page, /^sync-42$/);
  await waitForPane(frame, /^sync-42$/);
  await projector.page.waitForTimeout(500);
  assert.equal((await paneText(projector.page)).split('echo sync-$((6*7))').length - 1, 1, `typed more than once:\n${text}`);
  // The view now announces the second step.
  await view.page.waitForFunction(() => document.querySelector('.ld-pv-next-command code')?.textContent === 'echo after-$((2+3))');
});

test('a student browses away, comes back with "follow"; their keys never reach the shell', async () => {
  const { page } = student;
  const follow = page.locator('.ld-follow');
  assert.equal(await follow.isHidden(), true);
  // Back past the step, to the slide before (its fragment shown).
  await page.keyboard.press('ArrowLeft');
  await follow.waitFor({ state: 'visible' });
  await page.keyboard.press('ArrowLeft');
  await reaches(page, 1, 0);
  assert.equal(await follow.textContent(), 'Suivre le présentateur');
  // The teacher goes on; the student stays where they are.
  await view.page.keyboard.press('ArrowRight');
  await reaches(projector.page, 2, 1);
  await waitForPane(projector.page, /^after-5$/);
  await page.waitForTimeout(300);
  assert.deepEqual(await position(page), { h: 1, f: 0 });

  await follow.click();
  await reaches(page, 2, 1);
  await follow.waitFor({ state: 'hidden' });

  // Read-only: the student clicks the terminal and types; the shell never sees it.
  await page.click(`#${PANE} .xterm`);
  await page.keyboard.type('echo student-$((3*3))');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  assert.doesNotMatch(await paneText(projector.page), /student-9|echo student/);
  assert.equal(await page.locator(`#${PANE}.ld-terminal-writable`).count(), 0);
});

test('a window that reloads, or comes late, starts where the teacher is', async () => {
  await student.page.reload();
  await revealReady(student.page);
  await reaches(student.page, 2, 1);
  const late = await openPage(`${server.url}?token=${server.audienceToken}`);
  await reaches(late.page, 2, 1);
  await waitForPane(late.page, /^after-5$/);
  assert.deepEqual(late.errors, []);
  await late.page.context().close();
});

test('S in the projector opens the presenter view, which has the tab\'s token', async () => {
  const [popup] = await Promise.all([projector.page.context().waitForEvent('page'), projector.page.keyboard.press('s')]);
  await popup.waitForLoadState();
  assert.equal(new URL(popup.url()).pathname, '/presenter');
  const frame = (await (await popup.waitForSelector('iframe.ld-pv-frame-current')).contentFrame())!;
  await frame.waitForSelector('html[data-ld-ready="true"]', { state: 'attached', timeout: 10_000 });
  await reaches(frame, 2, 1);
  await waitForPane(frame, /^after-5$/);
  await popup.waitForFunction(() => document.querySelector('.ld-pv-audience')?.textContent === '1 spectateur');
  await popup.close();
});

test('no page error in any window', () => {
  assert.deepEqual(projector.errors, []);
  assert.deepEqual(view.errors, []);
  assert.deepEqual(student.errors, []);
});
