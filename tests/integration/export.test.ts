// `livedeck export` end to end: the real CLI prints fixture decks (tests/fixtures/replay/: recorded
// demos, notes, stacked figures; tests/fixtures/build/; decks/handout.md) with real Chromium, and
// PDF.js (tests/helpers/pdf.ts) reads the PDFs back: page counts from the deck model, each slide's
// title on its page, terminal panes as the text of their recordings (the right screen on the right
// step's page), notes, embedded fonts, and clear failures that leave no PDF behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { castMarkers, parseCast } from '../../common/asciicast.js';
import { compileDeck } from '../../server/deck/compile.js';
import type { Deck } from '../../server/deck/model.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { REPLAY_DECK as DECK, REPLAY_FIXTURE, REPLAY_TITLES as TITLES } from '../helpers/replay-deck.js';
import { readPdf, renderPage, wordBox } from '../helpers/pdf.js';

let fixture: Deck;
let dir: string;

before(async () => {
  fixture = await compileDeck(join(ROOT, DECK));
  dir = mkdtempSync(join(tmpdir(), 'livedeck-export-test-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Text with its whitespace collapsed and typographic apostrophes made plain. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim();

/** The text of each page, its rows as they are on the page (a row ending in "-" is never joined
 * to the next as a hyphenated word). */
async function pageTexts(pdf: string): Promise<string[]> {
  return (await readPdf(pdf)).pages.map((page) => page.text);
}

/** Runs the export; on success, the PDF exists and nothing else was left beside it. */
function runExport(name: string, args: string[]): { pdf: string; stdout: string; stderr: string } {
  const pdf = join(dir, name);
  const result = runCli(['export', ...args, '--out', pdf]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temp file left');
  return { pdf, stdout: result.stdout, stderr: result.stderr };
}

/** The text a pane's recording shows, as parts of rows: before any step, then once each step is
 * done (marker k + 1 is written as step k + 1 starts; the last step ends with the recording). */
async function recordedScreens(demo: string): Promise<string[][]> {
  const cast = parseCast(readFileSync(join(REPLAY_FIXTURE, 'demos', demo, 'session.cast'), 'utf8'), demo);
  const markers = castMarkers(cast).length;
  const screens = [await castToScreen(cast, { marker: 0 })];
  for (let k = 0; k < markers; k++) screens.push(await castToScreen(cast, k + 1 < markers ? { marker: k + 1 } : {}));
  // A row's parts far apart (a counter drawn at the right edge) may be read apart: the page has
  // them as runs of their own, and other text may sit between them on the same row.
  return screens.map((s) => s.lines.flatMap((line) => line.split(/ {2,}/)).map(normalise).filter((part) => part !== ''));
}

test('a deck with recorded demos: a page of 1280x720 px per slide, titles, terminals as text, fonts embedded, links live', async () => {
  const { pdf, stdout, stderr } = runExport('replay.pdf', [DECK]);
  assert.match(stdout, /replay\.pdf: 8 pages \(8 slides\), terminal panes: 2 from their recording, 1 as their steps; [\d.]+ KiB, exported in [\d.]+ s/);
  assert.match(stderr, /warning: demo unrecorded has no recording/);
  assert.match(stderr, /terminal screens: slide 3\/8/);
  assert.match(stderr, /printing 8 pages/);

  const read = await readPdf(pdf);
  assert.equal(read.pages.length, 8);
  for (const page of read.pages) assert.deepEqual([page.width, page.height], [960, 540], `page ${page.number}: 1280x720 CSS px are 960 x 540 pt`);
  assert.equal(read.title, 'Engine fixture');

  const pages = read.pages.map((page) => normalise(page.text));
  pages.forEach((text, i) => assert.ok(text.includes(TITLES[i]!), `page ${i + 1} has its title "${TITLES[i]}":\n${text}`));
  // Each page shows its slide as it ends: every fragment shown, and slide 8 ends on the last of
  // its stacked figures.
  assert.ok(pages[1]!.includes('Shown third'), pages[1]);
  assert.ok(pages[7]!.includes('Top layer'), pages[7]);
  assert.ok(!pages[7]!.includes('Bottom layer'), 'the first figure is gone by the end');
  // Terminals: the screen after the last step, from the recording.
  assert.ok(pages[5]!.includes('root@livedeck:words# wc -l words.txt 3 words.txt'), pages[5]);
  assert.ok(pages[5]!.includes('root@livedeck:words# sort -r words.txt gamma beta alpha'), pages[5]);
  assert.ok(pages[2]!.includes('root@livedeck:jobs# kill $(cat counter.pid)'), pages[2]);
  // A demo never recorded prints its steps.
  assert.ok(pages[6]!.includes('$ uname -r'), pages[6]);

  const fonts = read.fonts.map((font) => font.name);
  assert.ok(fonts.some((name) => name.includes('SourceSans3')) && fonts.some((name) => name.includes('JetBrainsMono')), fonts.join('\n'));
  for (const font of read.fonts) assert.ok(font.embedded && font.subset, `embedded as a subset: ${JSON.stringify(font)}`);
  // The title slide's address is a live link.
  assert.match(readFileSync(pdf).toString('latin1'), /\/URI \(mailto:teacher@example\.org\)/);
});

test('--steps: one page per build step, each terminal page showing the screen after its step', async () => {
  const { pdf } = runExport('steps.pdf', [DECK, '--steps']);
  const total = fixture.slides.reduce((n, slide) => n + slide.steps, 0);
  const pages = (await pageTexts(pdf)).map(normalise);
  assert.equal(pages.length, total);

  let first = 0;
  for (const slide of fixture.slides) {
    const own = pages.slice(first, first + slide.steps);
    own.forEach((text, step) => assert.ok(text.includes(TITLES[slide.index]!), `slide ${slide.index + 1}, step ${step + 1} has its title`));
    for (const pane of slide.terminals) {
      if (pane.demo === null || !existsSync(join(REPLAY_FIXTURE, 'demos', pane.demo, 'session.cast'))) continue;
      // A pane's step fragments come last on its slide: its start screen shows on the page
      // before them (the pane just shown), then one page per step.
      const screens = await recordedScreens(pane.demo);
      const panePages = own.slice(own.length - pane.steps.length - 1);
      screens.forEach((lines, k) => {
        const where = `slide ${slide.index + 1} (${pane.demo}), ${k === 0 ? 'before the steps' : `after step ${k}`}`;
        for (const line of lines) assert.ok(panePages[k]!.includes(line), `${where}: "${line}" is on the page:\n${panePages[k]}`);
        // And not yet what the next step shows (long enough not to be found by chance).
        const next = screens[k + 1] ?? [];
        for (const line of next.filter((l) => l.length >= 8 && !lines.some((shown) => shown.includes(l)))) {
          assert.ok(!panePages[k]!.includes(line), `${where}: "${line}" (the next step's) is not on the page yet`);
        }
      });
    }
    first += slide.steps;
  }
});

test('--notes with --steps and --range: each slide\'s steps, then its notes page', async () => {
  const { pdf, stdout } = runExport('notes-steps.pdf', [DECK, '--steps', '--notes', '--range', '2,3']);
  const [two, three] = [fixture.slides[1]!, fixture.slides[2]!];
  assert.match(stdout, /: \d+ pages \(2 slides, one page per step, notes\), terminal panes: 1 from their recording;/);
  const pages = (await pageTexts(pdf)).map(normalise);
  assert.equal(pages.length, two.steps + 1 + three.steps + 1);
  pages.slice(0, two.steps).forEach((text) => assert.ok(text.includes('Notes and fragments')));
  const notesTwo = pages[two.steps]!;
  assert.ok(notesTwo.startsWith('2/8 · Notes and fragments'), notesTwo);
  assert.ok(notesTwo.includes('Speaker notes of slide two: say hello.'), notesTwo);
  assert.ok(pages[two.steps + three.steps]!.includes('kill $(cat counter.pid)'), 'the last step of slide 3 comes before its notes');
  const notesThree = pages[two.steps + 1 + three.steps]!;
  assert.ok(notesThree.startsWith('3/8 · Jobs and signals'), notesThree);
  assert.ok(notesThree.includes('About 5 min, most of it the demo.'), notesThree);
});

test('--notes: one page per slide, each followed by its notes', async () => {
  const { pdf } = runExport('notes.pdf', [DECK, '--notes', '--range', '1-2']);
  const pages = (await pageTexts(pdf)).map(normalise);
  assert.equal(pages.length, 4);
  assert.ok(pages[0]!.includes(TITLES[0]!));
  assert.ok(pages[1]!.startsWith(`1/8 · ${TITLES[0]}`) && pages[1]!.includes('Welcome (2 min).'), pages[1]);
  assert.ok(pages[2]!.includes(TITLES[1]!) && pages[2]!.includes('Shown third'), 'slide 2 as it ends, its fragments all shown');
  assert.ok(pages[3]!.startsWith('2/8 · Notes and fragments'), pages[3]);
});

test('--handout: each slide as it ends, and before each step that hides a part of it; the default warns', async () => {
  const deck = join(ROOT, 'tests/fixtures/decks/handout.md');
  const model = await compileDeck(deck);
  assert.deepEqual(model.slides.map((slide) => slide.steps), [5, 7, 3]);
  const { pdf, stdout } = runExport('handout.pdf', [deck, '--handout']);
  assert.match(stdout, /: 7 pages \(3 slides, handout\)/);
  const pages = (await pageTexts(pdf)).map(normalise);
  // Slide 1: Alpha, Bravo and Charlie each give way to the next; Echo joins Delta, hiding nothing.
  assert.deepEqual(pages.slice(0, 4).map((page) => ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].filter((word) => page.includes(word))), [
    ['Alpha'], ['Bravo'], ['Charlie'], ['Delta', 'Echo'],
  ]);
  // Slide 2: code line steps, dimmed and struck fragments hide nothing: the slide as it ends.
  assert.ok(pages[4]!.includes('Nothing replaced') && pages[4]!.includes('Dimmed, never gone') && pages[4]!.includes('Last words'), pages[4]);
  // Slide 3: the inner fragment goes with its fading parent.
  assert.ok(pages[5]!.includes('Outer text') && pages[5]!.includes('Inner text') && !pages[5]!.includes('Final'), pages[5]);
  assert.ok(pages[6]!.includes('Final text') && !pages[6]!.includes('Inner'), pages[6]);

  const plain = runExport('handout-default.pdf', [deck]);
  assert.equal((await pageTexts(plain.pdf)).length, 3);
  assert.match(plain.stderr, /warning: slides 1, 3 hide parts of themselves as they go on .*--handout/);
  const both = runCli(['export', deck, '--handout', '--steps', '--out', join(dir, 'both.pdf')]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--steps and --handout cannot go together/);
  assert.equal(existsSync(join(dir, 'both.pdf')), false);
});

test('--handout with stacked figures: every figure of the stack on paper', async () => {
  // Slide 8 stacks three figures that replace each other (a label in each); as it ends, only the
  // last one shows.
  const labels = ['Bottom layer', 'Middle layer', 'Top layer'];
  const { pdf } = runExport('stack-handout.pdf', [DECK, '--handout', '--range', '8']);
  const text = normalise((await pageTexts(pdf)).join(' '));
  assert.deepEqual(labels.filter((label) => !text.includes(label)), [], 'figures missing from the handout');
  const plain = runExport('stack-slide.pdf', [DECK, '--range', '8']);
  const plainText = normalise((await pageTexts(plain.pdf)).join(' '));
  assert.deepEqual(labels.filter((label) => plainText.includes(label)), ['Top layer'], 'as it ends, the slide shows its last figure');
});

test('--handout: a stack part marked .replaces hides the terminal it replaces, so the terminal gets a page of its own', async () => {
  const deck = join(ROOT, 'tests/fixtures/decks/handout-replaces.md');
  const { pdf, stdout } = runExport('replaces.pdf', [deck, '--handout']);
  assert.match(stdout, /: 2 pages \(1 slide, handout\)/);
  const pages = (await pageTexts(pdf)).map(normalise);
  assert.ok(pages[0]!.includes('echo second-step') && !pages[0]!.includes('Listing'), pages[0]);
  assert.ok(pages[1]!.includes('Listing takes') && !pages[1]!.includes('echo second-step'), pages[1]);
});

test('a fixture deck: images from its folder, a pane sized by rows, panes without recording, every kind of fragment', async () => {
  const deck = join(dir, 'fixture');
  cpSync(join(ROOT, 'tests/fixtures/build'), deck, { recursive: true });
  // Line steps in code, incremental lists, a pause, shared fragment indices ("1" and "01" are one
  // step for reveal.js), nested fragments: the export fails if reveal.js lays out another number
  // of steps than the deck model counts.
  appendFileSync(join(deck, 'deck.md'), [
    '', '---', '', '## Fragments of every kind', '', '```bash [1|2-3|]', 'echo one', 'echo two', 'echo three', '```', '',
    '::: incremental', '- first', '- second', ':::', '', '. . .', '',
    'Shared index <!-- .element: class="fragment" data-fragment-index="1" -->', '',
    'Also shared <!-- .element: class="fragment fade-up" data-fragment-index="1" -->', '',
    'Shared as reveal.js reads it <!-- .element: class="fragment" data-fragment-index="01" -->', '',
    '::: {.fragment}', '::: {.fragment}', 'Nested', ':::', ':::', '',
    // reveal.js centres a .center slide by the height of its content, and sizes a stretched image
    // by the slide's height, both measured in the print view.
    '---', '<!-- .slide: class="center" -->', '', '## Centred', '', 'In the middle of the page', '',
    '---', '', '## Stretched', '', '<img class="r-stretch" src="figures/square.svg">', '',
  ].join('\n'));
  const model = await compileDeck(join(deck, 'deck.md'));
  const { pdf } = runExport('fixture.pdf', [join(deck, 'deck.md'), '--steps']);
  const read = await readPdf(pdf);
  const pages = read.pages.map((page) => normalise(page.text));
  assert.deepEqual(model.slides.map((slide) => slide.steps), [1, 3, 3, 9, 1, 1]);
  assert.equal(pages.length, 18);
  assert.ok(pages[1]!.includes('root@livedeck:avec#') && !pages[1]!.includes('bonjour'), `before the steps: ${pages[1]}`);
  assert.ok(pages[2]!.includes('root@livedeck:avec# echo bonjour bonjour root@livedeck:avec#') && !pages[2]!.includes('seq'), pages[2]);
  assert.ok(pages[3]!.includes('root@livedeck:avec# seq 3 1 2 3'), pages[3]);
  assert.ok(pages[4]!.includes('$ echo rien') && pages[4]!.includes('$ echo inline'), pages[4]);
  assert.ok(pages[15]!.includes('Nested'), pages[15]);
  // Pages are 540 pt high. A slide starts at the top; the .center slide's text is around the
  // middle (the print view measures its content for that: theme/print.css must let it).
  assert.ok(wordBox(read.pages[7]!, 'Fragments').top < 60, 'a slide starts at the top');
  const middle = (wordBox(read.pages[16]!, 'Centred').top + wordBox(read.pages[16]!, 'page').bottom) / 2;
  assert.ok(Math.abs(middle - 270) < 54, `the .center slide's text is centred on its page, not around ${middle} pt`);
  // The square (#dce8f7) stretched to the rest of the slide: a few hundred px at 18 dpi.
  const squarePixels = await countPixels(pdf, 18, [0xdc, 0xe8, 0xf7]);
  assert.ok(squarePixels > 2000, `the stretched square covers ${squarePixels} px of its page`);
});

/** Pixels of about `rgb` on a page of the PDF rendered at 18 dpi (a 240x135 px image). */
async function countPixels(pdf: string, page: number, rgb: [number, number, number]): Promise<number> {
  const { rgba } = await renderPage(pdf, page, 18);
  let count = 0;
  for (let i = 0; i + 3 < rgba.length; i += 4) {
    if (rgb.every((value, c) => Math.abs(rgba[i + c]! - value) <= 3)) count++;
  }
  return count;
}

test('failures are clear and leave no PDF behind: a bad range, no browser, an outdated recording', () => {
  const pdf = join(dir, 'failed.pdf');
  writeFileSync(pdf, 'the previous export');

  const range = runCli(['export', DECK, '--range', '5-2', '--out', pdf]);
  assert.equal(range.status, 2);
  assert.match(range.stderr, /error: bad --range "5-2": the span 5-2 goes down; write 2-5/);

  const browser = runCli(['export', DECK, '--browser', '/nonexistent/chromium', '--out', pdf]);
  assert.equal(browser.status, 1);
  assert.match(browser.stderr, /error: no browser at \/nonexistent\/chromium\n  hint: install one \(Debian\/Ubuntu: sudo apt-get install chromium\), or point to it with --browser PATH or CHROME_PATH=PATH/);

  // A demo whose steps changed after its recording: the error names the slide and the recording.
  const deck = join(dir, 'stale');
  cpSync(join(ROOT, 'tests/fixtures/build'), deck, { recursive: true });
  appendFileSync(join(deck, 'demos/avec/steps.sh'), '\n# One more.\necho encore\n');
  const stale = runCli(['export', join(deck, 'deck.md'), '--out', pdf]);
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /error: slide 2: .*demos\/avec\/session\.cast has 2 step markers but demos\/avec\/steps\.sh has 3 steps/);
  assert.match(stale.stderr, /hint: .*livedeck record avec/);

  assert.equal(readFileSync(pdf, 'utf8'), 'the previous export', 'the previous PDF is untouched');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temp file left');
});
