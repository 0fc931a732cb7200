// ```terminal cast=FILE``` in the compiler and the formats it reads: a recording's markers are the
// pane's steps (one step when it has none), asciicast v1, v2 and v3 all read, the recording's key
// among a site's, and every mistake an error at the fence's line or at the recording's line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCast } from '../../common/asciicast.js';
import { castKey } from '../../server/casts/site-casts.js';
import { compileDeck, compileDeckSource } from '../../server/deck/compile.js';
import { LivedeckError } from '../../server/errors.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cast-pane');
const DECK = join(FIXTURES, 'deck.md');

/** Compiles `body` as a one-slide deck in the fixture folder, and returns its error. */
async function fenceError(fence: string): Promise<LivedeckError> {
  const source = `---\ntitle: T\nlang: en\n---\n\n## Slide\n\n${fence}\n`;
  try {
    await compileDeckSource(source, DECK, { demosDir: null });
  } catch (e) {
    assert.ok(e instanceof LivedeckError, `expected a LivedeckError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${fence} compiled without error`);
}

test('a recording\'s markers are the pane\'s steps, labelled by their captions; none: one step', async () => {
  const deck = await compileDeck(DECK);
  const [live, v1, v3] = deck.slides.map((slide) => slide.terminals[0]!);
  assert.equal(live!.castFile, 'casts/live-class.cast');
  assert.equal(live!.demo, null);
  assert.deepEqual(live!.steps.map((step) => step.caption), ['slide 2/3: Files', 'slide 2/3: Contents']);
  assert.deepEqual(live!.steps.map((step) => step.command), ['', '']);
  assert.deepEqual(v1!.steps.map((step) => step.caption), [null], 'no marker: one step');
  assert.deepEqual(v3!.steps.map((step) => step.caption), [null], 'an asciinema marker without a label');
  // One hidden fragment per step, so the slide counts them.
  assert.deepEqual(deck.slides.map((slide) => slide.steps), [3, 2, 2]);
  assert.equal((deck.slides[0]!.html.match(/class="fragment ld-terminal-step"/g) ?? []).length, 2);
  // The page's text without JavaScript: the captions, or the recording's name.
  assert.match(deck.slides[0]!.html, /▶ slide 2\/3: Files/);
  assert.match(deck.slides[1]!.html, /<span class="ld-terminal-title">asciinema-v1\.json<\/span>/);
  assert.match(deck.slides[1]!.html, /▶ asciinema-v1\.json/);
  // The recordings are files the deck depends on: a change recompiles it in livedeck dev.
  for (const file of ['live-class.cast', 'asciinema-v1.json', 'asciinema-v3.cast']) {
    assert.ok(deck.dependencies.includes(join(FIXTURES, 'casts', file)), file);
  }
});

test('livedeck record\'s markers ("N: caption") give their caption', async () => {
  const deck = await compileDeckSource('---\ntitle: T\nlang: en\n---\n\n```terminal cast=../build/demos/avec/session.cast\n```\n', DECK, { demosDir: null });
  const text = readFileSync(join(FIXTURES, '..', 'build', 'demos', 'avec', 'session.cast'), 'utf8');
  const labels = parseCast(text).events.filter((event) => event.code === 'm').map((event) => event.data);
  assert.ok(labels.length > 0 && labels.every((label) => /^\d+: /.test(label)), 'the fixture is a livedeck recording');
  assert.deepEqual(deck.slides[0]!.terminals[0]!.steps.map((step) => step.caption), labels.map((label) => label.replace(/^\d+: /, '')));
});

test('asciicast v1: one JSON document, delays between outputs', () => {
  const cast = parseCast(readFileSync(join(FIXTURES, 'casts', 'asciinema-v1.json'), 'utf8'), 'v1.json');
  assert.deepEqual([cast.header.version, cast.header.cols, cast.header.rows], [1, 40, 6]);
  assert.deepEqual(cast.events.map((event) => [event.time, event.code, event.data]), [
    [0.1, 'o', '$ '], [0.6, 'o', 'echo old-format\r\n'], [0.8, 'o', 'old-format\r\n'], [1.6, 'o', '$ '],
  ]);
  // On one line too, as some tools write it.
  const flat = parseCast('{"version": 1, "width": 10, "height": 2, "stdout": [[0.5, "a"], [0.25, "b"]]}');
  assert.deepEqual(flat.events.map((event) => event.time), [0.5, 0.75]);
});

test('asciicast v1: a bad entry is an error at its line', () => {
  const text = readFileSync(join(FIXTURES, 'casts', 'asciinema-v1.json'), 'utf8');
  const bad = text.replace('"old-format\\r\\n"', '42');
  const line = bad.split('\n').findIndex((row) => row.includes('42'));
  assert.throws(() => parseCast(bad, 'v1.json'), (e: Error) => {
    // The entry's line: the "[" that opens it, just before its delay.
    assert.equal(e.message, `v1.json:${line - 1}: stdout[2]: the output must be a string`);
    return true;
  });
  assert.throws(() => parseCast(text.replace('"width": 40,', '"width": 40,,'), 'v1.json'), /^CastError: v1\.json:3: version 1 recording is not valid JSON: Expected double-quoted property name$/);
});

test('cast= mistakes are errors at the fence, with the option\'s column', async () => {
  const missing = await fenceError('```terminal rows=4 cast=casts/nowhere.cast\n```');
  assert.equal(missing.code, 'terminal-fence');
  assert.equal(missing.message, `cannot read the recording ${relative(process.cwd(), join(FIXTURES, 'casts', 'nowhere.cast'))}: no such file`);
  assert.deepEqual([missing.file, missing.line, missing.column], [DECK, 8, 20]);

  const folder = await fenceError('```terminal cast=casts\n```');
  assert.match(folder.message, /cannot read the recording .*casts: it is a folder/);

  const both = await fenceError('```terminal cast=casts/live-class.cast demo=processus\n```');
  assert.equal(both.message, 'terminal with cast= cannot have a demo= too');
  assert.deepEqual([both.line, both.column], [8, 40]);

  const body = await fenceError('```terminal cast=casts/live-class.cast\necho hi\n```');
  assert.equal(body.message, 'terminal with cast=casts/live-class.cast must have an empty body');

  const absolute = await fenceError('```terminal cast=/tmp/x.cast\n```');
  assert.equal(absolute.message, 'terminal option cast must be a path relative to the deck, with / between folders, not "/tmp/x.cast"');
});

test('a bad line in the recording is an error naming the recording and its line', async () => {
  const error = await fenceError('```terminal cast=../casts/bad-time.cast\n```');
  assert.equal(error.code, 'cast-invalid');
  const file = relative(process.cwd(), join(FIXTURES, '..', 'casts', 'bad-time.cast'));
  assert.equal(error.file, file);
  const expected = (() => {
    try {
      parseCast(readFileSync(join(FIXTURES, '..', 'casts', 'bad-time.cast'), 'utf8'));
    } catch (e) {
      return e as { line: number; reason: string };
    }
    assert.fail('bad-time.cast parses');
  })();
  assert.deepEqual([error.line, error.message], [expected.line, expected.reason]);
  assert.match(error.format(), new RegExp(`^${file.replace(/[.]/g, '\\.')}:${expected.line}:1: error: `));
});

test('a recording\'s key: its name and a hash of its path, never a demo\'s name', () => {
  const pane = (castFile: string | null, demo: string | null) => ({ id: 's1-t1', demo, castFile, steps: [], title: null, rows: null, cols: null, height: null, cwd: null, autoenter: true });
  const key = castKey(pane('recordings/2026-12-07/Shell Intro.cast', null))!;
  assert.match(key, /^shell-intro\.[0-9a-f]{8}$/);
  assert.equal(castKey(pane('recordings/2026-12-07/Shell Intro.cast', null)), key, 'the same path, the same key');
  assert.notEqual(castKey(pane('other/Shell Intro.cast', null)), key, 'the same name elsewhere: another key');
  assert.equal(castKey(pane(null, 'processus')), 'processus');
  assert.equal(castKey(pane(null, null)), null);
});
