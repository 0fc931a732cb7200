// The lecture player in real Chromium: a recorded class (tests/helpers/lecture-fixture.ts: a demo's
// steps, a command typed by hand, a restarted shell, a live reload that made a second deck
// snapshot, the voice from a real MediaRecorder WebM) built by the real `livedeck build --lecture`
// and opened from file://. At each moment asked for (a seek, #t= in both forms, a hashchange) the
// deck shows the slide and fragment of the site's timeline, and a pane shows what had been typed
// by then and nothing later; a time of the other snapshot shows it in the same page (its slides
// and panes swapped in, no page loaded), or opens its own page where it has one; moving the deck by
// hand pauses the lecture and "back to the lecture" resumes it where it was; [ ] go by chapter;
// the speed sets the clock's rate, the panes' with it; search finds slide text and the command
// typed by hand, and jumps there; the voice is at the player's time within 0.1 s after seeks and
// playing at 2x. Every page must have no error.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { LECTURE_DATA_SCRIPT, LECTURE_GLOBAL, type LecturePosition, type LectureSiteData } from '../../common/lecture-site.js';
import type { LectureHandle } from '../../client/lecture/player.js';
import { positionAt } from '../../client/lecture/timeline.js';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { closeBrowser, openPage, type WatchedPage } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURE_TIMES, HAND_TYPED, HAND_TYPED_OUTPUT, RELOADED_TITLE, writeLectureFixture } from '../helpers/lecture-fixture.js';

type PageWindow = Window & { livedeck?: LivedeckHandle & { lecture?: LectureHandle } };

/** The demo's pane (slide 3) and the hand-typed shell's (slide 4). */
const DEMO = 's3-t1';

let dir: string;
let site: string;
let data: LectureSiteData;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-lecture-player-'));
  // The teacher's voice: a real MediaRecorder WebM's frames make the class's two voice segments.
  const fixture = await writeLectureFixture(dir, { reload: true, voice: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'voice', 'tone-4s.webm')) });
  site = join(dir, 'site');
  const result = runCli(['build', '--lecture', fixture.dir, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  // The site's own data, as the player reads it: what every expectation below is computed from.
  data = readSiteData(site);
  assert.equal(data.pages.length, 2, 'the reload made a second page');
  assert.ok(data.voice.length > 0 && data.voice[0]!.from > 0.6, 'a voice, starting after a moment without one');
});

after(async () => {
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

const DATA_PREFIX = `globalThis.${LECTURE_GLOBAL} = `;

function readSiteData(folder: string): LectureSiteData {
  const script = readFileSync(join(folder, LECTURE_DATA_SCRIPT), 'utf8');
  return JSON.parse(script.slice(script.indexOf(DATA_PREFIX) + DATA_PREFIX.length).replace(/;\s*$/, '')) as LectureSiteData;
}

function url(file: string, hash = ''): string {
  return pathToFileURL(join(site, file)).href + hash;
}

/** Opens a page of the site and waits for its lecture player. */
async function open(file: string, hash = ''): Promise<WatchedPage> {
  const watched = await openPage(url(file, hash));
  await lectureReady(watched.page);
  return watched;
}

async function lectureReady(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ld-lecture="ready"]', { state: 'attached', timeout: 10_000 });
  await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.shown());
}

interface Shown {
  time: number;
  playing: boolean;
  following: boolean;
  h: number;
  v: number;
  f: number;
  /** Whether the slide shown has fragments (its f means something). */
  fragments: boolean;
  title: string;
}

/** Where the player and the deck are, once they show the player's time. */
function shown(page: Page): Promise<Shown> {
  return page.evaluate(async () => {
    const lecture = (window as PageWindow).livedeck!.lecture!;
    await lecture.shown();
    const { h, v, f } = window.Reveal.getIndices();
    const slide = window.Reveal.getCurrentSlide();
    return {
      time: lecture.time,
      playing: lecture.playing,
      following: lecture.following,
      h,
      v: v ?? 0,
      f: f ?? -1,
      fragments: slide.querySelector('.fragment') !== null,
      title: slide.querySelector('h1, h2')?.textContent ?? '',
    };
  });
}

async function seek(page: Page, time: number): Promise<Shown> {
  await page.evaluate((t) => (window as PageWindow).livedeck!.lecture!.seek(t), time);
  return shown(page);
}

