// Live terminals in real Chromium against the real `livedeck dev`: the token leaves the address
// bar, panes connect when their slide comes near, "next" types the demo's steps into the shell,
// a reload finds the same shell and its screen, the audience sees it read-only, restart gives a
// fresh shell, the keyboard belongs to a focused terminal. Then the course deck's own demos.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { closeBrowser, openPage, position, revealReady, type WatchedPage } from '../helpers/browser.js';
import { ROOT, startDev, type RunningServer } from '../helpers/cli.js';

const FIXTURE_DECK = join(ROOT, 'tests', 'fixtures', 'live-terminal', 'live.md');
const COURSE_DECK = join(ROOT, 'slides', 'virtualisation.md');
const INLINE = 's2-t1';
const COUNTER = 's4-t1';
/** A bash prompt at the end of the text: `user@livedeck:dir$` (or `#` as root). */
const PROMPT_AT_END = /@livedeck:\S*[$#]$/;

type PageWindow = Window & { livedeck?: LivedeckHandle; Reveal: { slide(h: number, v?: number, f?: number): void } };

function paneText(page: Page, pane: string): Promise<string> {
  return page.evaluate((id) => (window as PageWindow).livedeck?.panes.get(id)?.text() ?? '', pane);
}

function paneState(page: Page, pane: string): Promise<string | undefined> {
  return page.evaluate((id) => (window as PageWindow).livedeck?.panes.get(id)?.state, pane);
}

/** Waits until the pane's text matches, and returns it; on timeout, says what the pane shows. */
async function waitForText(page: Page, pane: string, pattern: RegExp, timeout = 10_000): Promise<string> {
  try {
    const handle = await page.waitForFunction(([id, source, flags]) => {
      const text = (window as PageWindow).livedeck?.panes.get(id)?.text() ?? '';
      return new RegExp(source, flags).test(text) ? text : false;
    }, [pane, pattern.source, pattern.flags] as const, { timeout, polling: 50 });
    return (await handle.jsonValue()) as string;
  } catch (error) {
    throw new Error(`pane ${pane} never showed ${pattern}; it shows:\n${await paneText(page, pane)}`, { cause: error });
  }
}

async function waitForState(page: Page, pane: string, state: string, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(([id, wanted]) => (window as PageWindow).livedeck?.panes.get(id)?.state === wanted, [pane, state] as const, { timeout });
  } catch (error) {
    const now = await paneState(page, pane);
    throw new Error(`pane ${pane} never became ${state} (it is ${now}); it shows:\n${await paneText(page, pane)}`, { cause: error });
  }
}

/** The last number matched by `pattern` (one capture group) in the pane. */
async function lastNumber(page: Page, pane: string, pattern: RegExp): Promise<number> {
  const matches = [...(await paneText(page, pane)).matchAll(new RegExp(pattern.source, 'g'))];
  assert.ok(matches.length > 0, `no ${pattern} in pane ${pane}`);
  return Number(matches.at(-1)![1]);
}

