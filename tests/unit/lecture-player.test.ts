// The lecture player's logic that runs without a browser (client/lecture/): what the class showed at
// a time (position, chapter, page, voice segment), [ ] between chapters, the clock at its speeds,
// #t= links both ways, and search matching. The player itself is pinned in Chromium
// (tests/e2e/lecture-player.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LectureChapter, LecturePosition, LectureSearchEntry } from '../../common/lecture-site.js';
import { LectureClock } from '../../client/lecture/clock.js';
import { readTimeLink, timeHash } from '../../client/lecture/deep-link.js';
import { foldText, matchRange, MAX_RESULTS, searchEntries } from '../../client/lecture/search.js';
import { chapterAt, lastAtOrBefore, nextChapterTime, pageAt, positionAt, previousChapterTime, voiceAt } from '../../client/lecture/timeline.js';

const positions: LecturePosition[] = [
  { time: 0.2, h: 0, v: 0, f: -1, slide: 1 },
  { time: 4, h: 1, v: 0, f: -1, slide: 2 },
  { time: 6, h: 1, v: 0, f: 0, slide: 2 },
  { time: 9, h: 2, v: 0, f: -1, slide: 3 },
  // Two moves at one time: the last one is where the deck stayed.
  { time: 12, h: 2, v: 0, f: 0, slide: 3 },
  { time: 12, h: 2, v: 0, f: 1, slide: 3 },
];
const chapters: LectureChapter[] = [
  { time: 0.2, slide: 1, title: 'Title' },
  { time: 4, slide: 2, title: 'Processes' },
  { time: 9, slide: 3, title: 'A demo' },
  { time: 20, slide: 2, title: 'Processes' },
];

test('positionAt: the last move at or before the time; before the first, the first', () => {
  // Every time against a scan of the list, as the player must see it.
  for (let step = 0; step <= 280; step++) {
    const time = step / 20;
    const scanned = positions.filter((p) => p.time <= time).at(-1) ?? positions[0];
    assert.deepEqual(positionAt(positions, time), scanned, `at ${time}`);
  }
  assert.deepEqual(positionAt(positions, 12), positions[5]);
  assert.equal(positionAt([], 3), null);
});

test('lastAtOrBefore agrees with a scan on random sorted lists', () => {
  for (let round = 0; round < 200; round++) {
    const times = Array.from({ length: round % 17 }, () => Math.floor(Math.random() * 20)).sort((a, b) => a - b);
    const probe = Math.random() * 22 - 1;
    let expected = -1;
    times.forEach((time, index) => { if (time <= probe) expected = index; });
    assert.equal(lastAtOrBefore(times, probe, (t) => t), expected, `${probe} in ${times}`);
  }
});

test('chapterAt, pageAt, voiceAt', () => {
  assert.equal(chapterAt(chapters, 0), -1, 'before the first chapter');
  assert.equal(chapterAt(chapters, 4), 1);
  assert.equal(chapterAt(chapters, 25), 3, 'a slide shown twice is its second visit then');
  const pages = [{ file: 'index.html', from: 0, version: 0, deck: null }, { file: 'page-2.html', from: 32.6, version: 1, deck: null }];
  assert.equal(pageAt(pages, 0), 0);
  assert.equal(pageAt(pages, 32.59), 0);
  assert.equal(pageAt(pages, 32.6), 1);
  const voice = [{ file: 'voice/0.webm', from: 1, to: 10 }, { file: 'voice/1.webm', from: 15, to: 30 }];
  assert.equal(voiceAt(voice, 0.5), -1);
  assert.equal(voiceAt(voice, 1), 0);
  assert.equal(voiceAt(voice, 10), -1, 'a segment ends before its `to`');
  assert.equal(voiceAt(voice, 12), -1, 'between segments: no voice');
  assert.equal(voiceAt(voice, 29.9), 1);
  assert.equal(voiceAt([], 3), -1);
});

test('] goes to the next chapter; [ to the current one\'s start, or the one before when at it or just past it while playing', () => {
  assert.equal(nextChapterTime(chapters, 0), 0.2);
  assert.equal(nextChapterTime(chapters, 4), 9, 'at a chapter\'s start: the next one');
  assert.equal(nextChapterTime(chapters, 25), null, 'after the last');
  assert.equal(previousChapterTime(chapters, 12, false), 9, 'inside a chapter: its start');
  assert.equal(previousChapterTime(chapters, 9, false), 4, 'at its start: the one before');
  assert.equal(previousChapterTime(chapters, 10, true), 4, 'playing, a chapter reached a second ago counts as reached');
  assert.equal(previousChapterTime(chapters, 13, true), 9);
  assert.equal(previousChapterTime(chapters, 0.2, false), 0, 'before the first chapter: the start');
});

