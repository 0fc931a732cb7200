// Reading a lecture's folder for its site (server/lecture/lecture-reader.ts): what a killed server
// leaves reads as far as it was written, anything else wrong is one error naming its file and
// line; and a pane's shells merged into one cast on the lecture's clock (pane-sessions.ts), checked
// by the screens a real terminal parser shows at moments of the class.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { castMarkers } from '../../common/asciicast.js';
import { LECTURE_FILE } from '../../common/lecture.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { LivedeckError } from '../../server/errors.js';
import { idleMap } from '../../server/lecture/idle-map.js';
import { lectureActivities } from '../../server/lecture/lecture-activity.js';
import { readLecture } from '../../server/lecture/lecture-reader.js';
import { mergePaneSessions, paneSessions } from '../../server/lecture/pane-sessions.js';
import { FIXTURE_TIMES as T, HAND_TYPED, HAND_TYPED_OUTPUT, writeLectureFixture } from '../helpers/lecture-fixture.js';
import { scratchDir } from '../helpers/scratch.js';

async function readError(dir: string): Promise<LivedeckError> {
  const error = await readLecture(dir).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof LivedeckError, `an error: ${String(error)}`);
  return error;
}

test('a killed server\'s folder reads: the timeline\'s and a cast\'s cut last lines are left out', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'), { killed: true });
  const lecture = await readLecture(dir);
  assert.equal(lecture.timeline.truncated, true);
  assert.equal(lecture.timeline.events.some((event) => event.type === 'end'), false);
  // The shell of no pane is not read: it shows nowhere.
  assert.deepEqual([...lecture.casts.keys()].sort(), ['processus-a1.cast', 'shell-b1.2.cast', 'shell-b1.cast']);
  const restart = lecture.casts.get('shell-b1.2.cast')!;
  assert.ok(!restart.events.some((event) => event.data.includes('still running')));
  assert.equal(lecture.end, T.demoAgain, 'the last whole event');
});

test('the lecture ends at its last event, or later when a cast goes on', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'));
  assert.equal((await readLecture(dir)).end, T.end);
  appendFileSync(join(dir, 'shell-b1.2.cast'), '[70.5, "o", "late"]\n');
  assert.equal((await readLecture(dir)).end, T.restart + 70_500);
});

test('no timeline: not a lecture, with the command that lists them', async (t) => {
  const root = scratchDir(t, 'lecture-folder-');
  let error = await readError(join(root, 'absent'));
  assert.equal(error.code, 'lecture-not-found');
  assert.match(error.message, /no lecture at .*absent/);
  assert.match(error.hint ?? '', /livedeck lectures/);
  error = await readError(root);
  assert.match(error.message, /is not a lecture: it has no lecture\.jsonl/);
});

test('a malformed timeline line is an error at its file:line, quoting it', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'));
  const lines = readFileSync(join(dir, LECTURE_FILE), 'utf8').split('\n');
  lines[4] = '{"t":5000,"type":"position","h":1}';
  writeFileSync(join(dir, LECTURE_FILE), lines.join('\n'));
  const error = await readError(dir);
  assert.equal(error.code, 'lecture-bad');
  assert.equal(error.line, 5);
  assert.match(error.file ?? '', /lecture\.jsonl$/);
  const [first, quoted] = error.format().split('\n');
  assert.match(first!, /lecture\.jsonl:5:1: error: position: missing "v"/);
  assert.match(quoted!, /5 \| \{"t":5000/);
});

test('a cast damaged in its middle is an error at its line; a missing cast or snapshot names its file', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'));
  const cast = readFileSync(join(dir, 'shell-b1.cast'), 'utf8').split('\n');
  cast[3] = '[1.0, "o"]';
  writeFileSync(join(dir, 'shell-b1.cast'), cast.join('\n'));
  let error = await readError(dir);
  assert.equal(error.code, 'lecture-bad');
  assert.match(error.location ?? '', /shell-b1\.cast:4:1$/);
  assert.match(error.message, /3 elements/);

  rmSync(join(dir, 'shell-b1.cast'));
  error = await readError(dir);
  assert.match(error.message, /shell-b1\.cast, the recording of session b1 \(pane s4-t1\), is missing/);

  const snapshot = /"snapshot":"([0-9a-f]+)"/.exec(readFileSync(join(dir, LECTURE_FILE), 'utf8'))![1]!;
  rmSync(join(dir, 'deck', `${snapshot}.json`));
  error = await readError(dir);
  assert.match(error.message, new RegExp(`deck/${snapshot}\\.json: missing`));
});

