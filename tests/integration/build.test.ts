// `livedeck build` end to end: the real CLI builds fixture decks (tests/fixtures/replay/: recorded
// demos, one never recorded; tests/fixtures/build/: images, inline steps); the folder is
// self-contained (no absolute or remote URL, no token, every file it names is there), its casts
// are there as recorded and cut into segments that load as a page opened from file:// can load
// them, and real Chromium shows the slides from file://.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { parseCast } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, type DeckClientData } from '../../common/deck.js';
import { pageReferences } from '../../server/deck/page-references.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { closeBrowser, openPage, revealReady } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { REPLAY_DECK, REPLAY_FIXTURE } from '../helpers/replay-deck.js';

after(closeBrowser);

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-build-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function deckData(html: string): DeckClientData {
  const json = /<script type="application\/json" id="livedeck-deck">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'the page carries its data');
  return JSON.parse(json) as DeckClientData;
}

/** What a static site must be: everything it names is inside it, nothing comes from elsewhere. */
function checkSelfContained(site: string): DeckClientData {
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const data = deckData(html);
  assert.equal(data.mode, 'static');
  assert.equal(data.reload, undefined, 'no live-reload stream');
  // Shiki's CSS variables are named --ld-code-token-*: look for a token as data or in a URL.
  assert.ok(!/token=|"token"/i.test(html), 'no token in the page');
  const refs = pageReferences(html);
  assert.deepEqual(refs.remote, [], 'no asset from another site');
  for (const path of refs.local) {
    assert.ok(!path.startsWith('/'), `${path} is relative`);
    assert.ok(existsSync(join(site, path)), `${path} exists`);
  }
  for (const pane of Object.values(data.terminals)) {
    assert.ok(pane.cast !== undefined, `pane ${pane.id} says whether it has a recording`);
    if (pane.cast === null) continue;
    for (const path of [pane.cast.file, ...pane.cast.segments.map((segment) => segment.script)]) {
      assert.doesNotMatch(path, /^(\/|[a-z]+:)/, 'relative');
      assert.ok(existsSync(join(site, path)), `${path} exists`);
    }
  }
  // The stylesheet's fonts are there too.
  const css = readFileSync(join(site, '_livedeck/livedeck.css'), 'utf8');
  for (const [, url] of css.matchAll(/url\(["']?([^)"']+)["']?\)/g)) {
    if (url!.startsWith('data:')) continue;
    assert.ok(existsSync(join(site, '_livedeck', url!)), `${url} (from livedeck.css) exists`);
  }
  return data;
}

/** Runs a cast script as a browser would, and returns what it stored. */
/** The text of screen HTML (spans and entities of escapeHtml). */
function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function runCastScript(site: string, script: string): Record<string, string> {
  const context: Record<string, unknown> = {};
  context['globalThis'] = context;
  runInNewContext(readFileSync(join(site, script), 'utf8'), context);
  return context[CAST_SCRIPTS_GLOBAL] as Record<string, string>;
}

