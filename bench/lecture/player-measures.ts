// The lecture player measured in real Chromium from file:// (bench/lecture.ts): the time from a
// seek to the slide, panes and voice all showing that moment (checked against what the class's
// own files say), the same for a link opened at `#t=`, and how far the voice, the slide and the
// terminals drift apart while the class plays at 2x.

import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LectureSiteData } from '../../common/lecture-site.js';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import type { LectureHandle } from '../../client/lecture/player.js';
import { positionAt, type Position, type TimedPosition } from './timeline-truth.js';

type LectureWindow = Window & {
  livedeck?: LivedeckHandle & { lecture?: LectureHandle };
  Reveal: { getIndices(): { h: number; v?: number; f?: number }; getCurrentSlide(): HTMLElement };
};

export type SeekKind = 'version' | 'swap' | 'page';

/** What the page shows once a seek is shown. */
export interface ShownState {
  time: number;
  /** The deck version whose slides the page shows (LecturePage.version). */
  version: number;
  position: Position;
  /** Panes of the slide shown: their screen rows. */
  panes: Record<string, string[]>;
  audio: { file: string; currentTime: number } | null;
}

export interface SeekResult {
  time: number;
  ms: number;
  /** How far the seek went: within the deck version shown, to another version swapped in the same
   * page, or to another page (a version that keeps a page of its own). */
  kind: SeekKind;
  state: ShownState;
}

/** A page of the site, in a fresh browser context, with its errors recorded. */
export async function openSite(browser: Browser, url: string): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript('globalThis.__name = (target) => target;');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  await page.goto(url);
  await lectureReady(page);
  return { page, context, errors };
}

async function lectureReady(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ld-lecture="ready"]', { state: 'attached', timeout: 30_000 });
}

export function siteUrl(site: string, file = 'index.html', hash = ''): string {
  return `${pathToFileURL(`${site}/${file}`).href}${hash}`;
}

/** The page's file name among the site's pages. */
function pageFile(page: Page): string {
  return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
}

/** The page (index in data.pages) that shows `time`. */
export function pageOf(data: LectureSiteData, time: number): number {
  let index = 0;
  data.pages.forEach((page, i) => { if (page.from <= time) index = i; });
  return index;
}

/**
 * Seeks the open page from `from` to `time` and waits for shown(). In the page: from the call to
 * shown() resolving. A time in another page's deck makes the player open that page (#t=): then from the
 * call (a task later, so the answer leaves before the page does) to shown() in the new page,
 * on the pages' common wall clock.
 */
export async function seekOnce(page: Page, data: LectureSiteData, time: number, from: number): Promise<SeekResult> {
  const target = data.pages[pageOf(data, time)]!.file;
  if (target === pageFile(page)) {
    const kind = data.pages[pageOf(data, time)]!.version === data.pages[pageOf(data, from)]!.version ? 'version' : 'swap';
    const ms = await page.evaluate(async (at) => {
      const lecture = (window as unknown as LectureWindow).livedeck!.lecture!;
      const t0 = performance.now();
      lecture.seek(at);
      await lecture.shown();
      return performance.now() - t0;
    }, time);
    return { time, ms, kind, state: await shownState(page) };
  }
  const t0 = await page.evaluate((at) => {
    const lecture = (window as unknown as LectureWindow).livedeck!.lecture!;
    setTimeout(() => lecture.seek(at));
    return performance.timeOrigin + performance.now();
  }, time);
  await page.waitForURL((url) => url.pathname.endsWith(`/${target}`), { timeout: 30_000 });
  await lectureReady(page);
  const t1 = await page.evaluate(async () => {
    await (window as unknown as LectureWindow).livedeck!.lecture!.shown();
    return performance.timeOrigin + performance.now();
  });
  return { time, ms: t1 - t0, kind: 'page', state: await shownState(page) };
}

/** A link `<page>#t=<time>` opened in a fresh context: from page.goto to shown() (Node's clock). */
export async function openAt(browser: Browser, site: string, hash: string): Promise<{ ms: number; state: ShownState; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript('globalThis.__name = (target) => target;');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  try {
    const t0 = performance.now();
    await page.goto(siteUrl(site, 'index.html', hash));
    // A time of a later deck version opens its page: wait for the page that stays.
    for (;;) {
      await lectureReady(page);
      try {
        await page.evaluate(() => (window as unknown as LectureWindow).livedeck!.lecture!.shown());
        break;
      } catch (error) {
        if (!/context was destroyed|navigat/i.test((error as Error).message)) throw error;
      }
    }
    const ms = performance.now() - t0;
    return { ms, state: await shownState(page), errors };
  } finally {
    await context.close();
  }
}

async function shownState(page: Page): Promise<ShownState> {
  return page.evaluate(() => {
    const w = window as unknown as LectureWindow;
    const lecture = w.livedeck!.lecture!;
    const { h, v, f } = w.Reveal.getIndices();
    const panes: Record<string, string[]> = {};
    for (const box of w.Reveal.getCurrentSlide().querySelectorAll<HTMLElement>('.ld-terminal')) {
      const pane = w.livedeck!.panes.get(box.id);
      if (pane) panes[box.id] = pane.screenLines();
    }
    const audio = lecture.audio;
    return {
      time: lecture.time,
      version: lecture.version,
      position: { h, v: v ?? 0, f: f ?? -1 },
      panes,
      audio: audio ? { file: decodeURIComponent((audio.currentSrc || audio.src).split('/').at(-1) ?? ''), currentTime: audio.currentTime } : null,
    };
  });
}

