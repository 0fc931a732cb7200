// What a deck's stylesheet loads (tests/fixtures/decks/css-files/: a font by @font-face url(), a
// background picture, and an @imported stylesheet that loads a picture of its own, each relative to
// the sheet that names it) goes wherever the deck goes: `livedeck build` copies it and Chromium
// loads it all from file://, `livedeck export` serves it to its tab (the font is in the PDF), and
// a lecture's deck snapshot stores it by the path the page asks for, so its site has it too.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { LECTURE_FILE, LECTURE_VERSION, lectureLine, type LectureEvent } from '../../common/lecture.js';
import { compileDeck } from '../../server/deck/compile.js';
import { readSnapshot, snapshotFile, writeSnapshot } from '../../server/lecture/deck-snapshot.js';
import { closeBrowser, openPage } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { scratchDir } from '../helpers/scratch.js';

after(closeBrowser);

const DECK_DIR = join(ROOT, 'tests', 'fixtures', 'decks', 'css-files');
const DECK = join(DECK_DIR, 'deck.md');
/** Every file the page and its stylesheets load, by the path the page asks for. */
const DECK_FILES = ['pictures/paper.svg', 'pictures/stripe.svg', 'style/deck.css', 'style/fonts/league-gothic.woff', 'style/parts/stripe.css'];

/** What the page shows of the stylesheets' files: the font's state, and each background picture
 * the slide and its heading have (its file name) once it decodes. Resource timing lists no file://
 * entry, so each picture is decoded again from the URL the style gives: a missing one fails, and
 * the page's own request for it has failed by then too (WatchedPage.errors). */
async function loadedFiles(page: Page): Promise<{ font: string[]; pictures: string[] }> {
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(async () => {
    const urls = ['.reveal .slides > section', '.reveal h1'].map((selector) => /^url\("(.*)"\)$/.exec(getComputedStyle(document.querySelector(selector)!).backgroundImage)?.[1] ?? 'none');
    const pictures = await Promise.all(urls.map(async (url) => {
      const image = new Image();
      image.src = url;
      return image.decode().then(() => url.split('/').pop()!, () => `undecodable ${url}`);
    }));
    return { font: [...document.fonts].filter((face) => face.family.replace(/"/g, '') === 'Deck Gothic').map((face) => face.status), pictures };
  });
}

test('build: the stylesheets\' font, pictures and @import are copied, and load from file:// with no failed request', async (t) => {
  const site = join(scratchDir(t, 'livedeck-css-files-'), 'site');
  const result = runCli(['build', DECK, '-o', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /warning/, 'a url() in a comment is not a file to copy');
  for (const path of DECK_FILES) assert.deepEqual(readFileSync(join(site, path)), readFileSync(join(DECK_DIR, path)), path);

  const { page, errors } = await openPage(pathToFileURL(join(site, 'index.html')).href);
  await page.waitForSelector('html[data-ld-ready="true"]', { state: 'attached', timeout: 10_000 });
  assert.deepEqual(await loadedFiles(page), { font: ['loaded'], pictures: ['paper.svg', 'stripe.svg'] });
  assert.equal(await page.locator('.reveal h1').evaluate((h1) => getComputedStyle(h1).fontFamily), '"Deck Gothic", sans-serif');
  assert.deepEqual(errors, []);
});

test('build: a stylesheet naming a missing file is a warning saying which sheet and what; the site is built', (t) => {
  const dir = scratchDir(t, 'livedeck-css-files-');
  writeFileSync(join(dir, 'deck.md'), '---\ncss: deck.css\n---\n\n# Slide\n');
  writeFileSync(join(dir, 'deck.css'), '.reveal { background: url("gone.png"); }\n');
  const result = runCli(['build', join(dir, 'deck.md'), '-o', join(dir, 'site')]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^warning: deck\.css loads "gone\.png", which is not a file of the deck's folder .*: it will be missing from the site$/m);
});

test('export: the tab gets the stylesheets\' files (no missing file fails it) and the PDF has the deck\'s font', async (t) => {
  const pdf = join(scratchDir(t, 'livedeck-css-files-'), 'deck.pdf');
  const result = runCli(['export', DECK, '--out', pdf]);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /warning/);
  const fonts = (await readPdf(pdf)).fonts.map((font) => font.name);
  assert.ok(fonts.some((name) => name.includes('LeagueGothic')), fonts.join('\n'));
});

test('a lecture: the snapshot stores what the stylesheets load, by the path the page asks for, and the site has it', async (t) => {
  const dir = scratchDir(t, 'livedeck-css-files-');
  const hash = await writeSnapshot(dir, await compileDeck(DECK));
  const snapshot = await readSnapshot(dir, hash);
  assert.deepEqual(Object.keys(snapshot.files).sort(), DECK_FILES);
  for (const [path, stored] of Object.entries(snapshot.files)) {
    assert.deepEqual(readFileSync(snapshotFile(dir, stored)), readFileSync(join(DECK_DIR, path)), path);
  }

  const events: LectureEvent[] = [
    { t: 0, type: 'lecture', version: LECTURE_VERSION, started: '2026-12-07T09:00:00+01:00', deck: 'deck.md', title: 'Stylesheet files' },
    { t: 0, type: 'deck', snapshot: hash },
    { t: 100, type: 'position', h: 0, v: 0, f: -1, slide: 1 },
    { t: 3000, type: 'position', h: 1, v: 0, f: -1, slide: 2 },
    { t: 5000, type: 'end' },
  ];
  writeFileSync(join(dir, LECTURE_FILE), events.map((event) => `${lectureLine(event)}\n`).join(''));
  const site = join(dir, 'site');
  const result = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  for (const path of DECK_FILES) assert.deepEqual(readFileSync(join(site, path)), readFileSync(join(DECK_DIR, path)), path);

  const { page, errors } = await openPage(`${pathToFileURL(join(site, 'index.html')).href}#t=1`);
  await page.waitForSelector('html[data-ld-lecture="ready"]', { state: 'attached', timeout: 10_000 });
  assert.deepEqual(await loadedFiles(page), { font: ['loaded'], pictures: ['paper.svg', 'stripe.svg'] });
  assert.deepEqual(errors, []);
});