function assertAt(actual: Shown, expected: LecturePosition, what: string): void {
  assert.deepEqual({ h: actual.h, v: actual.v }, { h: expected.h, v: expected.v }, `${what}: the slide`);
  if (actual.fragments) assert.equal(actual.f, expected.f, `${what}: the fragment`);
}

/** The pane's whole text, once what its player wrote is on the terminal. */
function paneText(page: Page, pane: string): Promise<string> {
  return page.evaluate(async (id) => {
    const handle = (window as PageWindow).livedeck!.panes.get(id)!;
    await handle.written();
    return handle.text();
  }, pane);
}

/** Milliseconds from a seek to the slide, its panes and the voice showing its time. */
function timedSeek(page: Page, time: number): Promise<number> {
  return page.evaluate(async (t) => {
    const lecture = (window as PageWindow).livedeck!.lecture!;
    const start = performance.now();
    lecture.seek(t);
    await lecture.shown();
    return performance.now() - start;
  }, time);
}

function version(page: Page): Promise<number> {
  return page.evaluate(() => (window as PageWindow).livedeck!.lecture!.version);
}

function noErrors(watched: WatchedPage): void {
  assert.deepEqual(watched.errors, []);
}

/** The first time of the second page (the snapshot after the reload). */
function secondPageFrom(): number {
  return data.pages[1]!.from;
}

describe('following the timeline', () => {
  let watched: WatchedPage;
  before(async () => {
    watched = await open('index.html');
  });
  after(async () => {
    await watched?.page.context().close();
  });

  test('at each seek point the deck shows the slide and fragment of that time', async () => {
    const { page } = watched;
    // Each position's own time, a moment inside it, and back again (seeks go both ways).
    const times = data.positions.filter((p) => p.time < secondPageFrom()).flatMap((p) => [p.time, p.time + 0.4]);
    for (const time of [...times, ...[...times].reverse()]) {
      const at = await seek(page, time);
      assert.ok(Math.abs(at.time - time) < 1e-6, `the player is at ${time}, not ${at.time}`);
      assert.equal(at.following, true);
      assertAt(at, positionAt(data.positions, time)!, `at ${time} s`);
    }
    noErrors(watched);
  });

  test('the demo pane shows what was typed by then, and nothing typed later', async () => {
    const { page } = watched;
    const T = FIXTURE_TIMES;
    // Before the cut (the break after 16.5 s) the site's clock is the class's.
    await seek(page, (T.step2 + 700) / 1000);
    let text = await paneText(page, DEMO);
    assert.match(text, /PID TTY/, 'the second step\'s output');
    assert.doesNotMatch(text, /ls -l/, 'not the command typed later');
    await seek(page, (T.handTyped + 500) / 1000);
    text = await paneText(page, DEMO);
    assert.match(text, /\$ ls -lq$/m, 'the command as it was on the screen then, its typo not corrected yet');
    assert.ok(!text.includes(HAND_TYPED_OUTPUT), 'not its output yet');
    await seek(page, (T.handTypedOutput + 300) / 1000);
    text = await paneText(page, DEMO);
    assert.ok(text.includes(`$ ${HAND_TYPED}`), 'the corrected command');
    assert.ok(text.includes(HAND_TYPED_OUTPUT), 'its output');
    // Back before it: gone again.
    await seek(page, (T.step1 + 1500) / 1000);
    text = await paneText(page, DEMO);
    assert.match(text, /bonjour/);
    assert.doesNotMatch(text, /PID TTY|ls -l/);
    noErrors(watched);
  });

  test('[ and ] go to the previous and next chapter; arrows seek 5 s', async () => {
    const { page } = watched;
    const chapters = data.chapters.map((c) => c.time);
    const inside = chapters[2]! + 0.5;
    await seek(page, inside);
    await page.keyboard.press(']');
    let at = await shown(page);
    assert.equal(at.time, chapters[3], '] goes to the next chapter');
    assertAt(at, positionAt(data.positions, chapters[3]!)!, 'after ]');
    await page.keyboard.press('[');
    at = await shown(page);
    assert.equal(at.time, chapters[2], '[ goes to the chapter before');
    await page.keyboard.press('[');
    assert.equal((await shown(page)).time, chapters[1]);
    await page.keyboard.press('ArrowRight');
    assert.ok(Math.abs((await shown(page)).time - (chapters[1]! + 5)) < 1e-6, '→ seeks 5 s on');
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs((await shown(page)).time - chapters[1]!) < 1e-6, '← seeks 5 s back');
    noErrors(watched);
  });

  test('the speed sets the clock\'s rate, and the panes play at it', async () => {
    const { page } = watched;
    await seek(page, FIXTURE_TIMES.demo / 1000);
    for (const speed of [2, 0.75]) {
      const rate = await page.evaluate(async (s) => {
        const lecture = (window as PageWindow).livedeck!.lecture!;
        lecture.setSpeed(s);
        lecture.play();
        await lecture.shown();
        const [t0, c0] = [performance.now(), lecture.time];
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const rate = (lecture.time - c0) / ((performance.now() - t0) / 1000);
        lecture.pause();
        return rate;
      }, speed);
      assert.ok(Math.abs(rate - speed) < 0.15 * speed, `at ${speed}x the clock ran at ${rate}x`);
      const pane = await page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.speed, DEMO);
      assert.equal(pane, speed, 'the pane plays at the lecture\'s speed');
    }
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.setSpeed(1));
    noErrors(watched);
  });
});

