// The lecture site's clock (server/lecture/idle-map.ts, lecture-activity.ts): long silences
// shortened to the idle limit, everything on one shortened clock; what counts as activity (terminal
// output of a pane, a loud voice chunk) and what does not (a quiet chunk, a shell of no pane); and
// the chapters read from the positions (lecture-chapters.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LECTURE_VERSION, type LectureEvent, type ParsedLecture } from '../../common/lecture.js';
import type { Deck } from '../../server/deck/model.js';
import type { DeckSnapshot } from '../../server/lecture/deck-snapshot.js';
import { idleMap } from '../../server/lecture/idle-map.js';
import { lectureActivities, lectureStart } from '../../server/lecture/lecture-activity.js';
import { lectureSlides, MIN_CHAPTER } from '../../server/lecture/lecture-chapters.js';
import type { LectureFolder } from '../../server/lecture/lecture-reader.js';
import { paneSessions } from '../../server/lecture/pane-sessions.js';
import { cast } from '../helpers/terminal-state.js';

test('a gap longer than the limit keeps the limit and loses the rest; shorter ones stay', () => {
  const at = (t: number) => ({ from: t, to: t });
  const map = idleMap([at(1000), at(3000), at(20_000), at(21_000)], 30_000, 5);
  // 3 s -> 20 s is 17 s: 12 s cut after its first 5; 21 s -> the end at 30 s: 4 s cut.
  assert.deepEqual(map.cuts, [{ from: 8000, to: 20_000 }, { from: 26_000, to: 30_000 }]);
  assert.equal(map.shorten(0), 0);
  assert.equal(map.shorten(3000), 3);
  assert.equal(map.shorten(7999), 7.999);
  // Inside a cut: where the cut is.
  assert.equal(map.shorten(12_000), 8);
  assert.equal(map.shorten(20_000), 8);
  assert.equal(map.shorten(20_500), 8.5);
  assert.equal(map.shorten(30_000), 14);
  // The start counts as activity: a class that begins with a long silence is shortened too.
  assert.deepEqual(idleMap([at(60_000)], 60_000, 5).cuts, [{ from: 5000, to: 60_000 }]);
});

test('an activity that lasts (a voice chunk) covers its span; overlapping ones merge', () => {
  const map = idleMap([{ from: 1000, to: 9000 }, { from: 4000, to: 6000 }, { from: 20_000, to: 21_000 }], 21_000, 2);
  assert.deepEqual(map.cuts, [{ from: 11_000, to: 20_000 }]);
  assert.equal(map.shorten(21_000), 12);
});

test('limit 0 (or none) shortens nothing; the shortened clock never goes back', () => {
  const map = idleMap([{ from: 50_000, to: 50_000 }], 100_000, 0);
  assert.deepEqual(map.cuts, []);
  assert.equal(map.shorten(75_000), 75);
  const shortened = idleMap([{ from: 500, to: 500 }, { from: 9000, to: 9000 }, { from: 9100, to: 9100 }, { from: 30_000, to: 30_000 }], 40_000, 1.5);
  let previous = -1;
  for (let t = 0; t <= 40_000; t += 37) {
    const s = shortened.shorten(t);
    assert.ok(s >= previous, `${t} ms -> ${s} s, before ${previous}`);
    previous = s;
  }
});

test('a limit per gap: 5 s while the voice records, 30 s where it does not (the build\'s default)', () => {
  const at = (t: number) => ({ from: t, to: t });
  // The voice records for the first 30 s: a silence in it keeps 5 s; after it, 30 s.
  const limit = (from: number) => (from < 30_000 ? 5 : 30);
  const map = idleMap([at(2000), at(22_000), at(30_000), at(50_000), at(150_000)], 150_000, limit);
  assert.deepEqual(map.cuts, [{ from: 7000, to: 22_000 }, { from: 27_000, to: 30_000 }, { from: 80_000, to: 150_000 }]);
  assert.equal(map.shorten(50_000), 32);
});

test('the class begins at its start: what comes before is cut whole', () => {
  const at = (t: number) => ({ from: t, to: t });
  // The deck compiled at 0, the presenter opened it two minutes later.
  const map = idleMap([at(0), at(120_000), at(125_000)], 130_000, 5, 120_000);
  assert.deepEqual(map.cuts, [{ from: 0, to: 120_000 }]);
  assert.equal(map.shorten(0), 0);
  assert.equal(map.shorten(125_000), 5);
});