/** Waits until `kill -STOP %1` has run (the prompt is back), and for its last ticks to arrive. */
async function waitForStopped(page: Page, pane: string): Promise<void> {
  await waitForText(page, pane, /kill -STOP %1\n[\s\S]*@livedeck:\S*[$#]$/);
  await page.waitForTimeout(300);
}

/** Asserts that the counter (the last `pattern` match) stands still for 1.5 s; returns it. */
async function assertFrozen(page: Page, pane: string, pattern: RegExp): Promise<number> {
  const frozen = await lastNumber(page, pane, pattern);
  await page.waitForTimeout(1_500);
  assert.equal(await lastNumber(page, pane, pattern), frozen, `the counter went on after kill -STOP:\n${await paneText(page, pane)}`);
  return frozen;
}

/** Waits until the counter (the last `pattern` match) is past `value`. */
async function waitForCountAbove(page: Page, pane: string, pattern: RegExp, value: number): Promise<void> {
  try {
    await page.waitForFunction(([id, source, above]) => {
      const text = (window as PageWindow).livedeck?.panes.get(id)?.text() ?? '';
      const numbers = [...text.matchAll(new RegExp(source, 'g'))].map((m) => Number(m[1]));
      return numbers.length > 0 && numbers.at(-1)! > above;
    }, [pane, pattern.source, value] as const, { timeout: 5_000, polling: 50 });
  } catch (error) {
    throw new Error(`the counter of ${pane} stayed at ${value}:\n${await paneText(page, pane)}`, { cause: error });
  }
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

after(async () => {
  await closeBrowser();
});

describe('a deck with live terminals (fixture)', () => {
  let server: RunningServer;
  let presenter: WatchedPage;

  before(async () => {
    server = await startDev([FIXTURE_DECK]);
  });

  after(async () => {
    await presenter?.page.context().close();
    await server?.stop();
  });

  test('the token leaves the address bar; only panes near the current slide connect', async () => {
    presenter = await openPage(`${server.url}?token=${server.presenterToken}`);
    const { page } = presenter;
    await revealReady(page);
    assert.equal(new URL(page.url()).search, '', 'the token is still in the URL');
    // Slide 2 is next to the first one: its pane connects; slide 4 is two slides away.
    await waitForState(page, INLINE, 'live');
    assert.equal(await paneState(page, COUNTER), 'idle');
    assert.equal(await page.locator(`#${INLINE} .ld-terminal-status`).textContent(), 'connecté');
    await waitForText(page, INLINE, PROMPT_AT_END);
    assert.deepEqual(presenter.errors, []);
  });

  test('"next" types the steps in order, each once', async (t) => {
    const { page } = presenter;
    await page.keyboard.press('ArrowRight');
    const pressed = Date.now();
    await page.keyboard.press('ArrowRight');
    await waitForText(page, INLINE, /^hello-42$/m);
    t.diagnostic(`"next" to "hello-42" on screen: ${Date.now() - pressed} ms`);
    await page.keyboard.press('ArrowRight');
    const text = await waitForText(page, INLINE, /^second-5$/m);
    assert.ok(text.indexOf('hello-42') < text.indexOf('second-5'));
    assert.equal(count(text, 'echo hello-$((6*7))'), 1);
    assert.equal(count(text, 'echo second-$((2+3))'), 1);
    // "previous" never un-types, and "next" again does not type twice.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    assert.equal(count(await paneText(page, INLINE), 'echo second-$((2+3))'), 1);
    // Slide 3: the counter's pane (slide 4) is now next door and connects.
    await page.keyboard.press('ArrowRight');
    await waitForState(page, COUNTER, 'live');
    assert.deepEqual(presenter.errors, []);
  });

  test('the counter stops after kill -STOP, a reload brings the screen back, kill -CONT resumes it', async () => {
    const { page } = presenter;
    await page.keyboard.press('ArrowRight');
    assert.equal((await position(page)).h, 3);
    await page.keyboard.press('ArrowRight');
    await waitForText(page, COUNTER, /\[tick 3\]/);
    await page.keyboard.press('ArrowRight');
    await waitForStopped(page, COUNTER);
    const frozen = await assertFrozen(page, COUNTER, /\[tick (\d+)\]/);

    // A reload reattaches to the same shell: the screen comes back, no step is typed again.
    await page.reload();
    await revealReady(page);
    assert.deepEqual(await position(page), { h: 3, f: 1 });
    const restored = await waitForText(page, COUNTER, /kill -STOP %1/);
    assert.match(restored, new RegExp(`tick ${frozen}\\b`));
    assert.equal(count(restored, './counter.sh &'), 1);
    assert.equal(count(restored, 'kill -STOP %1'), 1);
    assert.equal(await lastNumber(page, COUNTER, /\[tick (\d+)\]/), frozen, 'the counter went on after kill -STOP');

    await page.keyboard.press('ArrowRight');
    await waitForCountAbove(page, COUNTER, /\[tick (\d+)\]/, frozen);
    const text = await paneText(page, COUNTER);
    assert.equal(count(text, './counter.sh &'), 1);
    assert.equal(count(text, 'kill -CONT %1'), 1);
    assert.deepEqual(presenter.errors, []);
  });

  test('the audience URL shows the same shell, read-only', async () => {
    const audience = await openPage(`${server.url}?token=${server.audienceToken}#/3`);
    const { page } = audience;
    await revealReady(page);
    await waitForState(page, COUNTER, 'live');
    assert.equal(await page.locator(`#${COUNTER} .ld-terminal-status`).textContent(), 'lecture seule');
    assert.equal(await page.locator(`#${COUNTER} .ld-terminal-restart`).isHidden(), true);
    await waitForText(page, COUNTER, /kill -CONT %1/);
    // The counter runs on in both pages.
    const seen = await lastNumber(page, COUNTER, /\[tick (\d+)\]/);
    await waitForCountAbove(page, COUNTER, /\[tick (\d+)\]/, seen + 1);
    // Keys typed in the audience's terminal do not reach the shell (and go back to the slides).
    await page.locator(`#${COUNTER} .xterm-screen`).click();
    await page.keyboard.type('date');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(700);
    assert.doesNotMatch(await paneText(presenter.page, COUNTER), /date/);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
    // Text can still be selected (and copied): a double click on the user name of a prompt line.
    // (The rows take no pointer events: xterm.js's screen above them does.) The counter ticks on:
    // a tick printed between finding the row and the click scrolls the row away, so the click is
    // made again on the row where it is then (twice more at most).
    let selected = false;
    for (let attempt = 0; attempt < 3 && !selected; attempt++) {
      const row = await page.locator(`#${COUNTER} .xterm-rows > div`, { hasText: '@livedeck' }).last().boundingBox();
      assert.ok(row, 'no prompt line on the screen');
      await page.mouse.dblclick(row.x + 12, row.y + row.height / 2);
      selected = (await page.locator(`#${COUNTER} .xterm-selection div`).count()) > 0;
    }
    assert.ok(selected, 'nothing selected');
    assert.deepEqual(audience.errors, []);
    await page.context().close();
  });

  test('a focused terminal takes the keyboard; Escape gives it back to the slides', async () => {
    const { page } = presenter;
    const before = await position(page);
    await page.locator(`#${COUNTER} .xterm-screen`).click();
    await page.keyboard.type('echo typed-$((20+1))');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await waitForText(page, COUNTER, /^typed-21$/m);
    assert.deepEqual(await position(page), before, 'keys typed into the terminal moved the slides');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.querySelector('.reveal')?.classList.contains('overview')), false);
    assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await position(page), { h: 3, f: 1 });
    await page.keyboard.press('ArrowRight');
    // A remote clicker's PageDown goes on with the slides even from inside the terminal.
    await page.locator(`#${COUNTER} .xterm-screen`).click();
    await page.keyboard.press('PageDown');
    assert.deepEqual(await position(page), { h: 3, f: 3 });
    // The step is done when the shell has answered its Enter: what is typed next (the next test's
    // `exit`) must not land on its line before that Enter.
    await waitForText(page, COUNTER, /kill %1\n[\s\S]*@livedeck:\S*[$#]$/);
    assert.deepEqual(presenter.errors, []);
  });

  test('a shell that has ended gets no step, and the pane says so', async () => {
    const { page } = presenter;
    await page.locator(`#${COUNTER} .xterm-screen`).click();
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await waitForState(page, COUNTER, 'exited');
    const status = page.locator(`#${COUNTER} .ld-terminal-status`);
    assert.equal(await status.textContent(), 'terminé (code 0)');
    // The dead terminal gave the keyboard back: "next" reaches the last step, which is not typed.
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await position(page), { h: 3, f: 4 });
    await page.waitForFunction((id) => document.querySelector(`#${id} .ld-terminal-status`)?.textContent?.includes('non tapée'), COUNTER);
    assert.equal(await status.textContent(), 'terminé (code 0) · étape 5 non tapée');
    assert.doesNotMatch(await paneText(page, COUNTER), /echo fin/);
    assert.deepEqual(presenter.errors, []);
  });

  test('restart gives a fresh shell, and the steps can be typed again', async () => {
    const { page } = presenter;
    await page.locator(`#${COUNTER} .ld-terminal-restart`).click();
    await page.waitForFunction((id) => {
      const text = (window as PageWindow).livedeck?.panes.get(id)?.text() ?? '';
      return !text.includes('exit') && /@livedeck:\S*[$#]$/.test(text);
    }, COUNTER, { timeout: 10_000 });
    assert.equal(await paneState(page, COUNTER), 'live');
    assert.equal(await page.locator(`#${COUNTER} .ld-terminal-status`).textContent(), 'connecté');
    // The fresh shell has had no step yet: going back and forth types the last one.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await waitForText(page, COUNTER, /^fin-42$/m);
    assert.deepEqual(presenter.errors, []);
  });

  test('without a token in the tab, panes say how to get one and keep their steps readable', async () => {
    // The page itself needs the token, or the cookie an earlier tokened page left; a new tab
    // opened at the bare address has the cookie but no token of its own for the terminals.
    const first = await openPage(`${server.url}?token=${server.presenterToken}`);
    const page = await first.page.context().newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`); });
    await page.goto(`${server.url}#/1`);
    await revealReady(page);
    const pane = page.locator(`#${INLINE}`);
    assert.equal(await pane.getAttribute('data-state'), 'no-token');
    assert.match((await pane.locator('.ld-terminal-notice').textContent())!, /livedeck dev.*\?token=/);
    assert.equal(await pane.locator('.ld-terminal-steps').isVisible(), true);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

describe('the course deck', () => {
  let server: RunningServer;
  let watched: WatchedPage;

  before(async () => {
    server = await startDev([COURSE_DECK]);
    watched = await openPage(`${server.url}?token=${server.presenterToken}`);
  });

  after(async () => {
    await watched?.page.context().close();
    await server?.stop();
  });

  /** Presses "next" (one fragment at a time, as the teacher does) until step `step` of `pane`
   * is reached; the steps are typed one after the other meanwhile. */
  async function nextToStep(page: Page, pane: string, step: number): Promise<void> {
    const marker = page.locator(`.ld-terminal-step[data-pane="${pane}"][data-step="${step}"]`);
    for (let presses = 0; presses < 20; presses++) {
      if (await marker.evaluate((el) => el.classList.contains('visible'))) return;
      await page.keyboard.press('ArrowRight');
    }
    assert.fail(`step ${step} of ${pane} not reached`);
  }

  test('slide 8: the counter stops after kill -STOP and resumes after kill -CONT', async () => {
    const { page, errors } = watched;
    await revealReady(page);
    await page.evaluate(() => (window as PageWindow).Reveal.slide(7));
    await waitForState(page, 's8-t1', 'live');
    await waitForText(page, 's8-t1', PROMPT_AT_END);
    await nextToStep(page, 's8-t1', 0);
    await waitForText(page, 's8-t1', /compteur 2\b/);
    await nextToStep(page, 's8-t1', 2); // ps, then kill -STOP %1
    await waitForStopped(page, 's8-t1');
    const counter = /compteur (\d+)/;
    const frozen = await assertFrozen(page, 's8-t1', counter);
    await nextToStep(page, 's8-t1', 3); // kill -CONT %1
    await waitForCountAbove(page, 's8-t1', counter, frozen);
    assert.match(await paneText(page, 's8-t1'), /kill -CONT %1/);
    assert.deepEqual(errors, []);
  });

  test('slide 17: openssl makes a certificate whose subject shows in the pane', async () => {
    const { page, errors } = watched;
    await page.evaluate(() => (window as PageWindow).Reveal.slide(16));
    await waitForState(page, 's17-t1', 'live');
    await waitForText(page, 's17-t1', PROMPT_AT_END);
    await nextToStep(page, 's17-t1', 0);
    // RSA 4096 takes a few seconds, more on a busy machine; then the prompt comes back.
    await waitForText(page, 's17-t1', /openssl req[\s\S]*@livedeck:\S*[$#]$/, 30_000);
    await nextToStep(page, 's17-t1', 2); // ls -l *.pem, then the subject
    await waitForText(page, 's17-t1', /subject=\s*CN\s*=\s*cours\.iut\.example/);
    assert.deepEqual(errors, []);
  });
});
