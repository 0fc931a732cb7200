// A recording cut into segments by the static build (server/casts/cast-segments.ts), and read back
// by the replay player (client/terminal/player-segments.ts), against a real terminal
// (@xterm/headless, the same parser as the page's xterm.js): each keyframe rebuilds the screen of
// everything before it, cell for cell, scrollback, cursor, modes and pen included; and any seek
// the player plans from one point to another, from keyframes or on top, gives the screen of
// playing the whole recording straight.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCast, type CastEvent } from '../../common/asciicast.js';
import type { SeekPlan } from '../../common/cast-seek.js';
import { buildTimeline, framesUntil, type Timeline } from '../../common/cast-timeline.js';
import { CAST_SCRIPTS_GLOBAL, type PaneCast } from '../../common/deck.js';
import { SegmentedRecording } from '../../client/terminal/player-segments.js';
import { segmentCast } from '../../server/casts/cast-segments.js';
import { REPLAY_FIXTURE } from '../helpers/replay-deck.js';
import { applyPlan, cast, headless, outputs, random, randomOutput, screenState, write, type Headless } from '../helpers/terminal-state.js';

const COLS = 100;
const ROWS = 8;
const SCROLLBACK = 100;

/** The frames [0, to) of `timeline`, played straight into a fresh terminal. */
async function played(timeline: Timeline, to: number): Promise<Headless> {
  const term = headless(timeline.cols, timeline.rows, SCROLLBACK);
  for (const frame of timeline.frames.slice(0, to)) {
    if (frame.kind === 'output') term.write(frame.data);
    else {
      await write(term, '');
      term.resize(frame.cols, frame.rows);
    }
  }
  return term;
}

/** What a page holds once `livedeck build` made the site: the index, and the segments' texts
 * where their scripts put them. */
function publish(name: string, chunks: string[], segmentChars: number): { index: PaneCast; timeline: Timeline } {
  const recording = cast(COLS, ROWS, outputs(chunks));
  const { index, texts } = segmentCast(recording, `casts/${name}`, { segmentChars, scrollback: SCROLLBACK });
  const scripts = ((globalThis as Record<string, unknown>)[CAST_SCRIPTS_GLOBAL] ??= {}) as Record<string, string>;
  index.segments.forEach((segment, k) => {
    scripts[segment.script] = texts[k]!;
  });
  return { index: { file: `casts/${name}.cast`, ...index, screens: [] }, timeline: buildTimeline(recording) };
}

/** The plan from `from` to `to`, once the segments it needs are loaded. */
async function planOf(recording: SegmentedRecording, from: number | null, to: number): Promise<SeekPlan> {
  for (;;) {
    const plan = recording.plan(from, to);
    if (!('need' in plan)) return plan;
    await Promise.all(plan.need.map((k) => recording.load(k)));
  }
}

test('each keyframe rebuilds the screen of everything before it, and segments hold every frame', async () => {
  let keyframes = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const chunks = randomOutput(random(seed), ROWS, 250_000, [0.01, 0.05, 0.3, 1, 0][seed % 5]!);
    const recording = cast(COLS, ROWS, outputs(chunks));
    const timeline = buildTimeline(recording);
    const { index, texts } = segmentCast(recording, `casts/keyframes-${seed}`, { segmentChars: 20_000, scrollback: SCROLLBACK });
    assert.ok(index.segments.length > 5, `seed ${seed}: ${index.segments.length} segments`);
    assert.equal(index.frames, timeline.frames.length);
    assert.equal(index.segments.reduce((n, s) => n + s.chars, 0), chunks.join('').length, 'every character in one segment');
    for (const [k, segment] of index.segments.entries()) {
      const text = parseCast(texts[k]!, segment.script);
      const frames = (index.segments[k + 1]?.frame ?? index.frames) - segment.frame;
      assert.equal(text.events.length, frames + (segment.keyframe > 0 ? 1 : 0), `segment ${k}: its frames, and its keyframe`);
      if (segment.keyframe === 0) continue;
      keyframes++;
      const keyframe = text.events[0]!.data;
      assert.equal(keyframe.length, segment.keyframe);
      const fromKeyframe = headless(text.header.cols, text.header.rows, SCROLLBACK);
      await write(fromKeyframe, keyframe);
      const straight = await played(timeline, segment.frame);
      assert.deepEqual(await screenState(fromKeyframe), await screenState(straight), `seed ${seed}, segment ${k}`);
      fromKeyframe.dispose();
      straight.dispose();
    }
  }
  // Calm recordings have a keyframe in most segments; a busy one with a scroll region left on, few.
  assert.ok(keyframes >= 20, `only ${keyframes} keyframes`);
});