test('the clock runs at its speed from where it was put, and stops at the end', () => {
  let now = 1000;
  const clock = new LectureClock(60, () => now);
  assert.equal(clock.time, 0);
  clock.seek(10);
  now += 5000;
  assert.equal(clock.time, 10, 'paused, it stands still');
  clock.play();
  now += 2000;
  assert.equal(clock.time, 12);
  clock.setSpeed(2);
  now += 1000;
  assert.equal(clock.time, 14, 'a new speed counts from the moment it is set');
  clock.setSpeed(0.75);
  now += 4000;
  assert.equal(clock.time, 17);
  clock.pause();
  now += 3000;
  assert.equal(clock.time, 17);
  clock.seek(59);
  clock.play();
  now += 10_000;
  assert.equal(clock.time, 60, 'never past the end');
  clock.seek(-3);
  assert.equal(clock.time, 0);
});

test('#t= links: read in both forms with or without &play; written in whole seconds or exact', () => {
  assert.deepEqual(readTimeLink('#t=754'), { time: 754, play: false });
  assert.deepEqual(readTimeLink('#t=12:34'), { time: 754, play: false });
  assert.deepEqual(readTimeLink('#t=32.615&play'), { time: 32.615, play: true });
  assert.deepEqual(readTimeLink('#play&t=1:00'), { time: 60, play: true });
  assert.equal(readTimeLink('#/3/1'), null, 'reveal.js\'s slide links are not times');
  assert.equal(readTimeLink(''), null);
  assert.equal(timeHash(754.9), '#t=754');
  assert.equal(timeHash(32.6154, { exact: true, play: true }), '#t=32.615&play');
  for (const time of [0, 12.5, 754.25, 3723.125]) assert.equal(readTimeLink(timeHash(time, { exact: true }))!.time, time);
});

test('search: every word, case and accents ignored, words\' starts first, in time order, bounded', () => {
  const entries: LectureSearchEntry[] = [
    { time: 30, kind: 'terminal', slide: 3, pane: 's3-t1', text: 'student@lab:~$ ls -la' },
    { time: 4, kind: 'slide', slide: 2, text: 'Processus et Sécurité: un processus exécute un programme' },
    { time: 20, kind: 'slide', slide: 2, text: 'Processus et Sécurité: un processus exécute un programme' },
    { time: 12, kind: 'terminal', slide: 3, pane: 's3-t1', text: '4318 pts/3 00:00:00 ps' },
  ];
  const times = (query: string) => searchEntries(entries, query).moments.map((e) => e.time);
  assert.deepEqual(times('LS  -LA'), [30]);
  assert.deepEqual(times('securite processus'), [4, 20], 'each visit is a moment');
  assert.deepEqual(times('processus bash'), [], 'every word must be there');
  assert.deepEqual(times('   '), []);
  // A word found inside another ("rfkill") comes after the moments where it starts a word, however
  // early: a boot log full of rfkill lines must not push the kill commands out of the list.
  const boot = Array.from({ length: MAX_RESULTS + 20 }, (_, i) => ({ time: i, kind: 'terminal' as const, slide: 7, pane: 's7-t1', text: `[ ${i}.5] rfkill: enabling device` }));
  const kills = [{ time: 958, kind: 'terminal' as const, slide: 8, pane: 's8-t1', text: 'root@livedeck:processus# kill -STOP %1' }, { time: 805, kind: 'slide' as const, slide: 8, text: 'La commande kill permet' }];
  const found = searchEntries([...boot, ...kills], 'KILL');
  assert.deepEqual(found.moments.slice(0, 3).map((e) => e.time), [805, 958, 0]);
  assert.equal(found.moments.length, MAX_RESULTS, 'bounded');
  assert.equal(found.total, MAX_RESULTS + 22, 'and how many there are in all');
  assert.deepEqual(searchEntries([...boot, ...kills], 'kill stop').moments.map((e) => e.time), [958]);
  assert.equal(matchRange('rfkill: then kill', 'kill')![0], 13, 'the word\'s start is what is shown');
  assert.equal(foldText('Éléphant  Ça'), 'elephant ca');
  const text = 'Un processus exécute un programme';
  assert.deepEqual(matchRange(text, 'EXECUTE'), [13, 20]);
  assert.equal(text.slice(13, 20), 'exécute');
  assert.equal(matchRange(text, 'absent'), null);
});
