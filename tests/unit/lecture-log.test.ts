// The lecture's timeline writer: nothing on disk until the lecture opens, then what waited with
// its own times; a folder or a disk that fails is one log line and never a throw into the server.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LECTURE_FILE, parseLecture, type LectureEvent } from '../../common/lecture.js';
import { LectureLog } from '../../server/lecture/lecture-log.js';
import { scratchDir } from '../helpers/scratch.js';

const HEADER: LectureEvent = { t: 0, type: 'lecture', version: 1, started: '2026-12-07T09:30:00.000+01:00', deck: 'deck.md', title: 'T' };

test('events wait in memory until the lecture opens, then are written with their own times, one line each', (t) => {
  const dir = join(scratchDir(t, 'livedeck-lecture-log-'), '2026-12-07_09-30-00');
  const lines: string[] = [];
  const log = new LectureLog({ dir, log: (line) => lines.push(line) });
  log.write(HEADER);
  log.write({ t: 40, type: 'deck', snapshot: 'a'.repeat(24) });
  assert.equal(existsSync(dir), false);
  assert.equal(log.open(), true);
  log.write({ t: 900, type: 'position', h: 1, v: 0, f: -1, slide: 2 });
  // Read while open: every line is already on disk.
  const lecture = parseLecture(readFileSync(join(dir, LECTURE_FILE), 'utf8'));
  assert.deepEqual(lecture.events.map((e) => [e.type, e.t]), [['deck', 40], ['position', 900]]);
  log.dispose();
  assert.deepEqual(lines, []);
});

test('a lecture that never opens leaves nothing', (t) => {
  const dir = join(scratchDir(t, 'livedeck-lecture-log-'), 'never');
  const log = new LectureLog({ dir, log: assert.fail });
  log.write(HEADER);
  log.dispose();
  assert.equal(existsSync(dir), false);
});

test('a folder that cannot be made: one log line, no throw, the rest dropped', (t) => {
  const scratch = scratchDir(t, 'livedeck-lecture-log-');
  writeFileSync(join(scratch, 'a-file'), '');
  const lines: string[] = [];
  const log = new LectureLog({ dir: join(scratch, 'a-file', 'lecture'), log: (line) => lines.push(line) });
  log.write(HEADER);
  assert.equal(log.open(), false);
  log.write({ t: 5, type: 'end' });
  log.dispose();
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /lecture timeline .*a-file\/lecture\/lecture\.jsonl stopped: ENOTDIR/);
});

test('a full disk: one log line at the first failed write, no throw', (t) => {
  const dir = scratchDir(t, 'livedeck-lecture-log-');
  symlinkSync('/dev/full', join(dir, LECTURE_FILE));
  const lines: string[] = [];
  const log = new LectureLog({ dir, log: (line) => lines.push(line) });
  log.write(HEADER);
  assert.equal(log.open(), false);
  log.write({ t: 5, type: 'position', h: 0, v: 0, f: -1, slide: 1 });
  log.write({ t: 6, type: 'end' });
  log.dispose();
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /stopped: ENOSPC/);
});