describe('deep links', () => {
  test('#t=SECONDS and #t=M:SS open the class at that moment, as does a new hash', async () => {
    // A whole second after the second step's output, so that both forms name it.
    const time = Math.ceil((FIXTURE_TIMES.step2 + 600) / 1000);
    const minutes = `${Math.floor(time / 60)}:${String(time % 60).padStart(2, '0')}`;
    for (const hash of [`#t=${time}`, `#t=${minutes}`]) {
      const watched = await open('index.html', hash);
      const at = await shown(watched.page);
      assert.equal(at.time, time, hash);
      assert.equal(at.playing, false, 'a link shows its moment, it does not start playing');
      assertAt(at, positionAt(data.positions, at.time)!, hash);
      assert.match(await paneText(watched.page, DEMO), /PID TTY/, `${hash}: the pane at that moment`);
      // The student edits the address.
      await watched.page.evaluate(() => { location.hash = '#t=0:05'; });
      await watched.page.waitForFunction(() => (window as PageWindow).livedeck!.lecture!.time === 5);
      assertAt(await shown(watched.page), positionAt(data.positions, 5)!, 'after a hashchange');
      noErrors(watched);
      await watched.page.context().close();
    }
  });

  test('a time of the deck as reloaded is shown in this page, no page loaded: its slides, its panes replaying; back before it, the first version', async (t) => {
    const watched = await open('index.html', '#t=3');
    const { page } = watched;
    assert.deepEqual(data.pages.map((p) => [p.file, p.version]), [['index.html', 0], ['index.html', 1]], 'both versions share index.html');
    await page.evaluate(() => { (window as Window & { ldMarker?: number }).ldMarker = 42; });
    const reloaded = data.chapters.find((c) => c.title === RELOADED_TITLE);
    assert.ok(reloaded, 'the reloaded slide is a chapter of its own');
    const before = data.chapters.find((c) => c.title === 'Processes')!;
    const demoAgain = data.positions.at(-1)!.time + 0.3;
    const across: number[] = [];
    for (let round = 0; round < 4; round++) {
      // The slide as reloaded, then the demo's pane as the class had it by then.
      across.push(await timedSeek(page, reloaded.time));
      let at = await shown(page);
      assert.equal(at.title, RELOADED_TITLE, 'the slide as it was after the reload');
      assertAt(at, positionAt(data.positions, reloaded.time)!, 'in the reloaded version');
      assert.equal(await version(page), 1);
      across.push(await timedSeek(page, demoAgain));
      assertAt(await shown(page), positionAt(data.positions, demoAgain)!, 'the demo, reloaded');
      const text = await paneText(page, DEMO);
      assert.ok(text.includes(HAND_TYPED_OUTPUT) && /PID TTY/.test(text), `the demo's pane replays the class in the new version: ${text}`);
      // Its spec is the same in both versions: the pane goes on across the swaps (its box, its
      // terminal), moved into each version's slides, not made anew.
      const box = await page.evaluate((id) => {
        const element = document.getElementById(id) as HTMLElement & { ldSeen?: boolean };
        const seen = element.ldSeen === true;
        element.ldSeen = true;
        return {
          seen,
          boxes: document.querySelectorAll(`#${id}`).length,
          terminals: element.querySelectorAll('.xterm').length,
          steps: element.querySelectorAll(':scope > .ld-terminal-step').length,
          allSteps: document.querySelectorAll(`.ld-terminal-step[data-pane="${id}"]`).length,
        };
      }, DEMO);
      assert.equal(box.seen, round > 0, `round ${round}: the demo's box ${round > 0 ? 'kept' : 'first seen'}`);
      assert.equal(box.boxes, 1, 'one box');
      assert.equal(box.terminals, 1, 'one terminal in it');
      assert.ok(box.steps > 0 && box.steps === box.allSteps, `its step fragments, once: ${box.steps} of ${box.allSteps}`);
      // Back before the reload: the first version's slide.
      across.push(await timedSeek(page, before.time + 0.2));
      at = await shown(page);
      assert.equal(at.title, 'Processes');
      assert.equal(await version(page), 0);
      assertAt(at, positionAt(data.positions, before.time + 0.2)!, 'back in the first version');
    }
    assert.equal(await page.evaluate(() => (window as Window & { ldMarker?: number }).ldMarker), 42, 'the same page all along');
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
    assert.ok(page.url().startsWith(url('index.html')), page.url());
    const sorted = [...across].sort((a, b) => a - b);
    t.diagnostic(`seek across versions, in the page (${across.length} seeks): median ${sorted[sorted.length >> 1]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    // A loose bound (the machine is shared): a page load took 300-560 ms in bench/lecture.ts.
    assert.ok(sorted[sorted.length >> 1]! < 2000, `seeks across versions took ${across.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    // Played across the reload: the new version comes in as the lecture plays on.
    await seek(page, secondPageFrom() - 0.4);
    assert.equal(await version(page), 0);
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.play());
    await page.waitForFunction(() => (window as PageWindow).livedeck!.lecture!.version === 1, undefined, { timeout: 5000 });
    assert.equal((await shown(page)).playing, true, 'playing on in the new version');
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.pause());
    const sought = positionAt(data.positions, secondPageFrom() + 1)!.time + 0.2;
    await seek(page, sought);
    assert.equal(await page.evaluate(() => location.hash), `#t=${Math.floor(sought)}`, 'paused or sought, the address keeps the time');
    assert.equal(await page.evaluate(() => (window as Window & { ldMarker?: number }).ldMarker), 42);
    noErrors(watched);
    await page.context().close();
  });

  test('a link to a time of the reloaded version opens index.html there', async () => {
    const reloaded = data.chapters.find((c) => c.title === RELOADED_TITLE)!;
    const time = Math.ceil(reloaded.time);
    const watched = await open('index.html', `#t=${time}`);
    const at = await shown(watched.page);
    assert.equal(at.time, time);
    assert.equal(at.title, RELOADED_TITLE);
    assert.equal(await version(watched.page), 1);
    noErrors(watched);
    await watched.page.context().close();
  });
});

