// The replay player's timeline and seek plans, against a real terminal (@xterm/headless, the same
// parser as the page's xterm.js): the screen a seek writes must be the screen of the whole output,
// cell for cell, scrollback, cursor, modes and pen included, also when the seek skips the part of
// a long recording that can no longer show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSeek, terminalState } from '../../common/cast-seek.js';
import { buildTimeline, framesUntil, type Timeline } from '../../common/cast-timeline.js';
import { applyPlan, cast, headless, outputs, randomOutput, random, screenState as state, write, type Headless } from '../helpers/terminal-state.js';

/** Plays `plan` into a fresh terminal as the pane does: a reset to its size, then its writes. */
async function seekState(timeline: Timeline, to: number, scrollback: number): Promise<{ state: unknown; skipped: number }> {
  const plan = planSeek(timeline, null, to, scrollback);
  const term = terminal(timeline, scrollback);
  assert.ok(plan.reset, 'a seek from nowhere resets');
  await applyPlan(term, plan);
  const result = { state: await state(term), skipped: plan.skipped };
  term.dispose();
  return result;
}

/** The whole output, frame by frame, as playing straight does. */
async function playedState(timeline: Timeline, to: number, scrollback: number): Promise<unknown> {
  const term = terminal(timeline, scrollback);
  for (const frame of timeline.frames.slice(0, to)) {
    // xterm.js keeps writes in order: only a resize waits for them.
    if (frame.kind === 'output') term.write(frame.data);
    else {
      await write(term, '');
      term.resize(frame.cols, frame.rows);
    }
  }
  const result = await state(term);
  term.dispose();
  return result;
}

function terminal(timeline: Timeline, scrollback: number): Headless {
  return headless(timeline.cols, timeline.rows, scrollback);
}

function logLine(i: number): string {
  return `\x1b[32m12:00:${String(i % 60).padStart(2, '0')}\x1b[0m INFO worker[${i % 17}] request ${i} done in ${i % 300} ms, status=ok, more text to make it long\r\n`;
}

test('the timeline: pauses shortened to the idle-time limit, markers placed between frames', () => {
  const timeline = buildTimeline(cast(80, 24, [
    { time: 0.5, code: 'o', data: 'a' },
    { time: 10, code: 'm', data: '1: first' },
    { time: 10.2, code: 'o', data: 'b' },
    { time: 11, code: 'i', data: 'x' },
    { time: 12, code: 'r', data: '90x30' },
    { time: 20, code: 'x', data: '0' },
  ], 1.5));
  assert.deepEqual(timeline.frames.map((f) => [f.kind, Number(f.time.toFixed(6))]), [['output', 0.5], ['output', 2.2], ['resize', 4]]);
  assert.deepEqual(timeline.markers, [{ time: 2, label: '1: first', index: 1 }]);
  assert.equal(Number(timeline.duration.toFixed(6)), 5.5);
  assert.equal(framesUntil(timeline, 2.2), 2);
  assert.equal(framesUntil(timeline, 2.19), 1);
  // No limit in the header: 2 s; a limit of 0 keeps the pauses.
  assert.equal(buildTimeline(cast(80, 24, [{ time: 30, code: 'o', data: 'a' }])).duration, 2);
  assert.equal(buildTimeline(cast(80, 24, [{ time: 30, code: 'o', data: 'a' }]), 0).duration, 30);
});

test('a short recording is written whole; forward from where it is, only what follows', () => {
  const timeline = buildTimeline(cast(80, 24, outputs(['a', 'b', 'c', 'd'])));
  assert.deepEqual(planSeek(timeline, null, 3, 1000), { reset: { cols: 80, rows: 24 }, ops: [{ kind: 'write', data: 'abc' }], skipped: 0 });
  assert.deepEqual(planSeek(timeline, 1, 3, 1000), { reset: null, ops: [{ kind: 'write', data: 'bc' }], skipped: 0 });
  assert.deepEqual(planSeek(timeline, 3, 1, 1000).reset, { cols: 80, rows: 24 });
});

test('a long log: the seek skips what scrolled away, and the screen is the same', async () => {
  const rows = 12;
  const scrollback = 300;
  // Now and then a counter drawn in the top-right corner, as the processus demo does.
  const lines = Array.from({ length: 4000 }, (_, i) => (i % 40 === 0 ? `\x1b7\x1b[1;90H[${i}]\x1b8` : '') + logLine(i));
  // Modes and pen that the skipped part leaves on: hidden cursor, no autowrap, bracketed paste,
  // insert mode, line-drawing charset, bold red, a palette colour changed.
  const chunks = ['\x1b[?25l\x1b[?7l\x1b[?2004h\x1b[4h\x1b]4;1;rgb:12/34/56\x07', ...lines.slice(0, 2000), '\x1b(0\x1b[1;31m', ...lines.slice(2000).map((l) => l.replace('\x1b[0m', ''))];
  const timeline = buildTimeline(cast(100, rows, outputs(chunks)));
  const to = timeline.frames.length;
  const seek = await seekState(timeline, to, scrollback);
  assert.ok(seek.skipped > 200_000, `skipped ${seek.skipped} characters`);
  assert.deepEqual(seek.state, await playedState(timeline, to, scrollback));
});

test('the prelude carries modes, pen, charsets and colours, and refuses what a skip cannot follow', () => {
  assert.equal(terminalState('\x1b[?25l\x1b[1mbold\x1b[0m \x1b[32mgreen\x1b(0', 24), '\x1b(0\x1b[?25l\x1b[0m\x1b[32m');
  assert.equal(terminalState('\x1b[?1049h vim', 24), null);
  assert.equal(terminalState('\x1b[?1049h vim \x1b[?1049l', 24), '');
  assert.equal(terminalState('\x1b[5;20r', 24), null);
  assert.equal(terminalState('\x1b[5;20r\x1b[r', 24), '');
  assert.equal(terminalState('\x1bH', 24), null);
  assert.equal(terminalState('\x1b[?25l\x1bc', 24), '');
});

test('fuzz: seeks into random terminal output give the screen of playing it all', async () => {
  const rows = 8;
  const scrollback = 100;
  let trimmed = 0;
  for (let seed = 1; seed <= 12; seed++) {
    // Calm recordings (mostly lines) and busy ones (cursor moves, modes, full-screen programs).
    const chunks = randomOutput(random(seed), rows, 300_000, [0.01, 0.05, 0.3, 1][seed % 4]!);
    const timeline = buildTimeline(cast(100, rows, outputs(chunks)));
    for (const to of [timeline.frames.length, Math.floor(timeline.frames.length * 0.8)]) {
      const seek = await seekState(timeline, to, scrollback);
      if (seek.skipped > 0) trimmed++;
      assert.deepEqual(seek.state, await playedState(timeline, to, scrollback), `seed ${seed}, frame ${to} (skipped ${seek.skipped})`);
    }
  }
  // Most of these recordings have a stretch that lets a seek skip their start.
  assert.ok(trimmed >= 5, `only ${trimmed} of 24 seeks skipped anything`);
});