test('the player: any seek, from keyframes or on top, gives the screen of playing straight', async () => {
  for (const seed of [11, 12, 13]) {
    const next = random(seed);
    const { index, timeline } = publish(`seeks-${seed}`, randomOutput(next, ROWS, 200_000, [0.02, 0.3, 0.05][seed % 3]!), 16_000);
    const recording = new SegmentedRecording(index, SCROLLBACK);
    const total = timeline.frames.length;
    let viaKeyframe = 0;
    for (let i = 0; i < 8; i++) {
      // Forward (near and far), backward, and to the very start and end.
      const from = i === 0 ? null : Math.floor(next() * total);
      const to = i === 1 ? 0 : i === 2 ? total : from !== null && i % 2 === 0 ? Math.min(total, from + Math.floor(next() * 30)) : Math.floor(next() * total);
      const term = headless(COLS, ROWS, SCROLLBACK);
      if (from !== null) await applyPlan(term, await planOf(recording, null, from));
      const plan = await planOf(recording, from, to);
      if (plan.reset && plan.ops[0]?.kind === 'write' && from !== null) viaKeyframe++;
      await applyPlan(term, plan);
      const straight = await played(timeline, to);
      assert.deepEqual(await screenState(term), await screenState(straight), `seed ${seed}: ${from} -> ${to}`);
      term.dispose();
      straight.dispose();
    }
    assert.ok(viaKeyframe > 0, 'some seeks start from a keyframe');
    // Which frames are due at a time, as the whole timeline says.
    for (let i = 0; i < 20; i++) {
      const time = next() * (timeline.duration + 0.02);
      let due = recording.framesUntil(time);
      if (typeof due !== 'number') {
        await Promise.all(due.need.map((k) => recording.load(k)));
        due = recording.framesUntil(time);
      }
      assert.equal(due, framesUntil(timeline, time), `frames due at ${time}`);
    }
  }
});