describe('a phone held upright', () => {
  test('one slide at a time (no scroll view), swaps between versions, the whole bar on screen, a panel over the slides', async () => {
    const watched = await openPage(url('index.html', '#t=3'), { width: 390, height: 844 });
    await lectureReady(watched.page);
    const { page } = watched;
    assert.equal(await page.locator('.reveal-viewport.reveal-scroll, .reveal-scroll').count(), 0, 'reveal.js\'s scroll view stays off');
    // Into the reloaded version and back: its slides swapped in place (this threw in the scroll view).
    for (const time of [secondPageFrom() + 0.5, 3]) {
      const at = await seek(page, time);
      assertAt(at, positionAt(data.positions, time)!, `at ${time} s`);
    }
    const boxes = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.ld-lecture-bar > :not([hidden])')]
      .map((element) => { const box = element.getBoundingClientRect(); return { name: element.className, left: box.left, right: box.right, bottom: box.bottom }; }));
    for (const box of boxes) assert.ok(box.left >= 0 && box.right <= 390 && box.bottom <= 844, `${box.name} is on screen: ${JSON.stringify(box)}`);
    const slides = await page.evaluate(() => document.querySelector('.reveal')!.getBoundingClientRect().height);
    const bar = await page.evaluate(() => document.querySelector('.ld-lecture-bar')!.getBoundingClientRect());
    assert.ok(slides <= bar.top + 1, 'the slides end where the bar begins');
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.search('processes'));
    const panel = await page.evaluate(() => document.querySelector('.ld-lecture-panel:not([hidden])')!.getBoundingClientRect().width);
    assert.equal(panel, 390, 'the search covers the width');
    noErrors(watched);
    await page.context().close();
  });
});

