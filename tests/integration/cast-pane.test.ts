// ```terminal cast=FILE``` through the real CLI: a recording made by the real `asciinema rec` and a
// class's recording (slide markers) go into a built site as recorded, print in the PDF as their
// screens (the end, or each marker's with --steps), are served by `livedeck dev` to whoever may see
// the page and to no one else, and a missing or bad recording stops the build with a one-line
// error at the fence's line or at the recording's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parseCast } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, type DeckClientData } from '../../common/deck.js';
import { CAST_PANE_FIXTURES, writeCastPaneDeck } from '../helpers/cast-pane-deck.js';
import { ROOT, runCli, startDev } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

let dir: string;
let deck: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-cast-pane-'));
  deck = writeCastPaneDeck(dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

function deckData(html: string): DeckClientData {
  const json = /<script type="application\/json" id="livedeck-deck">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'the page carries its data');
  return JSON.parse(json) as DeckClientData;
}

const htmlText = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&');

test('livedeck build: the recording is in the site as recorded, one step without markers, a step per marker', () => {
  const site = join(dir, 'site');
  const result = runCli(['build', deck, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  const data = deckData(readFileSync(join(site, 'index.html'), 'utf8'));

  const hi = data.terminals['s1-t1']!;
  assert.equal(hi.castFile, 'rec/hi.cast');
  assert.equal(hi.steps.length, 1, 'no marker: one step');
  const cast = hi.cast!;
  assert.match(cast.file, /^casts\/hi\.[0-9a-f]{8}\.cast$/);
  assert.equal(readFileSync(join(site, cast.file), 'utf8'), readFileSync(join(dir, 'rec', 'hi.cast'), 'utf8'), 'as recorded');
  // The one step starts at the start: its screen is blank, the end's has the output.
  assert.equal(cast.markers.length, 1);
  assert.deepEqual([cast.markers[0]!.time, cast.markers[0]!.index], [0, 0]);
  assert.equal(htmlText(cast.screens[0]!.html).trim(), '');
  assert.match(htmlText(cast.screens[1]!.html), /hi-from-asciinema\s+second-line/);
  // The segment loads as a page opened from file:// loads it, and is the recording.
  const context: Record<string, unknown> = {};
  context['globalThis'] = context;
  runInNewContext(readFileSync(join(site, cast.segments[0]!.script), 'utf8'), context);
  const text = (context[CAST_SCRIPTS_GLOBAL] as Record<string, string>)[cast.segments[0]!.script]!;
  assert.ok(parseCast(text).events.some((event) => event.data.includes('hi-from-asciinema')));

  const live = data.terminals['s2-t1']!;
  assert.deepEqual(live.steps.map((step) => step.caption), ['slide 2/3: Files', 'slide 2/3: Contents']);
  assert.deepEqual(live.cast!.screens.map((screen) => htmlText(screen.html).trim().split('\n').at(-2) ?? ''), ['', 'alpha.txt  beta.txt', 'first-file-text']);
});

test('livedeck export: the screen as the recording ends, and at each step with --steps', async () => {
  const pdf = join(dir, 'last.pdf');
  const last = runCli(['export', deck, '--out', pdf]);
  assert.equal(last.status, 0, last.stderr);
  assert.match(last.stdout, /terminal panes: 2 from their recording/);
  const pages = (await readPdf(pdf)).pages.map((page) => page.text);
  assert.equal(pages.length, 2);
  assert.match(pages[0]!, /hi-from-asciinema\s+second-line/);
  assert.match(pages[1]!, /alpha\.txt\s+beta\.txt[^]*first-file-text/);

  const steps = join(dir, 'steps.pdf');
  const all = runCli(['export', deck, '--steps', '--out', steps]);
  assert.equal(all.status, 0, all.stderr);
  const stepPages = (await readPdf(steps)).pages.map((page) => page.text);
  assert.equal(stepPages.length, 2 + 3, 'slide 1: the start and one step; slide 2: the start and two');
  assert.doesNotMatch(stepPages[0]!, /hi-from-asciinema/);
  assert.match(stepPages[1]!, /hi-from-asciinema/);
  assert.doesNotMatch(stepPages[2]!, /alpha\.txt/);
  assert.match(stepPages[3]!, /alpha\.txt/);
  assert.doesNotMatch(stepPages[3]!, /first-file-text/);
  assert.match(stepPages[4]!, /first-file-text/);
});

test('livedeck dev serves a cast= pane\'s recording with the page, not to strangers', async () => {
  const server = await startDev([join(CAST_PANE_FIXTURES, 'deck.md')]);
  try {
    const page = await fetch(`${server.url}?token=${server.audienceToken}`);
    assert.equal(page.status, 200);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const data = deckData(await page.text());
    assert.equal(data.mode, 'live');
    const cast = data.terminals['s1-t1']!.cast!;
    assert.ok(cast, 'a cast= pane has its recording in a live page');
    const script = cast.segments[0]!.script;
    assert.match(script, /^_casts\/live-class\.[0-9a-f]{8}\/0\.js$/);
    assert.ok(cast.screens.length === 3 && cast.screens[2]!.html.includes('first-file-text'), 'with the screens a built page has');

    const segment = await fetch(`${server.url}${script}`, { headers: { cookie } });
    assert.equal(segment.status, 200);
    assert.match(segment.headers.get('content-type') ?? '', /javascript/);
    assert.match(await segment.text(), new RegExp(`\\(globalThis\\.${CAST_SCRIPTS_GLOBAL} = `));
    const raw = await fetch(`${server.url}${cast.file}`, { headers: { cookie } });
    assert.equal(await raw.text(), readFileSync(join(CAST_PANE_FIXTURES, 'casts', 'live-class.cast'), 'utf8'));

    // Without the page's token or cookie: refused, as the deck's other files are.
    assert.equal((await fetch(`${server.url}${script}`)).status, 401);
  } finally {
    await server.stop();
  }
});

test('a missing recording, or a bad line in one, stops the build with a one-line error that says where', () => {
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, 'missing.md'), '---\ntitle: T\nlang: en\n---\n\n## S\n\n```terminal rows=4 cast=nowhere.cast\n```\n');
  const missing = runCli(['build', join(bad, 'missing.md'), '--out', join(bad, 'site')]);
  assert.equal(missing.status, 1);
  const first = missing.stderr.split('\n')[0]!;
  assert.equal(first, `${join(bad, 'missing.md')}:8:20: error: cannot read the recording ${join(bad, 'nowhere.cast')}: no such file`);
  assert.doesNotMatch(missing.stderr, /^\s+at /m, 'no stack trace');

  copyFileSync(join(ROOT, 'tests', 'fixtures', 'casts', 'bad-json-middle.cast'), join(bad, 'broken.cast'));
  writeFileSync(join(bad, 'broken.md'), '---\ntitle: T\nlang: en\n---\n\n## S\n\n```terminal cast=broken.cast\n```\n');
  const broken = runCli(['export', join(bad, 'broken.md'), '--out', join(bad, 'broken.pdf')]);
  assert.equal(broken.status, 1);
  let line = 0;
  try {
    parseCast(readFileSync(join(bad, 'broken.cast'), 'utf8'));
  } catch (e) {
    line = (e as { line: number }).line;
  }
  assert.ok(line > 1, 'the fixture has a bad line');
  // The export's progress lines come first on stderr, then the error.
  assert.match(broken.stderr.split('\n').find((row) => row.includes('error:')) ?? broken.stderr, new RegExp(`^${join(bad, 'broken.cast').replace(/[.]/g, '\\.')}:${line}:1: error: event is not valid JSON`));
  assert.doesNotMatch(broken.stderr, /^\s+at /m, 'no stack trace');
});