/** One animation frame while playing. */
export interface DriftSample {
  /** Page clock, ms. */
  now: number;
  time: number;
  audio: { file: string; currentTime: number; paused: boolean } | null;
  version: number;
  position: Position;
  /** Panes of the slide shown: their player's time (the lecture's clock). */
  panes: Record<string, number>;
}

/** Plays from `from` at `speed` for `seconds` of wall time, sampling every animation frame. */
export async function playAndSample(page: Page, from: number, speed: number, seconds: number): Promise<DriftSample[]> {
  await page.evaluate(async (at) => {
    const lecture = (window as unknown as LectureWindow).livedeck!.lecture!;
    lecture.seek(at);
    await lecture.shown();
  }, from);
  return page.evaluate(([rate, ms]) => new Promise<DriftSample[]>((resolve) => {
    const w = window as unknown as LectureWindow;
    const lecture = w.livedeck!.lecture!;
    const samples: DriftSample[] = [];
    lecture.setSpeed(rate);
    lecture.play();
    const end = performance.now() + ms;
    const frame = (now: number) => {
      const audio = lecture.audio;
      const { h, v, f } = w.Reveal.getIndices();
      const panes: Record<string, number> = {};
      for (const box of w.Reveal.getCurrentSlide().querySelectorAll<HTMLElement>('.ld-terminal')) {
        const player = w.livedeck!.panes.get(box.id)?.player;
        if (player && player.state.name === 'playing') panes[box.id] = player.time;
      }
      samples.push({
        now,
        time: lecture.time,
        audio: audio ? { file: decodeURIComponent((audio.currentSrc || audio.src).split('/').at(-1) ?? ''), currentTime: audio.currentTime, paused: audio.paused } : null,
        version: lecture.version,
        position: { h, v: v ?? 0, f: f ?? -1 },
        panes,
      });
      if (now < end) requestAnimationFrame(frame);
      else {
        lecture.pause();
        resolve(samples);
      }
    };
    requestAnimationFrame(frame);
  }), [speed, seconds * 1000] as const);
}

export interface DriftSummary {
  frames: number;
  /** Lecture seconds covered. */
  covered: number;
  /** |voice time − player time|, ms, over the frames the voice played. */
  voiceMax: number;
  voiceFrames: number;
  /** The longest the slide shown (its deck version, its indices) differed from the timeline's at
   * the voice's time (the player's where no voice plays), wall ms. */
  slideMaxMs: number;
  /** Moves and deck version changes the timeline had in the run. */
  slideChanges: number;
  /** |pane player time − voice time (or player time)|, ms. */
  paneMax: number;
  paneFrames: number;
}

/** Folds a run's samples: `positions` on the site's clock; `voiceFrom`: each voice file's start;
 * `versionAt`: the deck version of a moment.
 * What the student hears is the reference: the slide and the terminals are compared with the
 * voice's time wherever it plays. */
export function summariseDrift(samples: DriftSample[], positions: readonly TimedPosition[], voiceFrom: ReadonlyMap<string, number>, versionAt: (time: number) => number): DriftSummary {
  let voiceMax = 0;
  let voiceFrames = 0;
  let paneMax = 0;
  let paneFrames = 0;
  let slideMaxMs = 0;
  let wrongSince: number | null = null;
  let slideChanges = 0;
  let previous: string | null = null;
  for (const sample of samples) {
    let reference = sample.time;
    if (sample.audio && !sample.audio.paused && voiceFrom.has(sample.audio.file)) {
      reference = sample.audio.currentTime + voiceFrom.get(sample.audio.file)!;
      voiceMax = Math.max(voiceMax, Math.abs(reference - sample.time) * 1000);
      voiceFrames++;
    }
    for (const time of Object.values(sample.panes)) {
      paneMax = Math.max(paneMax, Math.abs(time - reference) * 1000);
      paneFrames++;
    }
    const expected = positionAt(positions, reference);
    const version = versionAt(reference);
    const key = `${version} ${expected?.time ?? -1}`;
    if (previous !== null && key !== previous) slideChanges++;
    previous = key;
    const right = version === sample.version
      && (expected === null || (expected.h === sample.position.h && expected.v === sample.position.v && expected.f === sample.position.f));
    if (right) {
      if (wrongSince !== null) slideMaxMs = Math.max(slideMaxMs, sample.now - wrongSince);
      wrongSince = null;
    } else {
      wrongSince ??= sample.now;
    }
  }
  if (wrongSince !== null) slideMaxMs = Math.max(slideMaxMs, samples.at(-1)!.now - wrongSince);
  return {
    frames: samples.length, covered: samples.length > 0 ? samples.at(-1)!.time - samples[0]!.time : 0,
    voiceMax, voiceFrames, slideMaxMs, slideChanges, paneMax, paneFrames,
  };
}
