// The lecture timeline's reader (common/lecture.ts) and the site's time helpers
// (common/lecture-site.ts): what a written timeline reads back as, what a killed server leaves, and
// the one-line errors at file:line for everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LectureError, lectureLine, parseLecture, type LectureEvent } from '../../common/lecture.js';
import { formatLectureTime, parseTimeHash } from '../../common/lecture-site.js';

const HEADER: LectureEvent = { t: 0, type: 'lecture', version: 1, started: '2026-12-07T09:30:00+01:00', deck: 'slides/cours.md', title: 'Cours' };
const EVENTS: LectureEvent[] = [
  { t: 12, type: 'deck', snapshot: '0123456789abcdef01234567' },
  { t: 40, type: 'position', h: 0, v: 0, f: -1, slide: 1 },
  { t: 5_000, type: 'session-start', session: 'a1', pane: 's2-t1', demo: 'processus', cast: 'processus-a1.cast', cols: 80, rows: 24 },
  { t: 5_200, type: 'step', session: 'a1', pane: 's2-t1', step: 0, state: 'typing' },
  { t: 5_900, type: 'step', session: 'a1', pane: 's2-t1', step: 0, state: 'done' },
  { t: 6_000, type: 'voice-start', file: 'voice-1.webm', mime: 'audio/webm;codecs=opus' },
  { t: 7_000, type: 'voice-chunk', file: 'voice-1.webm', bytes: 4_012, level: 0.25 },
  { t: 7_500, type: 'voice-end', file: 'voice-1.webm' },
  { t: 9_000, type: 'session-end', session: 'a1', cast: 'processus-a1.cast', status: 0 },
  { t: 9_000, type: 'session-start', session: 'b2', pane: null, demo: null, cast: 'shell-b2.cast', cols: 100, rows: 30 },
  { t: 9_500, type: 'session-end', session: 'b2', cast: 'shell-b2.cast', status: null },
  { t: 10_000, type: 'end' },
];

function timeline(events: LectureEvent[] = EVENTS): string {
  return [HEADER, ...events].map((event) => `${lectureLine(event)}\n`).join('');
}

function errorOf(text: string): string {
  try {
    parseLecture(text, 'rec/lecture.jsonl');
  } catch (error) {
    assert.ok(error instanceof LectureError, `a LectureError, not ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error.message;
  }
  assert.fail('the timeline was accepted');
}

test('every event written with lectureLine reads back as written', () => {
  const parsed = parseLecture(timeline());
  assert.deepEqual(parsed.header, HEADER);
  assert.deepEqual(parsed.events, EVENTS.slice());
  assert.equal(parsed.truncated, false);
});

test('a killed server: a cut last line is left out; a complete last line without its newline is kept', () => {
  const text = timeline();
  const cut = parseLecture(text.slice(0, text.length - 8));
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.events, EVENTS.slice(0, -1));
  const noNewline = parseLecture(text.slice(0, -1));
  assert.equal(noNewline.truncated, false);
  assert.deepEqual(noNewline.events, EVENTS);
});

test('what is not a timeline is an error at its line', () => {
  const lines = timeline().split('\n');
  const withLine = (n: number, line: string) => [...lines.slice(0, n - 1), line, ...lines.slice(n)].join('\n');
  assert.equal(errorOf(withLine(3, '{"t":40,"type":"position","h":0}')), 'rec/lecture.jsonl:3: position: missing "v"');
  assert.equal(errorOf(withLine(3, 'position 0 0')), 'rec/lecture.jsonl:3: not a JSON object');
  assert.equal(errorOf(withLine(3, '')), 'rec/lecture.jsonl:3: an empty line: each line is one event');
  assert.equal(errorOf(withLine(3, '{"t":40,"type":"slide"}')), 'rec/lecture.jsonl:3: unknown event type "slide"');
  assert.equal(errorOf(withLine(3, '{"t":40,"type":"end","why":"x"}')), 'rec/lecture.jsonl:3: end: unknown field "why"');
  assert.equal(errorOf(withLine(3, '{"t":-1,"type":"end"}')), 'rec/lecture.jsonl:3: "t" must be an integer of milliseconds since the lecture started');
  assert.equal(errorOf(withLine(4, '{"t":1,"type":"end"}')), 'rec/lecture.jsonl:4: time 1 ms is before the previous event\'s 40 ms');
  assert.equal(errorOf(withLine(1, lectureLine(EVENTS[0]!))), 'rec/lecture.jsonl:1: the first line must be the lecture\'s header ({"t":0,"type":"lecture",...})');
  assert.equal(errorOf(withLine(5, lectureLine(HEADER))), 'rec/lecture.jsonl:5: a second header: a timeline has one, on its first line');
  assert.equal(errorOf(''), 'rec/lecture.jsonl:1: empty: a timeline starts with the lecture\'s header');
  assert.match(errorOf(timeline().replace('"version":1', '"version":9')), /:1: version 9: this livedeck reads version 1$/);
  // A timeline names files of its folder, never paths: a crafted one cannot make the build read
  // (or publish) anything else.
  assert.match(errorOf(timeline().replace('"processus-a1.cast"', '"../../etc/passwd"')), /:4: session-start: bad "cast": "..\/..\/etc\/passwd"$/);
  assert.match(errorOf(timeline().replace('"voice-1.webm","mime"', '"/tmp/x.webm","mime"')), /:7: voice-start: bad "file"/);
  assert.match(errorOf(timeline().replace('"level":0.25', '"level":2')), /:8: voice-chunk: bad "level": 2$/);
});

test('#t= deep links: seconds, m:ss and h:mm:ss; anything else names no time', () => {
  assert.equal(parseTimeHash('#t=754'), 754);
  assert.equal(parseTimeHash('#t=754.5'), 754.5);
  assert.equal(parseTimeHash('#t=12:34'), 754);
  assert.equal(parseTimeHash('#t=1:02:03'), 3723);
  assert.equal(parseTimeHash('#/3/0&t=90'), 90);
  assert.equal(parseTimeHash('#t='), null);
  assert.equal(parseTimeHash('#t=abc'), null);
  assert.equal(parseTimeHash('#/3/0'), null);
  assert.equal(formatLectureTime(754), '12:34');
  assert.equal(formatLectureTime(3723.9), '1:02:03');
  assert.equal(formatLectureTime(-2), '0:00');
});