test('segments start at the steps and at the last frame: the slides\' screens are a keyframe and (the end) one frame', async () => {
  const chunks = randomOutput(random(31), ROWS, 120_000, 0.01);
  // A step every 40 chunks (about 5 kB of output: some steps close enough to the previous start
  // to stay in its segment).
  const events: CastEvent[] = [];
  chunks.forEach((data, i) => {
    if (i > 0 && i % 40 === 0) events.push({ time: i * 0.01, code: 'm', data: `step ${i / 40}` });
    events.push({ time: i * 0.01, code: 'o', data });
  });
  const recording = cast(COLS, ROWS, events);
  const timeline = buildTimeline(recording);
  const segmentChars = 16_000;
  const { index, texts } = segmentCast(recording, 'casts/steps', { segmentChars, scrollback: SCROLLBACK });
  const scripts = ((globalThis as Record<string, unknown>)[CAST_SCRIPTS_GLOBAL] ??= {}) as Record<string, string>;
  index.segments.forEach((segment, k) => {
    scripts[segment.script] = texts[k]!;
  });
  const starts = index.segments.map((segment) => segment.frame);
  const outputBetween = (from: number, to: number) => timeline.frames.slice(from, to).reduce((n, f) => n + (f.kind === 'output' ? f.data.length : 0), 0);
  const total = timeline.frames.length;
  let cut = 0;
  let uncut = 0;
  for (const position of [...timeline.markers.map((marker) => marker.index), total - 1]) {
    const before = starts.filter((start) => start <= position).at(-1)!;
    if (before === position) {
      cut++;
      // A cut where no keyframe can be would only add a script to load.
      assert.ok(index.segments[starts.indexOf(position)]!.keyframe > 0, `frame ${position}: a segment without a keyframe`);
      continue;
    }
    // Else too close to the last start, or no keyframe possible there (this output seldom
    // leaves the alternate screen on or a scroll region set).
    if (outputBetween(before, position) >= segmentChars / 8) uncut++;
  }
  assert.ok(cut >= timeline.markers.length / 2 && uncut <= 2, `${cut} cuts at steps, ${uncut} without a keyframe`);
  const player = new SegmentedRecording({ file: 'casts/steps.cast', ...index, screens: [] }, SCROLLBACK);
  let fromKeyframe = 0;
  for (const to of [...timeline.markers.map((marker) => marker.index), total]) {
    const k = player.segmentOf(Math.min(to, total - 1));
    const plan = await planOf(player, null, to);
    if (index.segments[k]!.frame === Math.min(to, total - 1) && index.segments[k]!.keyframe > 0) {
      fromKeyframe++;
      // Nothing after the keyframe but, for the end, the last frame.
      assert.equal(plan.ops.filter((op) => op.kind === 'write').length, 1, `to ${to}: one write`);
    }
    const term = headless(COLS, ROWS, SCROLLBACK);
    await applyPlan(term, plan);
    const straight = await played(timeline, to);
    assert.deepEqual(await screenState(term), await screenState(straight), `to ${to}`);
    term.dispose();
    straight.dispose();
  }
  assert.ok(fromKeyframe >= cut / 2, `only ${fromKeyframe} screens from a keyframe at their frame`);
});

test('a terminal keeping more scrollback than the keyframes starts from the beginning', async () => {
  const { index } = publish('scrollback', randomOutput(random(21), ROWS, 100_000, 0.01), 16_000);
  assert.ok(index.segments.some((segment) => segment.keyframe > 0));
  const recording = new SegmentedRecording(index, SCROLLBACK + 1);
  const plan = recording.plan(null, index.frames);
  assert.deepEqual('need' in plan && plan.need, index.segments.map((_, k) => k), 'every segment, from the first');
});

test('a demo\'s recording of a few minutes is one segment, with the markers and times of the player\'s timeline', () => {
  const recording = parseCast(readFileSync(join(REPLAY_FIXTURE, 'demos/jobs/session.cast'), 'utf8'));
  const timeline = buildTimeline(recording);
  const { index, texts } = segmentCast(recording, 'casts/jobs', { segmentChars: 128 * 1024, scrollback: 1000 });
  assert.equal(index.segments.length, 1);
  assert.deepEqual(index.segments[0], { script: 'casts/jobs/0.js', frame: 0, time: timeline.frames[0]!.time, chars: index.segments[0]!.chars, keyframe: 0 });
  assert.deepEqual(index.markers.map((m) => [m.label, m.index]), timeline.markers.map((m) => [m.label, m.index]));
  for (const [i, marker] of index.markers.entries()) assert.ok(Math.abs(marker.time - timeline.markers[i]!.time) < 1e-6);
  assert.ok(Math.abs(index.duration - timeline.duration) < 1e-6);
  // The segment's events are the timeline's frames, at the same (rounded) times.
  const events = parseCast(texts[0]!).events;
  assert.equal(events.length, timeline.frames.length);
  events.forEach((event, i) => assert.ok(Math.abs(event.time - timeline.frames[i]!.time) < 1e-6));
});
