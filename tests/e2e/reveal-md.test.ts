// reveal-md decks in real Chromium (fixture decks of tests/fixtures/decks/reveal-md/): a vertical
// stack navigates down and up with its footer numbers, the audience follows into it, the presenter
// view counts its slides in reading order; a deck with a reveal.js theme, highlightTheme,
// revealOptions, css and scripts, built by `livedeck build`, loads nothing from the network and
// hands its options to reveal.js; slide backgrounds show; `livedeck export` prints a stack's pages
// in reveal's order.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { closeBrowser, openPage, revealReady, transitionsDone, type WatchedPage } from '../helpers/browser.js';
import { ROOT, runCli, startDev, type RunningServer } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { scratchDir } from '../helpers/scratch.js';

const DECKS = join(ROOT, 'tests', 'fixtures', 'decks', 'reveal-md');

type RevealWindow = Window & { Reveal: { getIndices(): { h: number; v?: number; f?: number }; getConfig(): Record<string, unknown>; down(): void; up(): void; right(): void; left(): void } };

let server: RunningServer;
let projector: WatchedPage;
let student: WatchedPage;

before(async () => {
  server = await startDev([join(DECKS, 'stacks.md')]);
  projector = await openPage(`${server.url}?token=${server.presenterToken}`);
  student = await openPage(`${server.url}?token=${server.audienceToken}`);
  await Promise.all([revealReady(projector.page), revealReady(student.page)]);
});

after(async () => {
  for (const window of [projector, student]) await window?.page.context().close();
  await server?.stop();
  await closeBrowser();
});

/** Waits until `page` shows slide (h, v). */
async function reaches(page: Page | Frame, h: number, v: number): Promise<void> {
  await page.waitForFunction(([h, v]) => {
    const at = (window as unknown as RevealWindow).Reveal.getIndices();
    return at.h === h && (at.v ?? 0) === v;
  }, [h, v] as const, { timeout: 5000, polling: 20 });
}

/** The footer number of the slide on screen. */
function footer(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('.reveal .slides section.present:not(.stack) .ld-footer-number')?.textContent ?? null);
}

test('a vertical stack navigates down and up; footers count slides in reading order; the audience follows', async () => {
  const { page } = projector;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await reaches(page, 2, 0);
  assert.equal(await footer(page), '3/6');
  // reveal.js made the stack of nested sections, with its down arrow.
  assert.equal(await page.locator('.reveal .slides > section.stack > section').count(), 3);
  assert.ok(await page.locator('.reveal .controls .navigate-down.enabled').isVisible());
  await reaches(student.page, 2, 0);

  await page.keyboard.press('ArrowDown');
  await reaches(page, 2, 1);
  assert.equal(await footer(page), '4/6');
  await reaches(student.page, 2, 1);
  // The pane of the stack's second slide is s4-t1 (slides numbered in reading order).
  assert.equal(await page.locator('.reveal section.present .ld-terminal[data-pane="s4-t1"]').count(), 1);

  // Down shows the slide's fragments first (here the terminal's step), then goes down.
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal.getIndices().f === 0);
  await page.keyboard.press('ArrowDown');
  await reaches(page, 2, 2);
  assert.equal(await footer(page), '5/6');
  await reaches(student.page, 2, 2);
  await transitionsDone(student.page);
  assert.equal(await footer(student.page), '5/6');

  // Up comes back to the slide above as it ended (its step shown), hides that step, then goes up.
  await page.keyboard.press('ArrowUp');
  await reaches(page, 2, 1);
  assert.equal(await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getIndices().f), 0);
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal.getIndices().f === -1);
  await page.keyboard.press('ArrowUp');
  await reaches(page, 2, 0);
  await reaches(student.page, 2, 0);
  await page.keyboard.press('ArrowDown');
  await reaches(page, 2, 1);
  await reaches(student.page, 2, 1);
  // Right shows the step too before it leaves the stack.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal.getIndices().f === 0);
  await page.keyboard.press('ArrowRight');
  await reaches(page, 3, 0);
  assert.equal(await footer(page), '6/6');
  await reaches(student.page, 3, 0);
  assert.deepEqual(projector.errors, []);
  assert.deepEqual(student.errors, []);
});

test('the presenter view numbers a stack\'s slides in reading order', async () => {
  const view = await openPage(`${server.url}presenter?token=${server.presenterToken}`, { width: 1400, height: 850 });
  try {
    const handle = await view.page.waitForSelector('iframe.ld-pv-frame-current');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('html[data-ld-ready="true"]', { state: 'attached', timeout: 10_000 });
    // The view's deck goes where the teacher is: slide 6/6, the last.
    await reaches(frame, 3, 0);
    await frame.evaluate(() => (window as unknown as RevealWindow).Reveal.left());
    await reaches(frame, 2, 0);
    await view.page.waitForFunction(() => document.querySelector('.ld-pv-slide-number')?.textContent === '3 / 6');
    // What comes next is the slide below: 4/6.
    await view.page.waitForFunction(() => /4\/6/.test(document.querySelector('.ld-pv-upnext .ld-pv-label')?.textContent ?? ''));
    await frame.evaluate(() => (window as unknown as RevealWindow).Reveal.down());
    await view.page.waitForFunction(() => document.querySelector('.ld-pv-slide-number')?.textContent === '4 / 6');
    await reaches(projector.page, 2, 1);
    assert.deepEqual(view.errors, []);
  } finally {
    await view.page.context().close();
  }
});

