// `livedeck build --lecture` end to end: the real CLI builds the fixture class
// (tests/helpers/lecture-fixture.ts) into a self-contained folder: a page per deck snapshot, each
// carrying its page ref and the panes' merged casts (a version that differs only in its slides
// shares the page, as data), the data script the player starts from with
// every time on the shortened clock, the files of each snapshot where its page loads them; a
// killed server's folder builds; a malformed timeline is a one-line error with its file:line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parseCast } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, type DeckClientData } from '../../common/deck.js';
import { LECTURE_FILE } from '../../common/lecture.js';
import { LECTURE_DECKS_DIR, LECTURE_DECKS_GLOBAL, type LectureDeckVersion } from '../../common/lecture-deck.js';
import { formatLectureTime, LECTURE_DATA_SCRIPT, LECTURE_GLOBAL, LECTURE_SEARCH_GLOBAL, LECTURE_SEARCH_SCRIPT, type LectureSearchEntry, type LectureSiteData } from '../../common/lecture-site.js';
import { pageReferences } from '../../server/deck/page-references.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { FIXTURE_TIMES as T, HAND_TYPED, HAND_TYPED_OUTPUT, RELOADED_TITLE, writeCastPaneLecture, writeLectureFixture } from '../helpers/lecture-fixture.js';
import { scratchDir } from '../helpers/scratch.js';

function deckData(html: string): DeckClientData {
  const json = /<script type="application\/json" id="livedeck-deck">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'the page carries its data');
  return JSON.parse(json) as DeckClientData;
}

/** Runs a classic script of the site as a page would, and returns the global it sets (as plain
 * data of this realm). */
function runScript<T>(file: string, global: string): T {
  const context: Record<string, unknown> = {};
  context['globalThis'] = context;
  runInNewContext(readFileSync(file, 'utf8'), context);
  return JSON.parse(JSON.stringify(context[global])) as T;
}

/** A page of the site: everything it names is in the site, relative to the page. */
function checkPage(site: string, file: string): DeckClientData {
  const html = readFileSync(join(site, file), 'utf8');
  const folder = dirname(join(site, file));
  const data = deckData(html);
  assert.equal(data.mode, 'static');
  assert.ok(!/token=|"token"/i.test(html), 'no token in the page');
  const refs = pageReferences(html);
  assert.deepEqual(refs.remote, []);
  for (const path of refs.local) assert.ok(existsSync(join(folder, path)), `${file}: ${path} exists`);
  // The data script comes before the runtime, which finds the class there at start.
  assert.ok(html.indexOf(`${data.lecture!.data}"`) < html.indexOf('livedeck.js"'), 'lecture.js before livedeck.js');
  assert.ok(existsSync(join(folder, data.lecture!.data)));
  for (const pane of Object.values(data.terminals)) {
    assert.ok(pane.cast !== undefined, `${pane.id} says whether it has a recording`);
    if (pane.cast === null) continue;
    for (const path of [pane.cast.file, ...pane.cast.segments.map((segment) => segment.script)]) assert.ok(existsSync(join(folder, path)), `${file}: ${path} exists`);
  }
  return data;
}