describe('a version that needs its own page', () => {
  let other: string;
  let otherData: LectureSiteData;
  before(async () => {
    // The reload also redrew an image the first page loads: its page is another one.
    const fixture = await writeLectureFixture(join(dir, 'redrawn'), { reload: true, changedFigure: true });
    other = join(dir, 'redrawn-site');
    const result = runCli(['build', '--lecture', fixture.dir, '--out', other]);
    assert.equal(result.status, 0, result.stderr);
    otherData = readSiteData(other);
    assert.deepEqual(otherData.pages.map((p) => [p.file, p.deck]), [['index.html', null], ['page-2/index.html', null]]);
  });

  test('a time of the deck as reloaded opens its page there', async () => {
    const address = (file: string, hash = '') => pathToFileURL(join(other, file)).href + hash;
    const watched = await openPage(address('index.html', '#t=3'));
    const { page } = watched;
    await lectureReady(page);
    const later = otherData.pages[1]!.from + 2;
    await Promise.all([
      page.waitForURL((target) => target.href.startsWith(address('page-2/index.html')), { timeout: 10_000 }),
      page.evaluate((t) => (window as PageWindow).livedeck!.lecture!.seek(t), later),
    ]);
    await lectureReady(page);
    const at = await shown(page);
    assert.ok(Math.abs(at.time - later) < 1e-3, `the new page is at ${at.time}`);
    assertAt(at, positionAt(otherData.positions, later)!, 'on the second page');
    const reloaded = otherData.chapters.find((c) => c.title === RELOADED_TITLE)!;
    assert.equal((await seek(page, reloaded.time)).title, RELOADED_TITLE, 'the slide as it was after the reload');
    noErrors(watched);
    await page.context().close();
  });
});

describe('search', () => {
  test('finds a slide\'s text at each visit, and a result plays the lecture from there', async () => {
    const watched = await open('index.html', '#t=1');
    const { page } = watched;
    const found = await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.search('PROCESS runs'));
    const visits = data.chapters.filter((c) => c.slide === 2).map((c) => c.time);
    assert.deepEqual(found.map((entry) => entry.time), visits, 'one moment per visit of the slide');
    assert.equal(await page.locator('.ld-lecture-result').count(), visits.length);
    assert.match(await page.locator('.ld-lecture-result mark').first().textContent() ?? '', /^process$/i);
    await page.locator('.ld-lecture-result').first().click();
    const at = await shown(page);
    assert.equal(at.playing, true, 'a result plays from its moment');
    assert.ok(at.time >= visits[0]! && at.time < visits[0]! + 1, `at ${at.time}`);
    assertAt(at, positionAt(data.positions, at.time)!, 'after a click on a result');
    noErrors(watched);
    await page.context().close();
  });

  test('finds the command typed by hand in a terminal, and jumps to it', async () => {
    const watched = await open('index.html', '#t=1');
    const { page } = watched;
    const found = await page.evaluate((text) => (window as PageWindow).livedeck!.lecture!.search(text), HAND_TYPED);
    const typed = found.filter((entry) => entry.kind === 'terminal' && entry.pane === DEMO);
    assert.ok(typed.length > 0, `no terminal moment found for "${HAND_TYPED}": ${JSON.stringify(found)}`);
    // The line was completed (Enter) when its output started.
    assert.ok(Math.abs(typed[0]!.time - FIXTURE_TIMES.handTypedOutput / 1000) < 0.5, `found at ${typed[0]!.time}`);
    await page.locator(`.ld-lecture-result[data-time="${typed[0]!.time}"]`).first().click();
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.pause());
    const at = await shown(page);
    assertAt(at, positionAt(data.positions, at.time)!, 'at the command');
    assert.ok((await paneText(page, DEMO)).includes(`$ ${HAND_TYPED}`), 'the pane shows the command');
    noErrors(watched);
    await page.context().close();
  });
});