test('a deck with recorded demos: a self-contained folder that shows the slides from file://', async (t) => {
  const site = join(scratch(t), 'site');
  const result = runCli(['build', REPLAY_DECK, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /site\/: 8 slides, 3 terminal panes, 2 recordings, 1 missing; \d+ files, [\d.]+ (KiB|MiB), built in [\d.]+ s/);
  assert.ok(existsSync(join(site, '.nojekyll')), 'static hosts that run Jekyll keep _livedeck/');

  const data = checkSelfContained(site);
  const demos = [...new Set(Object.values(data.terminals).map((pane) => pane.demo).filter((d) => d !== null))];
  assert.deepEqual(demos, ['jobs', 'words', 'unrecorded']);
  for (const demo of demos) {
    const recording = join(REPLAY_FIXTURE, 'demos', demo, 'session.cast');
    const pane = Object.values(data.terminals).find((p) => p.demo === demo)!;
    if (!existsSync(recording)) {
      assert.equal(pane.cast, null);
      assert.match(result.stderr, new RegExp(`warning: demo ${demo} has no recording`));
      continue;
    }
    const text = readFileSync(recording, 'utf8');
    const cast = pane.cast!;
    assert.equal(cast.file, `casts/${demo}.cast`);
    assert.equal(readFileSync(join(site, cast.file), 'utf8'), text, 'the cast as recorded');
    // A recording of a few minutes at most is one segment, whose script carries the recording's events.
    assert.deepEqual(cast.segments.map((s) => [s.script, s.frame, s.keyframe]), [[`casts/${demo}/0.js`, 0, 0]]);
    const recorded = parseCast(text);
    const segment = parseCast(runCastScript(site, cast.segments[0]!.script)[cast.segments[0]!.script]!, cast.segments[0]!.script);
    assert.deepEqual(segment.events.map((e) => e.data), recorded.events.filter((e) => e.code === 'o' || e.code === 'r').map((e) => e.data));
    assert.deepEqual([segment.header.cols, segment.header.rows], [recorded.header.cols, recorded.header.rows]);
    assert.deepEqual(cast.markers.map((m) => m.label), recorded.events.filter((e) => e.code === 'm').map((e) => e.data), 'the steps\' markers in the index');
    assert.equal(cast.frames, segment.events.length);
    // The screen after each number of steps, as the PDF prints it: what a pane shows at once.
    assert.equal(cast.screens.length, cast.markers.length + 1);
    for (const [k, screen] of cast.screens.entries()) {
      const expected = await castToScreen(recorded, k < cast.markers.length ? { marker: k } : {});
      assert.deepEqual([screen.cols, screen.rows], [expected.cols, expected.rows]);
      assert.deepEqual(htmlText(screen.html).split('\n').map((line) => line.trimEnd()), expected.lines, `${demo}: the screen after ${k} steps`);
    }
  }

  const { page, errors } = await openPage(pathToFileURL(join(site, 'index.html')).href);
  await revealReady(page);
  assert.equal(await page.locator('.reveal .slides > section').count(), 8);
  assert.ok(await page.locator('.reveal .slides > section').first().isVisible());
  // A page from file:// loads a segment the way the replay player does: a <script> element.
  await page.addScriptTag({ url: 'casts/jobs/0.js' });
  const loaded = await page.evaluate((name) => (window as unknown as Record<string, Record<string, string>>)[name]?.['casts/jobs/0.js'] ?? '', CAST_SCRIPTS_GLOBAL);
  assert.ok(parseCast(loaded, 'jobs/0.js').events.length > 100);
  assert.deepEqual(errors, []);
});

test('a fixture deck: images copied, SVG inlined, a pane without recording, inline steps', async (t) => {
  const site = join(scratch(t), 'out');
  const result = runCli(['build', 'tests/fixtures/build/deck.md', '-o', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /3 slides, 3 terminal panes, 1 recordings, 1 missing/);
  assert.match(result.stderr, /warning: demo sans has no recording \(demos\/sans\/session\.cast\).*livedeck record sans/);
  const data = checkSelfContained(site);
  assert.deepEqual(Object.values(data.terminals).map((pane) => [pane.demo, pane.cast && [pane.cast.file, pane.cast.segments.map((s) => s.script), pane.cast.markers.length]]), [
    ['avec', ['casts/avec.cast', ['casts/avec/0.js'], 2]],
    ['sans', null],
    [null, null],
  ]);
  assert.deepEqual(readFileSync(join(site, 'figures/pixel.png')), readFileSync(join(ROOT, 'tests/fixtures/build/figures/pixel.png')));
  assert.equal(existsSync(join(site, 'figures/square.svg')), false, 'an SVG is in the page, not beside it');
  assert.deepEqual(readdirSync(join(site, 'casts')).sort(), ['avec', 'avec.cast']);
  assert.deepEqual(readdirSync(join(site, 'casts/avec')), ['0.js']);

  // Building again replaces the previous build.
  writeFileSync(join(site, 'stale.txt'), 'from an older build');
  assert.equal(runCli(['build', 'tests/fixtures/build/deck.md', '-o', site]).status, 0);
  assert.equal(existsSync(join(site, 'stale.txt')), false);
  assert.deepEqual(readdirSync(join(site, '..')), ['out'], 'no temp folder left');

  const { page, errors } = await openPage(pathToFileURL(join(site, 'index.html')).href);
  await revealReady(page);
  assert.equal(await page.locator('.reveal .slides > section').count(), 3);
  assert.deepEqual(errors, []);
});

test('a recording that does not parse, or no longer matches its steps, is an error naming it', async (t) => {
  const dir = scratch(t);
  const deck = join(dir, 'deck');
  cpSync(join(ROOT, 'tests/fixtures/build'), deck, { recursive: true });
  const cast = join(deck, 'demos/avec/session.cast');
  const good = readFileSync(cast, 'utf8');

  writeFileSync(cast, good.replace('"m", "2: Count to three."', '"m" "2: Count to three."'));
  let result = runCli(['build', join(deck, 'deck.md'), '--out', join(dir, 'site')]);
  assert.equal(result.status, 1);
  const line = good.split('\n').findIndex((l) => l.includes('2: Count to three.')) + 1;
  assert.match(result.stderr, new RegExp(`demos/avec/session\\.cast:${line}:1: error: event is not valid JSON`));
  assert.match(result.stderr, /hint: record it again: livedeck record avec/);
  assert.equal(existsSync(join(dir, 'site')), false, 'nothing written');

  writeFileSync(cast, good.split('\n').filter((l) => !l.includes('2: Count to three.')).join('\n'));
  result = runCli(['build', join(deck, 'deck.md'), '--out', join(dir, 'site')]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /session\.cast has 1 step markers but demos\/avec\/steps\.sh has 2 steps/);
  assert.match(result.stderr, /livedeck record avec/);
});

test('a live class\'s recording stands in for a demo\'s: its slide markers are not steps', async (t) => {
  const dir = scratch(t);
  const deck = join(dir, 'deck');
  cpSync(join(ROOT, 'tests/fixtures/build'), deck, { recursive: true });
  const cast = join(deck, 'demos/avec/session.cast');
  const recorded = readFileSync(cast, 'utf8');
  assert.equal(runCli(['build', join(deck, 'deck.md'), '--out', join(dir, 'recorded')]).status, 0);
  // livedeck dev marks each slide the presenters reach in every shell's recording.
  const lines = recorded.split('\n');
  const step2 = lines.findIndex((l) => l.includes('"2: Count to three."'));
  const time = (line: string) => (JSON.parse(line) as [number])[0];
  lines.splice(step2, 0, JSON.stringify([time(lines[step2]!), 'm', 'slide 3/4: Recorded']));
  lines.splice(1, 0, JSON.stringify([0, 'm', 'slide 2/4: Recorded']));
  writeFileSync(cast, lines.join('\n'));
  const result = runCli(['build', join(deck, 'deck.md'), '--out', join(dir, 'live')]);
  assert.equal(result.status, 0, result.stderr);
  const pane = (site: string) => Object.values(deckData(readFileSync(join(dir, site, 'index.html'), 'utf8')).terminals).find((p) => p.demo === 'avec')!.cast!;
  const [live, made] = [pane('live'), pane('recorded')];
  assert.deepEqual(live.markers.map((m) => m.label), ['1: Say hello.', '2: Count to three.']);
  assert.deepEqual(live.screens.map((s) => s.html), made.screens.map((s) => s.html), 'the same screens after each step');
  // The recording is offered as it was made, slide markers included.
  assert.match(readFileSync(join(dir, 'live', live.file), 'utf8'), /slide 3\/4: Recorded/);
});

test('build refuses to replace a folder that is not a previous build', (t) => {
  const dir = scratch(t);
  const out = join(dir, 'mine');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'keep me');
  const result = runCli(['build', 'tests/fixtures/build/deck.md', '--out', out]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /cannot build into .*mine: it is not empty and not a livedeck site/);
  assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'keep me');
  assert.match(runCli(['build', 'tests/fixtures/build/deck.md', '--out', '.']).stderr, /holds the deck or the current folder/);
});