test('a recorded class: pages per deck version, merged pane casts and the timeline, on the shortened clock', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const { dir } = await writeLectureFixture(root, { reload: true, changedFigure: true });
  const site = join(root, 'site');
  // By default a silence without voice keeps 30 s, so the fixture's 24 s break stays whole; the
  // class begins with the presenter's first move (the deck compiled 0.2 s before).
  const byDefault = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(byDefault.status, 0, byDefault.stderr);
  const defaults = runScript<LectureSiteData>(join(site, LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  assert.deepEqual([defaults.idleLimits, defaults.cuts, defaults.duration], [{ voice: 5, quiet: 30 }, [{ time: 0, removed: T.title / 1000 }], (T.end - T.title) / 1000]);
  const result = runCli(['build', '--lecture', dir, '--out', site, '--idle-limit', '5']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /site\/: a class of 0:38 \(0:58 recorded\), 5 slides in 2 versions, 7 chapters, 2 terminals \(3 shells\), no voice; \d+ files, [\d.]+ (KiB|MiB), built in [\d.]+ s\n$/);
  assert.ok(existsSync(join(site, '.nojekyll')));

  const data = runScript<LectureSiteData>(join(site, LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  // The break (from the last output at 15.6 s to the move at 40 s) keeps 5 s.
  const removed = (T.quietTo - T.handTypedOutput) / 1000 - 5;
  assert.deepEqual(data.cuts, [{ time: 0, removed: T.title / 1000 }, { time: (T.handTypedOutput - T.title) / 1000 + 5, removed }]);
  const s = (ms: number) => Math.max(0, Math.round((ms <= T.quietTo ? Math.min(ms, T.handTypedOutput + 5000) : ms - removed * 1000) - T.title)) / 1000;
  assert.equal(data.duration, s(T.end));
  assert.deepEqual(data.idleLimits, { voice: 5, quiet: 5 });
  assert.equal(data.title, 'Lecture fixture');
  assert.equal(data.lang, 'en');
  // The reload redrew an image the first page loads at the same path: its page has a folder.
  assert.deepEqual(data.pages, [{ file: 'index.html', from: 0, version: 0, deck: null }, { file: 'page-2/index.html', from: s(T.reload), version: 1, deck: null }]);
  assert.ok(!existsSync(join(site, LECTURE_DECKS_DIR)), 'no version to show in place');
  assert.deepEqual(data.positions.map((p) => [p.time, p.slide, p.h, p.v, p.f]), [
    [s(T.title), 1, 0, 0, -1], [s(T.processes), 2, 1, 0, -1], [s(T.fragment), 2, 1, 0, 0], [s(T.demo), 3, 2, 0, -1],
    [s(T.step1), 3, 2, 0, 0], [s(T.step2), 3, 2, 0, 1], [s(T.quietTo), 4, 3, 0, -1], [s(T.below), 5, 3, 1, -1],
    [s(T.processesAgain), 2, 1, 0, 0], [s(T.demoAgain), 3, 2, 0, 1],
  ]);
  assert.deepEqual(data.chapters.map((c) => [c.time, c.slide, c.title]), [
    [s(T.title), 1, 'A recorded class'], [s(T.processes), 2, 'Processes'], [s(T.demo), 3, 'A demo'],
    [s(T.quietTo), 4, 'A shell typed by hand'], [s(T.below), 5, 'Below it'],
    [s(T.processesAgain), 2, RELOADED_TITLE], [s(T.demoAgain), 3, 'A demo'],
  ]);
  assert.deepEqual(data.voice, []);
  const search = runScript<LectureSearchEntry[]>(join(site, LECTURE_SEARCH_SCRIPT), LECTURE_SEARCH_GLOBAL);
  assert.deepEqual(search.filter((entry) => entry.text === 'each has a PID').map((entry) => [entry.time, entry.slide]), [[s(T.processes), 2], [s(T.processesAgain), 2]]);
  // The command typed by hand, as corrected, when Enter was pressed; its output; not the typo.
  const typed = search.filter((entry) => entry.kind === 'terminal' && entry.text.includes(HAND_TYPED));
  assert.deepEqual(typed.map((entry) => [entry.time, entry.slide, entry.pane, entry.text]), [[s(T.handTypedOutput), 3, 's3-t1', `student@lab:~$ ${HAND_TYPED}`]]);
  assert.ok(search.some((entry) => entry.kind === 'terminal' && entry.text === HAND_TYPED_OUTPUT && entry.time === s(T.handTypedOutput)));
  assert.ok(!search.some((entry) => entry.text.includes('ls -lq')));
  assert.ok(search.some((entry) => entry.pane === 's4-t1' && entry.text === 'again' && entry.slide === 4), 'the restarted shell\'s output');

  const first = checkPage(site, 'index.html');
  const second = checkPage(site, 'page-2/index.html');
  assert.deepEqual(first.lecture, { page: 0, data: 'lecture/lecture.js' });
  assert.deepEqual(second.lecture, { page: 1, data: '../lecture/lecture.js' });
  assert.match(readFileSync(join(site, 'page-2/index.html'), 'utf8'), new RegExp(`<h2[^>]*>${RELOADED_TITLE}</h2>`));
  assert.notDeepEqual(readFileSync(join(site, 'figures/pixel.png')), readFileSync(join(site, 'page-2/figures/pixel.png')), 'each page its own image');
  assert.match(readFileSync(join(site, 'page-2/index.html'), 'utf8'), /href="\.\.\/_livedeck\/livedeck\.css"/);
  // What the class saw: the teacher's notes are in no page.
  for (const page of ['index.html', 'page-2/index.html']) assert.doesNotMatch(readFileSync(join(site, page), 'utf8'), /Speaker notes no student searches|class="notes"/);

  // The demo's pane: its shell on the lecture's clock, segments as a page loads them.
  const demo = first.terminals['s3-t1']!.cast!;
  assert.equal(demo.file, 'lecture/casts/s3-t1.cast');
  assert.deepEqual(second.terminals['s3-t1']!.cast!.segments.map((segment) => segment.script), demo.segments.map((segment) => `../${segment.script}`));
  const merged = parseCast(readFileSync(join(site, demo.file), 'utf8'));
  assert.equal(merged.events[0]!.time, s(T.demoShell + 300), 'the prompt, when the shell printed it');
  const output = merged.events.find((event) => event.data.includes(HAND_TYPED_OUTPUT))!;
  assert.equal(output.time, s(T.handTypedOutput));
  assert.deepEqual(demo.markers.map((marker) => [marker.time, marker.label]), [[s(T.step1), '1: Say hello.'], [s(T.step2), '2: List the processes.']]);
  const script = demo.segments[0]!.script;
  const segment = parseCast(runScript<Record<string, string>>(join(site, script), CAST_SCRIPTS_GLOBAL)[script]!);
  assert.deepEqual(segment.events.map((event) => [event.time, event.data]), merged.events.filter((event) => event.code !== 'm').map((event) => [event.time, event.data]));
  // The slide with no shell: no recording.
  assert.equal(Object.values(first.terminals).length, 2);
  const stack = first.terminals['s4-t1']!.cast!;
  assert.equal(stack.cols, 80);
  assert.ok(parseCast(readFileSync(join(site, stack.file), 'utf8')).events.some((event) => event.code === 'r' && event.data === '100x10'), 'the restart\'s size');

  // A second build replaces the first.
  assert.equal(runCli(['build', '--lecture', dir, '--out', site, '--idle-limit', 'none']).status, 0);
  const kept = runScript<LectureSiteData>(join(site, LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  assert.deepEqual(kept.cuts, []);
  assert.equal(kept.duration, T.end / 1000);
  assert.deepEqual(kept.idleLimits, { voice: 0, quiet: 0 });
});

test('a live edit that changed only the slides: one page shows both versions, each as data', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const { dir } = await writeLectureFixture(root, { reload: true });
  const site = join(root, 'site');
  const result = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /5 slides in 2 versions/);
  const data = runScript<LectureSiteData>(join(site, LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  const reload = data.pages[1]!.from;
  assert.deepEqual(data.pages, [
    { file: 'index.html', from: 0, version: 0, deck: `${LECTURE_DECKS_DIR}/1.js` },
    { file: 'index.html', from: reload, version: 1, deck: `${LECTURE_DECKS_DIR}/2.js` },
  ]);
  assert.ok(!existsSync(join(site, 'page-2.html')) && !existsSync(join(site, 'page-2')), 'no second page');
  const page = checkPage(site, 'index.html');
  assert.deepEqual(page.lecture, { page: 0, data: LECTURE_DATA_SCRIPT });
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(html, /<h2[^>]*>Processes<\/h2>/, 'the page holds the first version');
  const [first, second] = [1, 2].map((n) => runScript<Record<string, LectureDeckVersion>>(join(site, `${LECTURE_DECKS_DIR}/${n}.js`), LECTURE_DECKS_GLOBAL)[`${LECTURE_DECKS_DIR}/${n}.js`]!);
  // The first version's data is the page's own slides and panes.
  assert.equal(first!.slides, html.slice(html.indexOf('<div class="slides">\n') + '<div class="slides">\n'.length, html.indexOf('\n</div></div>')));
  assert.deepEqual(first!.terminals, page.terminals);
  assert.equal(first!.title, 'Lecture fixture');
  // The second: the slide as reloaded, the same panes with their lecture casts, no notes.
  assert.match(second!.slides, new RegExp(`<h2[^>]*>${RELOADED_TITLE}</h2>`));
  assert.doesNotMatch(second!.slides, /<h2[^>]*>Processes<\/h2>/);
  assert.doesNotMatch(second!.slides, /Speaker notes no student searches|class="notes"/);
  assert.deepEqual(Object.keys(second!.terminals).sort(), Object.keys(page.terminals).sort());
  for (const pane of Object.values(second!.terminals)) {
    if (pane.cast === null || pane.cast === undefined) continue;
    for (const path of [pane.cast.file, ...pane.cast.segments.map((segment) => segment.script)]) assert.ok(existsSync(join(site, path)), `${path} exists`);
  }
});

test('a killed server\'s lecture builds from what was written', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const { dir } = await writeLectureFixture(root, { killed: true });
  const result = runCli(['build', '--lecture', dir, '--out', join(root, 'site'), '--idle-limit', '3']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /5 slides, 7 chapters, 2 terminals \(3 shells\)/);
  const data = runScript<LectureSiteData>(join(root, 'site', LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  assert.equal(data.pages.length, 1);
  assert.equal(data.positions.at(-1)!.slide, 3, 'the cut last line is left out');
  const into = runCli(['build', '--lecture', dir, '--out', dir]);
  assert.equal(into.status, 1);
  assert.match(into.stderr, /cannot build into .*: it holds the lecture/);
});

test('cast= panes replay the recordings their snapshot stored, even once the deck\'s are gone; a damaged copy is one line', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const dir = await writeCastPaneLecture(root);
  const recording = readFileSync(join(root, 'deck', 'casts', 'live-class.cast'), 'utf8');
  // Edited after the class: the replay shows what was presented.
  writeFileSync(join(root, 'deck', 'casts', 'live-class.cast'), recording.replace('first-file-text', 'edited-later'));
  rmSync(join(root, 'deck', 'casts', 'asciinema-v3.cast'));
  const site = join(root, 'site');
  let result = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /3 slides, 2 chapters, 3 terminals \(0 shells\)/);
  const panes = Object.values(checkPage(site, 'index.html').terminals);
  assert.deepEqual(panes.map((pane) => [pane.castFile, pane.cast !== null]), [['casts/live-class.cast', true], ['casts/asciinema-v1.json', true], ['casts/asciinema-v3.cast', true]]);
  const replayed = readFileSync(join(site, panes[0]!.cast!.file), 'utf8');
  assert.equal(replayed, recording, 'the recording as it was in class');
  assert.equal(panes[0]!.cast!.screens.length, 3, 'its screens at the start and after each of its two steps');

  // The stored copy damaged: the file and line, no stack trace, nothing built.
  const stored = join(dir, 'files', panes[0]!.cast!.file.replace(/^.*\/([0-9a-f]{24})\.cast$/, '$1'));
  writeFileSync(stored, readFileSync(stored, 'utf8').replace('[1.0, "o"', '[1.0, "o'));
  rmSync(site, { recursive: true });
  result = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(result.status, 1);
  assert.match(result.stderr.split('\n')[0]!, /files\/[0-9a-f]{24}:4:\d+: error: /);
  assert.match(result.stderr, /hint: the lecture's copy of casts\/live-class\.cast is damaged/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.ok(!existsSync(site), 'nothing built');
});

test('a malformed timeline line, a bad option: one line naming what and where, no stack trace', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const { dir } = await writeLectureFixture(root);
  const lines = readFileSync(join(dir, LECTURE_FILE), 'utf8').split('\n');
  lines[6] = lines[6]!.replace('"session-start"', '"session-begin"');
  writeFileSync(join(dir, LECTURE_FILE), lines.join('\n'));
  let result = runCli(['build', '--lecture', dir, '--out', join(root, 'site')]);
  assert.equal(result.status, 1);
  assert.match(result.stderr.split('\n')[0]!, /lecture\.jsonl:7:1: error: unknown event type "session-begin"$/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.ok(!existsSync(join(root, 'site')), 'nothing built');

  result = runCli(['build', '--lecture', join(root, 'nowhere')]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^error: no lecture at .*nowhere\n  hint: livedeck lectures/);
  for (const args of [['--idle-limit=-1'], ['--idle-limit', 'soon'], ['deck.md']]) {
    result = runCli(['build', '--lecture', dir, ...args]);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^error: (--idle-limit must be a number of seconds|--lecture builds the deck)/);
  }
});

test('the voice: each segment remuxed on the site\'s clock, the break it spans cut out of it too', async (t) => {
  const root = scratchDir(t, 'lecture-build-');
  const tone = readFileSync(join(ROOT, 'tests/fixtures/voice/tone-4s.webm'));
  const { dir } = await writeLectureFixture(root, { voice: tone });
  const site = join(root, 'site');
  const result = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  const data = runScript<LectureSiteData>(join(site, LECTURE_DATA_SCRIPT), LECTURE_GLOBAL);
  // Spoken until 16 s: the silence that follows (quiet chunks are silence) keeps 5 s.
  const cutFrom = T.spokenUntil + 5000;
  assert.deepEqual(data.cuts, [{ time: 0, removed: T.title / 1000 }, { time: (cutFrom - T.title) / 1000, removed: (T.quietTo - cutFrom) / 1000 }]);
  const s = (ms: number) => Math.max(0, (ms <= cutFrom ? ms : Math.max(cutFrom, ms - (T.quietTo - cutFrom))) - T.title) / 1000;
  assert.deepEqual(data.voice.map((voice) => [voice.file, voice.from]), [['lecture/voice/1.webm', s(T.voice1)], ['lecture/voice/2.webm', s(T.voice2)]]);
  // The first segment lost the part of the break it spanned; frames are 20 ms.
  const [first, second] = data.voice;
  assert.ok(Math.abs(first!.to - s(T.voice1End)) <= 0.06, `${first!.to} ~ ${s(T.voice1End)}`);
  assert.ok(Math.abs(second!.to - s(T.voice2End)) <= 0.06, `${second!.to} ~ ${s(T.voice2End)}`);
  for (const voice of data.voice) {
    const bytes = readFileSync(join(site, voice.file));
    assert.equal(bytes.readUInt32BE(0), 0x1a45dfa3, 'a WebM');
  }
  assert.match(result.stdout, new RegExp(`voice ${formatLectureTime(first!.to - first!.from + second!.to - second!.from)};`));

  // A killed server: the second segment never ended, its file cut in its last second.
  const killed = await writeLectureFixture(join(root, 'killed'), { voice: tone, killed: true });
  const rebuilt = runCli(['build', '--lecture', killed.dir, '--out', join(root, 'killed-site')]);
  assert.equal(rebuilt.status, 0, rebuilt.stderr);
  const cut = runScript<LectureSiteData>(join(root, 'killed-site', LECTURE_DATA_SCRIPT), LECTURE_GLOBAL).voice[1]!;
  assert.ok(cut.to - cut.from > 14 && cut.to - cut.from < 15.5, `what was written: ${cut.to - cut.from} s`);

  rmSync(join(dir, 'voice-2.webm'));
  const missing = runCli(['build', '--lecture', dir, '--out', site]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /voice-2\.webm, the voice recorded from 40\.5 s, is missing/);
});