describe('browsing by hand', () => {
  test('moving the deck pauses the lecture; "back to the lecture" resumes where it was', async () => {
    // On the hand-typed shell's slide, after the break.
    const start = data.chapters.find((c) => c.slide === 4)!.time + 0.5;
    const watched = await open('index.html', `#t=${start}`);
    const { page } = watched;
    await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.play());
    await page.waitForTimeout(400);
    assert.equal(await page.locator('.ld-lecture-back').isVisible(), false);
    await page.keyboard.press('PageUp');
    const browsing = await page.evaluate(() => {
      const lecture = (window as PageWindow).livedeck!.lecture!;
      return { time: lecture.time, playing: lecture.playing, following: lecture.following };
    });
    assert.deepEqual({ playing: browsing.playing, following: browsing.following }, { playing: false, following: false });
    // The deck is the student's: it stays where they took it while the time stands still, and the
    // demo's pane, browsed back to, shows the class as it was at the lecture's time.
    await page.keyboard.press('PageUp');
    await page.waitForTimeout(300);
    const moved = await page.evaluate(() => window.Reveal.getIndices().h);
    assert.equal(moved, 2, 'the deck went back by hand to the demo');
    assert.equal(await page.evaluate(() => (window as PageWindow).livedeck!.lecture!.time), browsing.time);
    await page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.shown(), DEMO);
    assert.ok((await paneText(page, DEMO)).includes(HAND_TYPED_OUTPUT), 'the demo\'s pane as it was by then');
    await page.locator('.ld-lecture-back').click();
    const back = await shown(page);
    assert.equal(back.following, true);
    assert.equal(back.playing, true);
    assert.ok(back.time >= browsing.time && back.time < browsing.time + 0.5, `resumed at ${back.time}, paused at ${browsing.time}`);
    assertAt(back, positionAt(data.positions, back.time)!, 'back to the lecture');
    assert.equal(await page.locator('.ld-lecture-back').isVisible(), false);
    noErrors(watched);
    await page.context().close();
  });
});

describe('the voice', () => {
  /** The first voice segment, and a time of it (the voice files' times are the lecture's). */
  const voice = () => data.voice[0]!;

  /** The player's time and the voice's (its currentTime + from), read together. */
  function clocks(page: Page): Promise<{ time: number; voice: number | null; paused: boolean; rate: number; pitch: boolean }> {
    return page.evaluate((segments) => {
      const lecture = (window as PageWindow).livedeck!.lecture!;
      const audio = lecture.audio;
      const from = segments.find((segment) => audio?.src.endsWith(segment.file))?.from ?? Number.NaN;
      return { time: lecture.time, voice: audio ? audio.currentTime + from : null, paused: audio?.paused ?? true, rate: audio?.playbackRate ?? 0, pitch: audio?.preservesPitch ?? false };
    }, data.voice);
  }

  test('the voice is at the player\'s time after seeks, and after playing at 2x', async () => {
    const { from } = voice();
    const watched = await open('index.html', `#t=${from + 1}`);
    const { page } = watched;
    for (const time of [from + 1, from + 2.5, from + 0.2]) {
      await seek(page, time);
      const at = await clocks(page);
      assert.ok(at.voice !== null, `a voice at ${time}`);
      assert.ok(Math.abs(at.voice - time) < 0.1, `after a seek to ${time} the voice is at ${at.voice}`);
    }
    await page.selectOption('.ld-lecture-speed', '2');
    await page.locator('.ld-lecture-play').click();
    await page.waitForTimeout(1200);
    const playing = await clocks(page);
    assert.equal(playing.paused, false, 'the voice plays');
    assert.equal(playing.rate, 2);
    assert.equal(playing.pitch, true, 'at its pitch');
    assert.ok(playing.voice !== null && Math.abs(playing.voice - playing.time) < 0.1, `at 2x: the player at ${playing.time}, the voice at ${playing.voice}`);
    assert.ok(playing.time > from + 0.2 + 1.5, `2x played on (${playing.time})`);
    await page.locator('.ld-lecture-play').click();
    const paused = await clocks(page);
    assert.equal(paused.paused, true, 'paused with the lecture');
    assert.ok(paused.voice !== null && Math.abs(paused.voice - paused.time) < 0.1);
    noErrors(watched);
    await page.context().close();
  });

  test('before the voice the lecture plays on its own clock, and the voice joins in', async () => {
    const { from } = voice();
    const watched = await open('index.html', `#t=${from - 0.6}`);
    const { page } = watched;
    assert.equal((await clocks(page)).voice, null, 'no voice before its segment');
    await page.locator('.ld-lecture-play').click();
    await page.waitForTimeout(1500);
    const at = await clocks(page);
    assert.ok(at.time > from + 0.5, `the lecture went on (${at.time})`);
    assert.equal(at.paused, false, 'the voice plays once its segment comes');
    assert.ok(at.voice !== null && Math.abs(at.voice - at.time) < 0.1, `the player at ${at.time}, the voice at ${at.voice}`);
    const now = await shown(page);
    assertAt(now, positionAt(data.positions, now.time)!, 'the slides went on');
    noErrors(watched);
    await page.context().close();
  });
});