/** A lecture folder held in memory: a timeline, the casts of its sessions and one deck. */
function folder(events: Exclude<LectureEvent, { type: 'lecture' }>[], casts: LectureFolder['casts'] = new Map(), deck = deckOf(['Intro', 'Processes', null])): LectureFolder {
  const timeline: ParsedLecture = { header: { t: 0, type: 'lecture', version: LECTURE_VERSION, started: '2026-12-07T09:00:00+01:00', deck: 'deck.md', title: 'Test' }, events, truncated: false };
  const snapshot: DeckSnapshot = { version: 1, deck, files: {} };
  return { dir: '/nowhere', shown: 'nowhere', timeline, casts, snapshots: new Map([['a'.repeat(24), snapshot]]), end: events.at(-1)?.t ?? 0 };
}

function deckOf(titles: (string | null)[]): Deck {
  return {
    meta: { lang: 'en' },
    slides: titles.map((title, index) => ({ index, h: index, v: 0, title, terminals: [] })),
  } as unknown as Deck;
}

test('activity: positions, steps, sessions, decks, a pane\'s output and loud voice; not quiet voice nor a shell of no pane', () => {
  const shell = cast(80, 24, [{ time: 2, code: 'o', data: 'x' }, { time: 30, code: 'o', data: 'y' }]);
  const loose = cast(80, 24, [{ time: 10, code: 'o', data: 'noise' }]);
  const lecture = folder([
    { t: 0, type: 'deck', snapshot: 'a'.repeat(24) },
    { t: 1000, type: 'session-start', session: 's1', pane: 's2-t1', demo: null, cast: 'a.cast', cols: 80, rows: 24 },
    { t: 1000, type: 'session-start', session: 's2', pane: null, demo: null, cast: 'b.cast', cols: 80, rows: 24 },
    { t: 1500, type: 'voice-start', file: 'voice-1.webm', mime: 'audio/webm' },
    { t: 2500, type: 'voice-chunk', file: 'voice-1.webm', bytes: 100, level: 0.5 },
    { t: 40_000, type: 'voice-chunk', file: 'voice-1.webm', bytes: 200, level: 0.01 },
    { t: 60_000, type: 'voice-chunk', file: 'voice-1.webm', bytes: 300, level: 0.9 },
    { t: 60_000, type: 'end' },
  ], new Map([['a.cast', shell], ['b.cast', loose]]));
  const activities = lectureActivities(lecture, paneSessions(lecture));
  const spans = activities.map((a) => `${a.from}-${a.to}`).sort();
  // The loud first chunk covers from the segment's start (less than a second before it).
  assert.ok(spans.includes('1500-2500'));
  assert.ok(spans.includes('59000-60000'));
  assert.ok(spans.includes('3000-3000'), 'the pane\'s output, on the lecture clock (1 s + 2 s)');
  assert.ok(spans.includes('31000-31000'));
  assert.ok(!spans.includes('11000-11000'), 'the shell of no pane shows nowhere');
  assert.ok(!spans.some((span) => span.startsWith('39000')), 'a quiet chunk is silence');
  const map = idleMap(activities, 60_000, 5);
  assert.deepEqual(map.cuts, [{ from: 8000, to: 31_000 }, { from: 36_000, to: 59_000 }]);
  // The class begins with its first shell, not with the deck's compile.
  assert.equal(lectureStart(lecture), 1000);
});

test('chapters: one per visit (a slide shown twice has two), fragments are not visits, slides passed through are left out', () => {
  const position = (t: number, slide: number, f = -1): LectureEvent => ({ t, type: 'position', h: slide - 1, v: 0, f, slide });
  const lecture = folder([
    { t: 0, type: 'deck', snapshot: 'a'.repeat(24) },
    position(100, 1), position(5000, 2), position(6000, 2, 0),
    // Passing through slide 3 on the way to slide 1, then back to 2.
    position(8000, 3), position(8000 + MIN_CHAPTER * 1000 - 200, 1), position(15_000, 2, 0),
    position(20_000, 3),
  ] as Exclude<LectureEvent, { type: 'lecture' }>[]);
  const { positions, chapters } = lectureSlides(lecture, idleMap([], 20_000, 0));
  assert.equal(positions.length, 7);
  assert.deepEqual(positions[2], { time: 6, h: 1, v: 0, f: 0, slide: 2 });
  assert.deepEqual(chapters, [
    { time: 0.1, slide: 1, title: 'Intro' },
    { time: 5, slide: 2, title: 'Processes' },
    { time: 8.8, slide: 1, title: 'Intro' },
    { time: 15, slide: 2, title: 'Processes' },
    // A slide with no heading is named by its number; the last visit stays however short.
    { time: 20, slide: 3, title: 'Slide 3' },
  ]);
});
