// The replay player in real Chromium, in a static site made by the real `livedeck build` of a
// fixture deck (tests/fixtures/replay/: English, its demos recorded by `livedeck record`) and
// opened from file://: "next" plays a demo's steps one by one and each screen is the recording's
// at the next marker (castToScreen); seeking back and forth gives the screen of playing straight;
// arriving on a slide shows its screen at once, the build's text of it first (before the terminal
// has it), and a page opened at a step asks for its recording early; the slide before waits at its
// end; speed, keys, copy the commands; a pane with no recording (in the deck's language), and a
// corrupt recording, say so in the pane; a long recording, cut into segments, shows any step from
// the segments it loads as needed, and plays on across them. Every page must have no error.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { castMarkers, parseCast, serializeEvent, serializeHeader, type Cast, type CastEvent } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, type DeckClientData } from '../../common/deck.js';
import type { LivedeckHandle } from '../../client/terminal/controller.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { closeBrowser, openPage, position, revealReady, type WatchedPage } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { REPLAY_DECK, REPLAY_FIXTURE } from '../helpers/replay-deck.js';

/** The fixture deck's panes: slide 3 (jobs, 11 steps), slide 6 (words, 4 steps), slide 7 (a demo
 * never recorded). */
const JOBS = 's3-t1';
const WORDS = 's6-t1';
const UNRECORDED = 's7-t1';

type PageWindow = Window & { livedeck?: LivedeckHandle };

interface PaneView {
  state: string;
  time: number;
  duration: number;
  speed: number;
  screen: string[];
  text: string;
}

function recording(demo: string): Cast {
  return parseCast(readFileSync(join(REPLAY_FIXTURE, 'demos', demo, 'session.cast'), 'utf8'), `${demo}.cast`);
}

/** The screen of the recording at marker `index` (past the last one: its end), as `castToScreen`
 * renders it for the PDF export. */
async function screenAt(cast: Cast, index: number): Promise<string[]> {
  const moment = index < castMarkers(cast).length ? { marker: index } : {};
  return (await castToScreen(cast, moment)).lines;
}

/** What the pane shows, once what its player wrote is on the terminal. */
function view(page: Page, pane: string): Promise<PaneView> {
  return page.evaluate(async (id) => {
    const handle = (window as PageWindow).livedeck!.panes.get(id)!;
    await handle.written();
    const player = handle.player;
    return { state: handle.state, time: player?.time ?? 0, duration: player?.duration ?? 0, speed: player?.speed ?? 0, screen: handle.screenLines(), text: handle.text() };
  }, pane);
}

/** Waits until the pane's player stands still at `time` (a marker's, or the end's). */
async function waitForStop(page: Page, pane: string, time: number, timeout = 20_000): Promise<PaneView> {
  try {
    await page.waitForFunction(([id, at]) => {
      const player = (window as PageWindow).livedeck?.panes.get(id)?.player;
      return player !== null && player !== undefined && (player.state.name === 'paused' || player.state.name === 'ended') && Math.abs(player.time - at) < 1e-6;
    }, [pane, time] as const, { timeout, polling: 50 });
  } catch (error) {
    throw new Error(`pane ${pane} did not stop at ${time}: ${JSON.stringify(await view(page, pane))}`, { cause: error });
  }
  return view(page, pane);
}

/** The player's clock speed over `ms` of the page's own time. */
function measuredRate(page: Page, pane: string, ms: number): Promise<number> {
  return page.evaluate(([id, wait]) => new Promise<number>((done) => {
    const player = (window as PageWindow).livedeck!.panes.get(id)!.player!;
    const [t0, c0] = [performance.now(), player.time];
    setTimeout(() => done((player.time - c0) / ((performance.now() - t0) / 1000)), wait);
  }), [pane, ms] as const);
}

function visibleSteps(page: Page, pane: string): Promise<number> {
  return page.evaluate((id) => document.querySelectorAll(`.ld-terminal-step.visible[data-pane="${id}"]`).length, pane);
}

function focusIsOnSlides(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement === document.body || document.activeElement === null);
}