test('a reveal-md deck built with a reveal.js theme, highlightTheme, revealOptions, css and scripts loads nothing from the network', async (t) => {
  const dir = scratchDir(t, 'livedeck-reveal-md-');
  const built = runCli(['build', join(DECKS, 'front-matter.md'), '--out', join(dir, 'site')]);
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stderr, /front-matter\.md:14:1: warning: unknown front matter key "date" \(ignored\)/);
  const requests: string[] = [];
  const { page, errors } = await openPage('about:blank');
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(join(dir, 'site', 'index.html')).href);
  await revealReady(page);
  await page.evaluate(() => document.fonts.ready);
  const config = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getConfig());
  assert.equal(config.transition, 'zoom');
  assert.equal(config.controls, false);
  assert.equal(config.slideNumber, 'c/t');
  assert.deepEqual([config.width, config.height], [960, 700]);
  // reveal.js's look for a reveal.js theme: centred slides.
  assert.equal(config.center, true);
  const look = await page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    const lato = [...document.fonts].filter((face) => face.family.replace(/"/g, '') === 'Lato');
    return {
      background: style('.reveal-viewport').backgroundColor,
      heading: style('.reveal h1').fontFamily,
      letterSpacing: style('.reveal h1').letterSpacing,
      lato: lato.map((face) => face.status),
      script: document.documentElement.dataset.deckScript,
      code: style('.reveal pre.shiki').backgroundColor,
    };
  });
  assert.equal(look.background, 'rgb(253, 246, 227)'); // solarized's #fdf6e3
  assert.match(look.heading, /League Gothic/);
  assert.ok(look.lato.length > 0 && look.lato.includes('loaded'), `Lato faces: ${look.lato.join(', ')}`);
  assert.notEqual(look.letterSpacing, 'normal'); // assets/deck.css
  assert.equal(look.script, 'reveal'); // assets/deck.js ran after the runtime
  assert.equal(look.code, 'rgb(39, 40, 34)'); // monokai's #272822
  assert.deepEqual(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('slide backgrounds show: a colour, a local image, a gradient, in a stack too', async (t) => {
  const dir = scratchDir(t, 'livedeck-reveal-md-');
  const built = runCli(['build', join(DECKS, 'backgrounds.md'), '--out', join(dir, 'site')]);
  assert.equal(built.status, 0, built.stderr);
  const { page, errors } = await openPage(pathToFileURL(join(dir, 'site', 'index.html')).href);
  await revealReady(page);
  // reveal.js paints a slide's background colour and gradient on its .slide-background, an image
  // on the element inside it (once the slide is near); a stack has a background of its own around
  // its slides'.
  await page.waitForFunction(() => document.querySelectorAll('.reveal .backgrounds .slide-background-content[style*="sky.svg"]').length === 1);
  const backgrounds = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.reveal .backgrounds .slide-background:not(.stack)')].map((element) => {
    const content = element.querySelector('.slide-background-content')!;
    return `${getComputedStyle(element).backgroundColor} ${getComputedStyle(element).backgroundImage} ${getComputedStyle(content).backgroundImage}`;
  }));
  assert.equal(backgrounds.length, 4);
  assert.match(backgrounds[0]!, /^rgb\(255, 136, 0\) none none$/);
  assert.match(backgrounds[1]!, /url\("file:\/\/.*\/assets\/sky\.svg"\)/);
  assert.match(backgrounds[2]!, /linear-gradient\(rgb\(40, 59, 149\), rgb\(23, 178, 195\)\)/);
  assert.match(backgrounds.join('\n'), /rgb\(20, 80, 20\)/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('export prints a stack\'s pages in reveal\'s order, one per slide', async (t) => {
  const dir = scratchDir(t, 'livedeck-reveal-md-');
  const pdf = join(dir, 'stacks.pdf');
  const result = runCli(['export', join(DECKS, 'stacks.md'), '--out', pdf]);
  assert.equal(result.status, 0, result.stderr);
  const pages = (await readPdf(pdf)).pages.map((page) => page.text.split('\n')[0]);
  assert.deepEqual(pages, ['Stacks of slides', 'Filesystems', 'Processes', 'Signals', 'Jobs', 'Summary']);
  const range = runCli(['export', join(DECKS, 'stacks.md'), '--range', '4-5', '--out', pdf]);
  assert.equal(range.status, 0, range.stderr);
  assert.deepEqual((await readPdf(pdf)).pages.map((page) => page.text.split('\n')[0]), ['Signals', 'Jobs']);
});

test('check prints each warning as file:line:col and counts the stacks; a wrong value fails it', () => {
  const ok = runCli(['check', join(DECKS, 'stacks.md')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /stacks\.md: ok, 6 slides \(1 vertical stack\), 9 build steps, 1 terminal panes, 2 warnings\n$/);
  assert.equal(ok.stderr, [4, 5].map((line) => `${join(DECKS, 'stacks.md')}:${line}:1: warning: unknown front matter key "${line === 4 ? 'date' : 'tags'}" (ignored)\n`
    + '  hint: known keys: title, author, lang, footer, theme, aspect, highlightTheme, revealOptions, separator, verticalSeparator, css, scripts\n').join(''));
  const bad = runCli(['check', join(DECKS, 'errors', 'bad-reveal-option.md')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bad-reveal-option\.md:4:15: error: reveal\.js option "transition" must be one of/);
});

