// `livedeck lectures`: lists the lectures under recordings/ (a real one recorded by a dev server,
// hand-written ones: with voice, interrupted, malformed), oldest first, as a table and as JSON; an
// unreadable timeline is listed with its file:line error instead of stopping the list; no lectures
// is one line and exit 0.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { lectureLine, LECTURE_FILE, type LectureEvent } from '../../common/lecture.js';
import { DevServer } from '../../server/http/dev-server.js';
import type { LectureListing, LectureSummary } from '../../server/lecture/lecture-list.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { PROMPT, TermClient } from './helpers/term-client.js';

const HEADER = { t: 0, type: 'lecture', version: 1, deck: 'talk/deck.md', title: 'By hand' } as const;

/** A lecture folder written by hand: its timeline's lines (and other files). */
function writeLecture(root: string, name: string, lines: string[], files: Record<string, string> = {}): void {
  mkdirSync(join(root, name), { recursive: true });
  writeFileSync(join(root, name, LECTURE_FILE), lines.map((line) => `${line}\n`).join(''));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, name, file), text);
}

const line = (event: LectureEvent) => lectureLine(event);

/** A lecture recorded by a real `livedeck dev`: four slides shown, one shell, a clean stop. */
async function recordLecture(scratch: string): Promise<void> {
  cpSync(join(ROOT, 'tests/fixtures/lecture-live'), join(scratch, 'talk'), { recursive: true });
  const server = new DevServer({ deck: join(scratch, 'talk', 'deck.md'), host: '127.0.0.1', port: 0, token: null, watch: false, recordings: join(scratch, 'recordings'), log: (text) => assert.fail(text) });
  const base = new URL(await server.start());
  try {
    const sync = new WebSocket(`ws://${base.host}/sync`, { origin: `http://${base.host}` });
    await new Promise((resolve) => sync.once('open', resolve));
    sync.send(JSON.stringify({ type: 'hello', token: server.tokens.presenter }));
    for (const [h, v] of [[0, 0], [1, 0], [1, 1], [1, 0], [3, 0]] as const) {
      sync.send(JSON.stringify({ type: 'goto', h, v, f: -1 }));
      await sleep(50);
    }
    const shell = await TermClient.connect(`ws://${base.host}/term`, { token: server.tokens.presenter, pane: 's5-t1', origin: `http://${base.host}` });
    await shell.waitFor(PROMPT);
    await shell.run('echo listed', /listed\r\n/);
    sync.close();
    shell.ws.terminate();
  } finally {
    await server.dispose();
  }
}