test('a crafted snapshot cannot make the build read or write outside the lecture and the site', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'));
  const snapshot = /"snapshot":"([0-9a-f]+)"/.exec(readFileSync(join(dir, LECTURE_FILE), 'utf8'))![1]!;
  const file = join(dir, 'deck', `${snapshot}.json`);
  const original = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, string> };
  const [stored] = Object.values(original.files);
  assert.match(stored ?? '', /^[0-9a-f]{24}$/, 'the fixture\'s deck loads a stored figure');
  for (const files of [{ '../../outside.png': stored }, { '/etc/cron.d/x': stored }, { 'figures/x.png': '../../../etc/passwd' }, { 'a/./b.png': stored }]) {
    writeFileSync(file, JSON.stringify({ ...original, files }));
    const error = await readError(dir);
    assert.equal(error.code, 'lecture-bad');
    assert.match(error.message, /is not a path inside the deck's folder and a stored file$/);
  }
  // A cast= pane's recording is looked up by the name the deck gives it, and read by its hash.
  for (const casts of [{ 'casts/a.cast': '../../../etc/passwd' }, { 'casts/a.cast': 42 }, []]) {
    writeFileSync(file, JSON.stringify({ ...original, casts }));
    const error = await readError(dir);
    assert.equal(error.code, 'lecture-bad');
    assert.match(error.message, /(is not a stored file|not a deck snapshot of version 1)$/);
  }
});

test('a pane\'s shells merged on the lecture clock: blank before, the hand-typed command as corrected, a restart on a reset terminal of its size', async (t) => {
  const { dir } = await writeLectureFixture(scratchDir(t, 'lecture-folder-'));
  const lecture = await readLecture(dir);
  const panes = paneSessions(lecture);
  assert.deepEqual([...panes.keys()].sort(), ['s3-t1', 's4-t1']);
  const map = idleMap(lectureActivities(lecture, panes), lecture.end, 5);
  assert.ok(map.cuts.length > 0, 'the break is shortened');
  const s = (ms: number) => map.shorten(ms);

  const demo = mergePaneSessions(panes.get('s3-t1')!, [{ t: T.step1, label: '1: Say hello.' }, { t: T.step2, label: '2: List the processes.' }], map, lecture.end);
  // Its shell ran until the end of the class: so does its recording, which a replay shows as live.
  assert.deepEqual(demo.events.at(-1), { time: s(lecture.end), code: 'o', data: '' });
  assert.ok(demo.events[0]!.time >= s(T.demoShell), 'nothing before the pane\'s first shell');
  assert.deepEqual(castMarkers(demo).map((marker) => [marker.time, marker.label]), [[s(T.step1), '1: Say hello.'], [s(T.step2), '2: List the processes.']]);
  const typing = await castToScreen(demo, { at: s(T.handTypedOutput) - 0.01 });
  assert.ok(typing.lines.some((line) => line.endsWith(`$ ${HAND_TYPED}`)), typing.lines.join('\n'));
  assert.ok(!typing.lines.some((line) => line.includes(HAND_TYPED_OUTPUT)), 'not what came later');
  const after = await castToScreen(demo, { at: s(T.handTypedOutput) });
  assert.ok(after.lines.includes(HAND_TYPED_OUTPUT));

  const stack = mergePaneSessions(panes.get('s4-t1')!, [], map, T.again);
  assert.equal(stack.header.cols, 80);
  assert.ok(stack.header.idleTimeLimit! > stack.events.at(-1)!.time, 'no pause of it is longer than its limit: no player shortens it again');
  const exited = await castToScreen(stack, { at: s(T.restart) - 0.01 });
  assert.ok(exited.lines.includes('student') && exited.lines.includes('exit'));
  const restarted = await castToScreen(stack, { at: s(T.restart) + 0.5 });
  assert.equal(restarted.cols, 100);
  assert.ok(!restarted.lines.includes('student'), 'the restart starts on a clean terminal');
  const again = await castToScreen(stack, { at: s(T.again) + 2 });
  assert.ok(again.lines.includes('again'));
});