let dir: string;
let siteUrl: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-replay-test-'));
  const site = join(dir, 'site');
  const result = runCli(['build', REPLAY_DECK, '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  siteUrl = pathToFileURL(join(site, 'index.html')).href;
});

after(async () => {
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

describe('slide 3 (jobs), replayed step by step', () => {
  const cast = recording('jobs');
  const markers = castMarkers(cast);
  /** The pane's whole text after playing to each marker (index: steps shown), for the seeks. */
  const played = new Map<number, string>();
  let watched: WatchedPage;
  let stopTimes: number[];

  before(async () => {
    watched = await openPage(`${siteUrl}#/2`);
    await revealReady(watched.page);
  });

  after(async () => {
    await watched?.page.context().close();
  });

  test('the pane loads its recording, and shows the screen before the first step', async () => {
    const { page, errors } = watched;
    await page.waitForFunction((id) => (window as PageWindow).livedeck?.panes.get(id)?.state === 'paused', JOBS);
    stopTimes = await page.evaluate((id) => {
      const player = (window as PageWindow).livedeck!.panes.get(id)!.player!;
      return [...player.markers.map((m) => m.time), player.duration];
    }, JOBS);
    assert.equal(stopTimes.length, markers.length + 1, 'one tick per step');
    assert.equal(await page.locator(`#${JOBS} .ld-player-tick`).count(), markers.length);
    const start = await view(page, JOBS);
    assert.deepEqual(start.screen, await screenAt(cast, 0));
    assert.equal(await page.locator(`#${JOBS} .ld-terminal-status`).textContent(), 'recording');
    assert.match(await page.locator(`#${JOBS} .ld-player-time`).textContent() ?? '', /^0:00 \/ 0:2\d$/);
    played.set(0, start.text);
    assert.deepEqual(errors, []);
  });

  test('"next" plays each step, and each screen is the recording\'s at the next marker', async (t) => {
    const { page, errors } = watched;
    // The pane comes with a fragment of the slide.
    for (let press = 0; !(await page.locator(`#${JOBS} .ld-player`).isVisible()); press++) {
      assert.ok(press < 5, 'the pane never showed');
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(100);
    }
    assert.equal(await visibleSteps(page, JOBS), 0);
    // Faster, to keep the test short: 4x, picked in the speed list; Escape then gives the
    // keyboard back to the slides.
    await page.selectOption(`#${JOBS} .ld-player-speed`, '4');
    assert.equal((await view(page, JOBS)).speed, 4);
    await page.keyboard.press('Escape');
    assert.ok(await focusIsOnSlides(page), 'Escape gives the keyboard back to the slides');

    let steps = 0;
    for (let press = 0; steps < markers.length; press++) {
      assert.ok(press < 30, 'the slide ran out of fragments before the last step');
      await page.keyboard.press('ArrowRight');
      const now = await visibleSteps(page, JOBS);
      if (now === steps) continue;
      assert.equal(now, steps + 1, `one step per "next" (press ${press})`);
      steps = now;
      // It plays: a step takes time (the command typed key by key, then its output).
      const started = await view(page, JOBS);
      assert.ok(started.state === 'playing' || started.time === stopTimes[steps], `step ${steps} plays: ${started.state} at ${started.time}, stops at ${stopTimes[steps]}`);
      const stopped = await waitForStop(page, JOBS, stopTimes[steps]!);
      assert.deepEqual(stopped.screen, await screenAt(cast, steps), `the screen after step ${steps}`);
      played.set(steps, stopped.text);
      t.diagnostic(`step ${steps}: ${markers[steps - 1]!.label.slice(0, 40)}…`);
    }
    // What the demo points at, as the students see it.
    assert.match(played.get(2)!, /^ {2}PID {2}PPID STAT CMD$/m, 'the ps header after step 2');
    // Whether bash reports "[1]+ Stopped" before the next prompt is a race inside bash (the
    // SIGCHLD may come after the prompt is drawn): only the command itself is sure to be there.
    assert.match(played.get(3)!, /# kill -STOP %1$/m, 'kill -STOP typed');
    const end = played.get(markers.length)!;
    assert.match(end, /tail -n 3 counter\.log\ncount \d+ \(PID \d+\)\ncount \d+ \(PID \d+\)\ncount \d+ \(PID \d+\)\n/, 'counter.log at the end');
    assert.equal((await view(page, JOBS)).state, 'ended');
    assert.deepEqual(errors, []);
  });

  test('going to the next slide and back shows the last screen at once', async () => {
    const { page, errors } = watched;
    const { h } = await position(page);
    await page.keyboard.press('ArrowRight');
    assert.equal((await position(page)).h, h + 1);
    await page.keyboard.press('ArrowLeft');
    assert.equal((await position(page)).h, h);
    const back = await view(page, JOBS);
    assert.equal(back.state, 'ended');
    assert.equal(back.text, played.get(markers.length));
    assert.deepEqual(errors, []);
  });

  test('the player\'s keys: [ and ] go marker to marker, the same screens as playing straight; the slides stay', async () => {
    const { page, errors } = watched;
    const before = await position(page);
    await page.locator(`#${JOBS} .xterm-screen`).click();
    assert.match(await page.locator(`#${JOBS} .ld-terminal-status`).textContent() ?? '', /Escape: back to the slides/);
    // Back from the end, one marker at a time, to the start...
    for (let index = markers.length - 1; index >= 0; index--) {
      await page.keyboard.press('[');
      const seen = await waitForStop(page, JOBS, stopTimes[index]!);
      assert.equal(seen.text, played.get(index), `seek back to marker ${index}`);
    }
    // ...and forward again.
    for (let index = 1; index <= markers.length; index++) {
      await page.keyboard.press(']');
      const seen = await waitForStop(page, JOBS, stopTimes[index]!);
      assert.equal(seen.text, played.get(index), `seek forward to marker ${index}`);
    }
    // A click on a tick of the seek bar.
    const tick = page.locator(`#${JOBS} .ld-player-tick`).nth(5);
    const box = (await tick.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal((await waitForStop(page, JOBS, stopTimes[5]!)).text, played.get(5));
    // "." plays one step: to the next marker.
    await page.keyboard.press('.');
    assert.equal((await waitForStop(page, JOBS, stopTimes[6]!)).text, played.get(6));
    // ← and → move by 5 s.
    await page.keyboard.press('ArrowRight');
    assert.ok(Math.abs((await view(page, JOBS)).time - (stopTimes[6]! + 5)) < 1e-6);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs((await view(page, JOBS)).time - (stopTimes[6]! - 5)) < 1e-6);
    assert.deepEqual(await position(page), before, 'the slides did not move');
    // Escape, and the slides have the keyboard again: "previous" hides the last step, and the
    // pane shows the screen before it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await position(page)).f, before.f - 1);
    assert.equal((await waitForStop(page, JOBS, stopTimes[markers.length - 1]!)).text, played.get(markers.length - 1));
    assert.deepEqual(errors, []);
  });

  test('the speed changes while it plays', async () => {
    const { page, errors } = watched;
    await page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.seek(0), JOBS);
    await page.selectOption(`#${JOBS} .ld-player-speed`, '1');
    // The select gave the keyboard to the terminal: space plays.
    await page.keyboard.press(' ');
    assert.equal((await view(page, JOBS)).state, 'playing');
    const normal = await measuredRate(page, JOBS, 600);
    await page.selectOption(`#${JOBS} .ld-player-speed`, '4');
    assert.equal((await view(page, JOBS)).state, 'playing', 'still playing');
    const fast = await measuredRate(page, JOBS, 600);
    await page.selectOption(`#${JOBS} .ld-player-speed`, '0.5');
    const slow = await measuredRate(page, JOBS, 600);
    assert.ok(normal > 0.8 && normal < 1.2, `1x ran at ${normal}`);
    assert.ok(fast > 3.4 && fast < 4.6, `4x ran at ${fast}`);
    assert.ok(slow > 0.4 && slow < 0.6, `0.5x ran at ${slow}`);
    await page.keyboard.press(' ');
    assert.equal((await view(page, JOBS)).state, 'paused');
    assert.equal(await page.locator(`#${JOBS} .ld-player-speed`).inputValue(), '0.5');
    assert.deepEqual(errors, []);
  });

  test('the text can be selected, and "copy the commands" puts the demo\'s commands on the clipboard', async () => {
    const { page, errors } = watched;
    await page.locator(`#${JOBS} .xterm-screen`).dblclick({ position: { x: 60, y: 8 } });
    // The selection shows at the next frame.
    await page.locator(`#${JOBS} .xterm-selection div`).first().waitFor({ timeout: 2_000 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator(`#${JOBS} .ld-player-copy`).click();
    await page.waitForFunction((id) => document.querySelector(`#${id} .ld-terminal-status`)?.textContent?.includes('commands copied'), JOBS);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const steps = readFileSync(join(REPLAY_FIXTURE, 'demos/jobs/steps.sh'), 'utf8');
    const expected = steps.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => `${line}\n`).join('');
    assert.equal(copied, expected);
    assert.match(copied, /^\.\/counter\.sh &\nps -o pid,ppid,stat,cmd\nkill -STOP %1\n/);
    assert.doesNotMatch(copied, /\^Z/, 'keys are not commands');
    assert.deepEqual(errors, []);
  });
});

test('slide 6 (words) opened at a step asks for its recording early and shows that screen at once: the line count', async () => {
  const cast = recording('words');
  // The URL reveal.js writes for the third step of the pane.
  const first = await openPage(`${siteUrl}#/5`);
  await revealReady(first.page);
  await first.page.evaluate((id) => {
    const reveal = (window as unknown as { Reveal: { slide(h: number, v: number, f: number): void } }).Reveal;
    const step = document.querySelector(`.ld-terminal-step[data-pane="${id}"][data-step="2"]`)!;
    reveal.slide(5, 0, Number(step.getAttribute('data-fragment-index')));
  }, WORDS);
  const hash = await (await first.page.waitForFunction(() => /^#\/5\/0\/\d+$/.test(location.hash) && location.hash)).jsonValue();
  await first.page.context().close();

  // When each recording script is asked for (a <script> added to the page).
  const watchScripts = `window.__castScripts = [];
    new MutationObserver((records) => {
      for (const added of records.flatMap((r) => [...r.addedNodes])) {
        if (added instanceof HTMLScriptElement && added.src.includes('/casts/')) window.__castScripts.push({ src: added.getAttribute('src'), at: performance.now() });
      }
    }).observe(document, { childList: true, subtree: true });`;
  const { page, errors } = await openPage(`${siteUrl}${hash}`, undefined, watchScripts);
  await revealReady(page);
  await page.waitForFunction((id) => (window as PageWindow).livedeck?.panes.get(id)?.state === 'paused', WORDS);
  // The page asked for the recording as soon as reveal.js showed the step, before the pane started
  // (once reveal.js was ready), and once.
  const { scripts, paneStart } = await page.evaluate(() => ({
    scripts: (window as unknown as { __castScripts: { src: string; at: number }[] }).__castScripts,
    paneStart: performance.getEntriesByName('livedeck replay: casts/words.cast loaded and shown', 'measure')[0]?.startTime ?? NaN,
  }));
  const words = scripts.filter((s) => s.src.startsWith('casts/words/'));
  assert.deepEqual(words.map((s) => s.src), ['casts/words/0.js']);
  assert.ok(words[0]!.at < paneStart, `the recording was asked for at ${words[0]!.at} ms, the pane started at ${paneStart} ms`);
  const shown = await view(page, WORDS);
  const markers = castMarkers(cast);
  assert.equal(await visibleSteps(page, WORDS), 3);
  assert.equal(shown.time, (await page.evaluate((id) => (window as PageWindow).livedeck!.panes.get(id)!.player!.markers[3]!.time, WORDS)), 'no playback: at the marker at once');
  assert.deepEqual(shown.screen, await screenAt(cast, 3));
  assert.match(shown.text, /^3 words\.txt$/m);
  assert.equal(markers.length, 4);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a pane shows the build\'s screen of its step at once, until its terminal takes its place', async () => {
  const cast = recording('words');
  // From the first slide: the words' slide is not a neighbour, its pane has not started.
  const { page, errors } = await openPage(`${siteUrl}#/0`);
  await revealReady(page);
  // In the very task of the move: the recording's segment cannot have loaded yet.
  const first = await page.evaluate((id) => {
    const step = document.querySelector(`.ld-terminal-step[data-pane="${id}"][data-step="2"]`)!;
    (window as unknown as { Reveal: { slide(h: number, v: number, f: number): void } }).Reveal.slide(5, 0, Number(step.getAttribute('data-fragment-index')));
    const pane = document.getElementById(id)!;
    return { text: pane.querySelector('.ld-terminal-poster')?.textContent ?? null, terminal: pane.querySelector('.xterm') !== null };
  }, WORDS);
  assert.equal(first.terminal, false);
  assert.deepEqual(first.text?.split('\n').map((line) => line.trimEnd()), await screenAt(cast, 3));
  await page.waitForFunction((id) => (window as PageWindow).livedeck?.panes.get(id)?.state === 'paused', WORDS);
  const shown = await view(page, WORDS);
  assert.deepEqual(shown.screen, await screenAt(cast, 3));
  assert.equal(await page.locator(`#${WORDS} .ld-terminal-poster`).count(), 0, 'the terminal took its place');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('opened on the slide after slide 3, its replay is ready at the end: "previous" shows it at once', async () => {
  const cast = recording('jobs');
  const { page, errors } = await openPage(`${siteUrl}#/3`);
  await revealReady(page);
  // The neighbour's pane starts once slide 4 is painted, on the screen "previous" arrives at:
  // every step shown, the end.
  await page.waitForFunction((id) => (window as PageWindow).livedeck?.panes.get(id)?.state === 'ended', JOBS);
  await page.keyboard.press('ArrowLeft');
  assert.equal((await position(page)).h, 2);
  assert.equal(await visibleSteps(page, JOBS), castMarkers(cast).length);
  const back = await view(page, JOBS);
  assert.equal(back.state, 'ended');
  assert.deepEqual(back.screen, await screenAt(cast, castMarkers(cast).length));
  // Nothing more to load or seek: one segment script, loaded before.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('livedeck replay: casts/jobs/') && m.name.endsWith(' loaded')).length), 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a pane without a recording shows its steps and says so, in the deck\'s language', async () => {
  // The fixture deck with lang: fr (its text stays English: only the player's words change).
  const deck = join(dir, 'french-deck');
  cpSync(REPLAY_FIXTURE, deck, { recursive: true });
  writeFileSync(join(deck, 'deck.md'), readFileSync(join(deck, 'deck.md'), 'utf8').replace(/^lang: en$/m, 'lang: fr'));
  const site = join(dir, 'french-site');
  const result = runCli(['build', join(deck, 'deck.md'), '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  const { page, errors } = await openPage(`${pathToFileURL(join(site, 'index.html')).href}#/6`);
  await revealReady(page);
  // Every fragment of the slide shown, the pane with them.
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number, v: number, f: number): void } }).Reveal.slide(6, 0, 99));
  const pane = page.locator(`#${UNRECORDED}`);
  assert.equal(await page.evaluate((id) => (window as PageWindow).livedeck?.panes.get(id)?.state, UNRECORDED), 'no-recording');
  await pane.locator('.ld-terminal-steps').waitFor({ state: 'visible' });
  assert.match(await pane.locator('.ld-terminal-steps').textContent() ?? '', /uname -r/);
  assert.equal(await pane.locator('.ld-terminal-notice').textContent(), 'Pas d’enregistrement pour cette démonstration : voici ses commandes.');
  assert.equal(await pane.locator('.ld-player').count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a corrupt recording: the pane names the file and line, the page has no error', async () => {
  const site = join(dir, 'fixture-site');
  const result = runCli(['build', 'tests/fixtures/build/deck.md', '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  // The build refuses a corrupt cast: put one in the built site as a segment, as a bad copy or
  // edit would.
  const corrupt = readFileSync(join(ROOT, 'tests/fixtures/replay/corrupt.cast'), 'utf8');
  writeFileSync(join(site, 'casts/avec/0.js'), `(globalThis.${CAST_SCRIPTS_GLOBAL} = globalThis.${CAST_SCRIPTS_GLOBAL} || {})["casts/avec/0.js"] = ${JSON.stringify(corrupt)};\n`);

  const { page, errors } = await openPage(`${pathToFileURL(join(site, 'index.html')).href}#/1`);
  await revealReady(page);
  await page.waitForFunction(() => (window as PageWindow).livedeck?.panes.get('s2-t1')?.state === 'failed');
  const notice = page.locator('#s2-t1 .ld-terminal-notice');
  assert.ok(await notice.isVisible());
  assert.match(await notice.textContent() ?? '', /^Unreadable recording\n\ncasts\/avec\/0\.js:5: event is not valid JSON: Unterminated string/);
  assert.equal(await page.locator('#s2-t1 .ld-terminal-status').textContent(), 'recording unavailable');
  // The other panes of the deck: no recording, in English.
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#s3-t1 .ld-terminal-notice').textContent(), 'No recording for this demo: here are its commands.');
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** A recording of `steps` steps, each a command typed key by key, then ~100 kB of coloured log
 * lines (step 2: ~160 kB, more than a segment): long enough for several segments (see
 * server/casts/cast-segments.ts; they also start at the steps). */
function longRecording(steps: number): { cast: string; steps: string } {
  const events: CastEvent[] = [];
  const script = ['#!/bin/bash', ''];
  let time = 0;
  let n = 0;
  const prompt = '\x1b[1;32mstudent@lab\x1b[0m:~$ ';
  events.push({ time, code: 'o', data: prompt });
  for (let step = 0; step < steps; step++) {
    const command = `tail -n 1200 logs/day-${step + 1}.log`;
    script.push(`# Day ${step + 1}.`, command, '');
    events.push({ time: (time += 0.2), code: 'm', data: `${step + 1}: Day ${step + 1}.` });
    for (const char of command) events.push({ time: (time += 0.02), code: 'o', data: char });
    events.push({ time: (time += 0.05), code: 'o', data: '\r\n' });
    for (let chunk = 0; chunk < (step === 1 ? 40 : 25); chunk++) {
      let data = '';
      while (data.length < 4000) {
        n++;
        data += `\x1b[2m12:${String((n >> 6) % 60).padStart(2, '0')}\x1b[0m \x1b[32mINFO\x1b[0m worker[${n % 17}] request ${n} served in ${n % 300} ms\r\n`;
      }
      events.push({ time: (time += 0.01), code: 'o', data });
    }
    events.push({ time: (time += 0.05), code: 'o', data: prompt });
  }
  let previous = 0;
  const lines = [serializeHeader({ cols: 100, rows: 20, idleTimeLimit: 2 }), ...events.map((event) => {
    const line = serializeEvent(event, previous);
    previous = event.time;
    return line;
  })];
  return { cast: `${lines.join('\n')}\n`, steps: script.join('\n') };
}

test('a long recording in segments: any step shows from what it loads, and plays on across segments', async () => {
  const deck = join(dir, 'long-deck');
  mkdirSync(join(deck, 'demos', 'long'), { recursive: true });
  const recorded = longRecording(6);
  writeFileSync(join(deck, 'demos/long/session.cast'), recorded.cast);
  writeFileSync(join(deck, 'demos/long/steps.sh'), recorded.steps);
  writeFileSync(join(deck, 'long.md'), '---\ntitle: Long\nlang: en\n---\n\n## Logs\n\n```terminal demo=long height="560px"\n```\n');
  const site = join(dir, 'long-site');
  const result = runCli(['build', join(deck, 'long.md'), '--out', site]);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(readdirSync(join(site, 'casts/long')).length >= 4, 'several segments');
  const cast = parseCast(recorded.cast);
  const markers = castMarkers(cast);

  const { page, errors } = await openPage(`${pathToFileURL(join(site, 'index.html')).href}#/0`);
  await revealReady(page);
  await page.waitForFunction(() => (window as PageWindow).livedeck?.panes.get('s1-t1')?.state === 'paused');
  const seek = (marker: number) => page.evaluate(async (index) => {
    const pane = (window as PageWindow).livedeck!.panes.get('s1-t1')!;
    pane.player!.seekToMarker(index);
    await pane.player!.shown();
    const loaded = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('livedeck replay: casts/long/') && m.name.endsWith(' loaded'));
    return { screen: pane.screenLines(), text: pane.text(), scripts: document.querySelectorAll('script[src*="casts/"]').length, loaded: loaded.length };
  }, marker);
  const segments = readdirSync(join(site, 'casts/long')).length;
  // Forward and back, far and near: each screen is the recording's there, and the same however
  // it is reached.
  const texts = new Map<number, string>();
  for (const index of [markers.length, 2, 0, 4, 3, markers.length, 2]) {
    const shown = await seek(index);
    assert.deepEqual(shown.screen, await screenAt(cast, index), `marker ${index}`);
    assert.equal(shown.scripts, 0, 'segment scripts are removed once read');
    // The start's segment, then for the end only the last one (it has a keyframe), not all.
    if (texts.size === 0) assert.equal(shown.loaded, 2, `segments loaded for the start and the end, of ${segments}`);
    if (texts.has(index)) assert.equal(shown.text, texts.get(index), `marker ${index}, reached again`);
    texts.set(index, shown.text);
  }
  // Playing step 2 (4x) crosses a segment boundary: the next segment comes in time, and the screen
  // where it stops is the recording's.
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const data = JSON.parse(/<script type="application\/json" id="livedeck-deck">(.*?)<\/script>/s.exec(html)![1]!) as DeckClientData;
  const index = data.terminals['s1-t1']!.cast!;
  assert.ok(index.segments.some((s) => s.frame > index.markers[1]!.index && s.frame < index.markers[2]!.index), 'a segment starts inside step 2');
  await seek(1);
  await page.evaluate(() => {
    const player = (window as PageWindow).livedeck!.panes.get('s1-t1')!.player!;
    player.setSpeed(4);
    player.play();
  });
  const stop = await page.evaluate(() => (window as PageWindow).livedeck!.panes.get('s1-t1')!.player!.markers[2]!.time);
  await page.waitForFunction((at) => ((window as PageWindow).livedeck!.panes.get('s1-t1')!.player!.time ?? 0) > at, stop, { timeout: 20_000 });
  const screen = await page.evaluate(async () => {
    const pane = (window as PageWindow).livedeck!.panes.get('s1-t1')!;
    pane.player!.pause();
    pane.player!.seekToMarker(2);
    await pane.player!.shown();
    return pane.screenLines();
  });
  assert.deepEqual(screen, await screenAt(cast, 2));
  assert.deepEqual(errors, []);
  await page.context().close();

  // Opened at its end, the pane writes its first screen before its terminal opens: the wheel still
  // reaches the scrollback above it.
  const end = await openPage(`${pathToFileURL(join(site, 'index.html')).href}#/0/0/${markers.length - 1}`);
  await revealReady(end.page);
  await end.page.waitForFunction(() => (window as PageWindow).livedeck?.panes.get('s1-t1')?.state === 'ended');
  const topRow = () => end.page.evaluate(() => document.querySelector('#s1-t1 .xterm-rows > div')?.textContent?.replace(/\s+$/, '') ?? '');
  await end.page.waitForFunction(() => document.querySelector('#s1-t1 .xterm-rows > div')?.textContent !== undefined);
  const atEnd = await topRow();
  await end.page.locator('#s1-t1 .xterm-screen').hover();
  await end.page.mouse.wheel(0, -2000);
  await end.page.waitForFunction((first) => document.querySelector('#s1-t1 .xterm-rows > div')?.textContent?.replace(/\s+$/, '') !== first, atEnd, { timeout: 5_000 });
  const scrolled = (await topRow()).replace(/\u00a0/g, ' ');
  const lines = (await view(end.page, 's1-t1')).text.split('\n');
  const screenTop = lines.length - (await end.page.evaluate(() => (window as PageWindow).livedeck!.panes.get('s1-t1')!.screenLines().length));
  assert.ok(lines.slice(0, screenTop).some((line) => line.trimEnd() === scrolled), `a line of the scrollback shows: ${JSON.stringify(scrolled)}`);
  assert.deepEqual(end.errors, []);
  await end.page.context().close();
});
