// The replay player's timeline and seek plans, against a real terminal (@xterm/headless, the same
// parser as the page's xterm.js): the screen a seek writes must be the screen of the whole output,
// cell for cell, scrollback, cursor, modes and pen included, also when the seek skips the part of
// a long recording that can no longer show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import xtermHeadless from '@xterm/headless';
import type { Cast, CastEvent } from '../../common/asciicast.js';
import { planSeek, terminalState } from '../../client/terminal/player-seek.js';
import { buildTimeline, framesUntil, type Timeline } from '../../client/terminal/player-timeline.js';

type Headless = InstanceType<typeof xtermHeadless.Terminal>;

function cast(cols: number, rows: number, events: CastEvent[], idleTimeLimit?: number): Cast {
  return { header: { version: 2, cols, rows, ...(idleTimeLimit !== undefined ? { idleTimeLimit } : {}) }, events };
}

/** Output events, 10 ms apart. */
function outputs(chunks: string[]): CastEvent[] {
  return chunks.map((data, i) => ({ time: i * 0.01, code: 'o', data }));
}

function terminal(timeline: Timeline, scrollback: number): Headless {
  return new xtermHeadless.Terminal({ cols: timeline.cols, rows: timeline.rows, scrollback, allowProposedApi: true });
}

function write(term: Headless, data: string): Promise<void> {
  return new Promise((done) => term.write(data, done));
}

/** Everything a person (or the next byte) could tell apart: every line with its cells' colours
 * and styles, the cursor, the modes, and the pen and charset (a probe written last). */
async function state(term: Headless): Promise<unknown> {
  await write(term, '');
  const buffer = term.buffer.active;
  const cursor = { x: buffer.cursorX, y: buffer.cursorY, type: buffer.type };
  const modes = { ...term.modes };
  await write(term, 'Xq\x1b[5n');
  const cell = buffer.getNullCell();
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    let attrs = '';
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      attrs += `${cell.getChars() || ' '}${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isInverse()}${cell.isUnderline()}|`;
    }
    lines.push(`${line.isWrapped ? 'w' : '-'}${attrs}`);
  }
  return { cursor, modes, lines };
}

/** Plays `plan` into a fresh terminal as the pane does: a reset to its size, then its writes. */
async function seekState(timeline: Timeline, to: number, scrollback: number): Promise<{ state: unknown; skipped: number }> {
  const plan = planSeek(timeline, null, to, scrollback);
  const term = terminal(timeline, scrollback);
  assert.ok(plan.reset, 'a seek from nowhere resets');
  term.resize(plan.reset.cols, plan.reset.rows);
  for (const op of plan.ops) {
    if (op.kind === 'write') await write(term, op.data);
    else {
      await write(term, '');
      term.resize(op.cols, op.rows);
    }
  }
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

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
    const next = random(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
    const word = () => 'x'.repeat(1 + Math.floor(next() * 30)).replace(/x/g, () => pick(['a', 'b', 'é', 'q', ' ', '─', '字']));
    // Calm recordings (mostly lines) and busy ones (cursor moves, modes, full-screen programs).
    const busy = [0.01, 0.05, 0.3, 1][seed % 4]!;
    let output = '';
    let lineCount = 0;
    while (output.length < 300_000) {
      const roll = next();
      if (roll > 0.2 * busy) {
        // A line of text, now and then long enough to wrap, or a coloured word.
        if (next() < 0.1) output += pick(['\x1b[31m', '\x1b[1;44m', '\x1b[0m', '\x1b[m', '\x1b[7m', '\x1b[38;5;208m']);
        output += `${word()}${next() < 0.1 ? word().repeat(6) : ''}\r\n`;
        lineCount++;
        continue;
      }
      const kind = next();
      if (kind < 0.2) output += `\x1b[${1 + Math.floor(next() * 4)}A`;
      else if (kind < 0.4) output += `\x1b7\x1b[1;${60 + Math.floor(next() * 30)}H[${lineCount}]\x1b8`;
      else if (kind < 0.5) output += `\x1b[${1 + Math.floor(next() * rows)};${1 + Math.floor(next() * 50)}H`;
      else if (kind < 0.55) output += '\x1b[?1049h\x1b[H\x1b[2Jfull screen\x1b[5;3Hprogram\x1b[?1049l';
      else if (kind < 0.75) output += pick(['\x1b[?25l', '\x1b[?25h', '\x1b[?7l', '\x1b[?7h', '\x1b[4h', '\x1b[4l', '\x1b(0', '\x1b(B', '\x0e', '\x0f']);
      else if (kind < 0.9) output += pick(['\x1bM', '\x1b[2L', '\x1b[M', '\x1b[K', '\x1b[1J', '\x1b[3S', '\x1b[2T', '\t', '\x1b[20G']);
      else if (kind < 0.97) output += pick(['\x1b[2;6r\x1b[3;1Hin a region\r\n\r\n\x1b[r', '\x1b8', '\x1b]0;title\x07', '\x1b]4;2;rgb:aa/bb/cc\x07']);
      // A scroll region left on: no seek can skip past it.
      else if (busy === 1) output += '\x1b[3;7r';
    }
    // Cut into frames at random places, escape sequences and CR LF pairs included.
    const chunks: string[] = [];
    for (let at = 0; at < output.length;) {
      const size = 1 + Math.floor(next() * 400);
      chunks.push(output.slice(at, at + size));
      at += size;
    }
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