test('livedeck lectures lists recorded and hand-written lectures, oldest first, with their errors', async (t) => {
  const scratch = scratchDir(t, 'livedeck-lectures-');
  const root = join(scratch, 'recordings');

  // Nothing recorded yet: one line, exit 0.
  let result = runCli(['lectures'], { cwd: scratch });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'no recordings/ folder here: present a deck with `livedeck dev` and each launch records one there\n');
  mkdirSync(root);
  result = runCli(['lectures', root], { cwd: scratch });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^no lectures in .*recordings\/: present a deck with `livedeck dev`/);
  assert.equal(runCli(['lectures', '--json'], { cwd: scratch }).stdout, '[]\n');

  await recordLecture(scratch);

  // With voice (two segments: 2.5 s ended, 1.5 s cut by a kill), two terminals and a restart, the
  // clean end an hour and a bit later.
  writeLecture(root, '2020-01-02_10-00-00', [
    line({ ...HEADER, started: '2020-01-02T10:00:00.000+01:00' }),
    line({ t: 5, type: 'position', h: 0, v: 0, f: -1, slide: 1 }),
    line({ t: 100, type: 'voice-start', file: 'voice-1.webm', mime: 'audio/webm;codecs=opus' }),
    line({ t: 1100, type: 'voice-chunk', file: 'voice-1.webm', bytes: 4000, level: 0.5 }),
    line({ t: 2000, type: 'session-start', session: 'aaaa', pane: 's2-t1', demo: null, cast: 'shell-aaaa.cast', cols: 80, rows: 24 }),
    line({ t: 2100, type: 'voice-chunk', file: 'voice-1.webm', bytes: 8000, level: 0.2 }),
    line({ t: 2600, type: 'voice-end', file: 'voice-1.webm' }),
    line({ t: 3000, type: 'position', h: 1, v: 0, f: 2, slide: 2 }),
    line({ t: 3500, type: 'session-end', session: 'aaaa', cast: 'shell-aaaa.cast', status: 130 }),
    line({ t: 3600, type: 'session-start', session: 'aaaa', pane: 's2-t1', demo: null, cast: 'shell-aaaa.2.cast', cols: 80, rows: 24 }),
    line({ t: 4000, type: 'session-start', session: 'bbbb', pane: null, demo: null, cast: 'shell-bbbb.cast', cols: 80, rows: 24 }),
    line({ t: 5000, type: 'position', h: 0, v: 0, f: -1, slide: 1 }),
    line({ t: 6000, type: 'voice-start', file: 'voice-2.webm', mime: 'audio/webm;codecs=opus' }),
    line({ t: 7500, type: 'voice-chunk', file: 'voice-2.webm', bytes: 6000, level: 0.1 }),
    line({ t: 3_723_000, type: 'end' }),
  ]);
  // Killed: the last event at 2 s, but its shell's cast goes on to 65.5 s (its last line cut).
  writeLecture(root, '2020-01-01_09-00-00', [
    line({ ...HEADER, started: '2020-01-01T09:00:00.000-05:00' }),
    line({ t: 1000, type: 'session-start', session: 'cccc', pane: 's1-t1', demo: null, cast: 'shell-cccc.cast', cols: 80, rows: 24 }),
    line({ t: 2000, type: 'position', h: 0, v: 0, f: -1, slide: 1 }),
  ], { 'shell-cccc.cast': '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "$ "]\n[64.5, "o", "done\\r\\n"]\n[70.1, "o", "cut sh' });
  // A line edited by hand: listed with its file and line.
  writeLecture(root, '2020-01-03_08-00-00', [
    line({ ...HEADER, started: '2020-01-03T08:00:00.000+00:00' }),
    line({ t: 10, type: 'position', h: 0, v: 0, f: -1, slide: 1 }),
    '{"t": 20, "type": "position", "h": 1}',
  ]);
  // Casts only (a launch from before lectures): not a lecture.
  mkdirSync(join(root, '2019-12-31_23-59-59'));
  writeFileSync(join(root, '2019-12-31_23-59-59', 'shell-x.cast'), '{"version": 2, "width": 80, "height": 24}\n');

  result = runCli(['lectures'], { cwd: scratch });
  assert.equal(result.status, 0, result.stderr);
  const rows = result.stdout.trimEnd().split('\n');
  for (const row of rows) t.diagnostic(row);
  assert.match(rows[0]!, /^LECTURE\s+STARTED\s+DURATION\s+SLIDES\s+VOICE\s+TERMINALS$/);
  assert.equal(rows.length, 5);
  assert.match(rows[1]!, /^2020-01-01_09-00-00\s+2020-01-01 09:00\s+0:01:05\s+1\/\?\s+no\s+1\s+interrupted$/);
  assert.match(rows[2]!, /^2020-01-02_10-00-00\s+2020-01-02 10:00\s+1:02:03\s+2\/\?\s+yes 0:00:04\s+2$/);
  assert.equal(rows[3], `2020-01-03_08-00-00  error: ${join('recordings', '2020-01-03_08-00-00', LECTURE_FILE)}:3: position: missing "v"`);
  // The recorded one, newest: 4 of the deck's 5 slides (one shown twice), its shell, a clean end.
  assert.match(rows[4]!, /^\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+0:00:0\d\s+4\/5\s+no\s+1$/);
  // The columns line up.
  const durationAt = rows[0]!.indexOf('DURATION');
  for (const row of [rows[1], rows[2], rows[4]]) assert.match(row!.slice(durationAt), /^\d:\d\d:\d\d /);

  const listed = JSON.parse(runCli(['lectures', '--json', 'recordings'], { cwd: scratch }).stdout) as LectureListing[];
  assert.equal(listed.length, 4);
  const [killed, voiced, broken, recorded] = listed as [LectureSummary, LectureSummary, LectureListing, LectureSummary];
  assert.deepEqual({ ...voiced, dir: null }, {
    name: '2020-01-02_10-00-00', dir: null, started: '2020-01-02T10:00:00.000+01:00', title: 'By hand', durationMs: 3_723_000,
    slidesShown: 2, slidesTotal: null, voiceMs: 2500 + 1500, terminals: 2, interrupted: false,
  });
  assert.equal(killed.durationMs, 1000 + 64_500);
  assert.equal(killed.interrupted, true);
  assert.match((broken as { error: string }).error, /lecture\.jsonl:3: position: missing "v"$/);
  assert.equal(recorded.title, 'A recorded lecture');
  assert.deepEqual([recorded.slidesShown, recorded.slidesTotal, recorded.terminals, recorded.interrupted, recorded.voiceMs], [4, 5, 1, false, null]);

  // One lecture's folder on its own lists that lecture.
  const one = JSON.parse(runCli(['lectures', '--json', join(root, '2020-01-01_09-00-00')], { cwd: scratch }).stdout) as LectureListing[];
  assert.deepEqual(one.map((l) => l.name), ['2020-01-01_09-00-00']);
  // A file is not a recordings folder.
  result = runCli(['lectures', join(root, '2020-01-01_09-00-00', LECTURE_FILE)], { cwd: scratch });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /lecture\.jsonl is not a folder/);
});
