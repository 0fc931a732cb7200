// Issue 18, "while presenting": `livedeck dev` writes the lecture's timeline as the class goes. A
// real dev server, real /sync and /term sockets: slides, fragments and a vertical slide, a demo's
// steps, a command typed by hand, a shell restart and live reloads land on the timeline at the
// moment they happened, on the clock of the casts; a clean stop ends it with `end`, a SIGKILL
// leaves a timeline, casts and snapshots that read.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { parseCast, type CastEvent } from '../../common/asciicast.js';
import { LECTURE_FILE, parseLecture, SNAPSHOTS_DIR, type ParsedLecture } from '../../common/lecture.js';
import { AccessTokens } from '../../server/access/access-tokens.js';
import { compileDeck } from '../../server/deck/compile.js';
import { DevServer } from '../../server/http/dev-server.js';
import { readSnapshot } from '../../server/lecture/deck-snapshot.js';
import { LectureRecorder } from '../../server/lecture/lecture-recorder.js';
import { LiveRecorder } from '../../server/recording/live-recorder.js';
import { SyncService } from '../../server/sync/sync-service.js';
import { SessionManager } from '../../server/terminal/session-manager.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { PROMPT, TermClient } from './helpers/term-client.js';

const FIXTURE = join(ROOT, 'tests/fixtures/lecture-live');
/** How far an event's time may be from when the test saw it happen (a loaded machine). */
const TOLERANCE_MS = 150;

type Event = ParsedLecture['events'][number];
type Of<T extends Event['type']> = Extract<Event, { type: T }>;

/** A presenter's /sync socket: its moves lead the deck. */
async function presenterSync(base: URL, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${base.host}/sync`, { origin: `http://${base.host}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', token }));
  await new Promise((resolve) => ws.once('message', resolve));
  return ws;
}

/** The lecture's timeline as it is on disk now (null: not there yet). */
function readLecture(dir: string): ParsedLecture | null {
  const file = join(dir, LECTURE_FILE);
  return existsSync(file) ? parseLecture(readFileSync(file, 'utf8'), file) : null;
}

/** Waits until the timeline has an event that `match` accepts, after the first `after` events. */
async function waitForEvent<T extends Event>(dir: string, match: (event: Event) => event is T, after = 0, ms = 10_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const found = readLecture(dir)?.events.slice(after).find(match);
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`no such event in ${dir}: ${existsSync(join(dir, LECTURE_FILE)) ? readFileSync(join(dir, LECTURE_FILE), 'utf8') : '(no timeline)'}`);
    await sleep(10);
  }
}

const is = <T extends Event['type']>(type: T, fields: Partial<Of<T>> = {}) =>
  (event: Event): event is Of<T> => event.type === type && Object.entries(fields).every(([key, value]) => (event as unknown as Record<string, unknown>)[key] === value);

/** The first output event of a cast that holds `text` (the recording thread writes within
 * tens of ms). */
async function waitForCastOutput(file: string, text: string): Promise<CastEvent> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const found = parseCast(readFileSync(file, 'utf8'), file).events.find((e) => e.code === 'o' && e.data.includes(text));
    if (found) return found;
    assert.ok(performance.now() < deadline, `"${text}" never reached ${file}`);
    await sleep(10);
  }
}

/** The test's clock placed on the lecture's: each moment the test did something, against the
 * time its event got. The first pair sets the offset; every other must agree within TOLERANCE_MS. */
class Clock {
  private offset: number | null = null;
  readonly pairs: Array<{ what: string; seen: number; t: number }> = [];

  check(what: string, seen: number, t: number): void {
    this.offset ??= t - seen;
    this.pairs.push({ what, seen, t });
    const expected = seen + this.offset;
    assert.ok(Math.abs(t - expected) <= TOLERANCE_MS, `${what}: at ${t} ms on the timeline, expected ${expected.toFixed(0)} ± ${TOLERANCE_MS}`);
  }

  /** Something the test saw happen between two of its moments. */
  between(what: string, from: number, to: number, t: number): void {
    const offset = this.offset!;
    assert.ok(t >= from + offset - TOLERANCE_MS && t <= to + offset + TOLERANCE_MS, `${what}: at ${t} ms on the timeline, expected within ${(from + offset).toFixed(0)}..${(to + offset).toFixed(0)}`);
  }
}

/** Every cast of the timeline parses, and its events fall inside its session's start and end. */
function checkCasts(dir: string, lecture: ParsedLecture, ended: boolean): void {
  const starts = lecture.events.filter(is('session-start'));
  assert.ok(starts.length > 0);
  for (const start of starts) {
    const end = lecture.events.find(is('session-end', { cast: start.cast }));
    if (ended) assert.ok(end, `${start.cast} has a session-end`);
    const cast = parseCast(readFileSync(join(dir, start.cast), 'utf8'), start.cast);
    assert.deepEqual([cast.header.cols, cast.header.rows], [start.cols, start.rows]);
    for (const event of cast.events) {
      const at = start.t + event.time * 1000;
      assert.ok(at >= start.t, `${start.cast}: an event before its start`);
      // Events that come while the cast's file is being opened are stamped once it is open
      // (session-recording.ts): on a loaded machine a shell ended that soon has its exit a few
      // ms after its session-end.
      if (end) assert.ok(at <= end.t + TOLERANCE_MS, `${start.cast}: "${event.code}" at ${at.toFixed(1)} ms, after its session-end at ${end.t} ms`);
    }
  }
}

async function checkSnapshots(dir: string, lecture: ParsedLecture): Promise<void> {
  const decks = lecture.events.filter(is('deck'));
  assert.ok(decks.length > 0);
  for (const { snapshot } of decks) assert.ok((await readSnapshot(dir, snapshot)).deck.slides.length > 0);
}

test('a class presented with livedeck dev: moves, steps, shells, a restart and reloads on the timeline, `end` at a clean stop', async (t) => {
  const scratch = scratchDir(t, 'livedeck-lecture-');
  cpSync(FIXTURE, join(scratch, 'talk'), { recursive: true });
  const deckFile = join(scratch, 'talk', 'deck.md');
  const log: string[] = [];
  const server = new DevServer({ deck: deckFile, host: '127.0.0.1', port: 0, token: null, watch: true, recordings: join(scratch, 'recordings'), log: (line) => log.push(line) });
  const base = new URL(await server.start());
  let stopped = false;
  t.after(async () => {
    if (!stopped) await server.dispose();
  });
  const dir = server.recordingsDir!;
  const clock = new Clock();
  const origin = `http://${base.host}`;

  // A launch nobody presents leaves nothing.
  await sleep(300);
  assert.equal(existsSync(dir), false, 'no folder before anything worth keeping');

  // Moves: the opening's fragments, the stack and the slide below it.
  const sync = await presenterSync(base, server.tokens.presenter);
  const moves = [
    { h: 0, v: 0, f: -1, slide: 1 },
    { h: 0, v: 0, f: 0, slide: 1 },
    { h: 0, v: 0, f: 1, slide: 1 },
    { h: 1, v: 0, f: -1, slide: 2 },
    { h: 1, v: 1, f: -1, slide: 3 },
  ];
  for (const { h, v, f, slide } of moves) {
    const seen = performance.now();
    sync.send(JSON.stringify({ type: 'goto', h, v, f }));
    const event = await waitForEvent(dir, is('position', { h, v, f }));
    assert.equal(event.slide, slide);
    clock.check(`position ${h}/${v}/${f}`, seen, event.t);
    await sleep(150);
  }
  // The same position again is not a new event.
  sync.send(JSON.stringify({ type: 'goto', h: 1, v: 1, f: -1 }));

  let lecture = readLecture(dir)!;
  assert.equal(lecture.header.title, 'A recorded lecture');
  assert.equal(lecture.header.deck, deckFile);
  assert.match(lecture.header.started, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  assert.ok(Math.abs(Date.parse(lecture.header.started) - Date.now()) < 60_000, 'started: now, with its offset');
  const firstDeck = lecture.events[0];
  assert.equal(firstDeck?.type, 'deck', 'the deck of the moment comes first');
  const firstSnapshot = (firstDeck as Of<'deck'>).snapshot;
  const stored = await readSnapshot(dir, firstSnapshot);
  assert.deepEqual(stored.deck.slides.map((s) => s.title), ['Opening', 'A stack', 'Below the stack', 'Steps typed by the server', 'A shell typed by hand']);
  assert.deepEqual(Object.keys(stored.files), ['figures/dot.png']);

  // The demo slide: its shell, its two steps typed by the server.
  const [demoPane, handPane] = [server.currentDeck!.slides[3]!.terminals[0]!.id, server.currentDeck!.slides[4]!.terminals[0]!.id];
  sync.send(JSON.stringify({ type: 'goto', h: 2, v: 0, f: -1 }));
  let seen = performance.now();
  const demo = await TermClient.connect(`ws://${base.host}/term`, { token: server.tokens.presenter, pane: demoPane, origin, cols: 90, rows: 20 });
  const demoStart = await waitForEvent(dir, is('session-start', { session: demo.ready.session }));
  clock.between('the steps pane\'s shell (between the hello and its ready)', seen, performance.now(), demoStart.t);
  assert.deepEqual({ ...demoStart, t: 0 }, { t: 0, type: 'session-start', session: demo.ready.session, pane: demoPane, demo: null, cast: `shell-${demo.ready.session}.cast`, cols: 90, rows: 20 });
  await demo.waitFor(PROMPT);
  for (const step of [0, 1]) {
    const asked = performance.now();
    await demo.play(step);
    const typing = await waitForEvent(dir, is('step', { session: demo.ready.session, step, state: 'typing' }));
    const done = await waitForEvent(dir, is('step', { session: demo.ready.session, step, state: 'done' }));
    assert.equal(typing.pane, demoPane);
    clock.check(`step ${step} typing`, asked, typing.t);
    clock.check(`step ${step} done`, performance.now(), done.t);
    assert.ok(done.t > typing.t);
  }

  // The next slide: a shell, a command typed by hand, then a restart.
  sync.send(JSON.stringify({ type: 'goto', h: 3, v: 0, f: -1 }));
  const hand = await TermClient.connect(`ws://${base.host}/term`, { token: server.tokens.presenter, pane: handPane, origin });
  const handStart = await waitForEvent(dir, is('session-start', { session: hand.ready.session }));
  await hand.waitFor(PROMPT);
  await sleep(300);
  await hand.run('echo typed-by-$((40+2))', /typed-by-42/);
  const typedAt = performance.now();
  const echo = await waitForCastOutput(join(dir, handStart.cast), 'typed-by-42');
  clock.check('the hand-typed command\'s output, placed by its cast', typedAt, handStart.t + echo.time * 1000);

  const fromControls = hand.controls.length;
  const asked = performance.now();
  hand.sendControl({ type: 'restart' });
  await hand.waitForControl('ready', 15_000, () => true, fromControls);
  seen = performance.now();
  const handEnd = await waitForEvent(dir, is('session-end', { session: hand.ready.session }));
  const restart = await waitForEvent(dir, is('session-start', { session: hand.ready.session, cast: `shell-${hand.ready.session}.2.cast` }));
  assert.equal(handEnd.cast, handStart.cast);
  assert.ok(handEnd.status !== null && handEnd.status > 128, `the old shell was killed: ${handEnd.status}`);
  assert.equal(restart.pane, handPane);
  assert.ok(restart.t >= handEnd.t);
  clock.between('the old shell\'s end', asked, seen, handEnd.t);
  clock.check('the restart (its shell ready)', seen, restart.t);

  // A save that changes the deck: a new deck event and snapshot; positions are numbered in it.
  const snapshotsBefore = readdirSync(join(dir, SNAPSHOTS_DIR)).length;
  let compiled = server.currentDeck;
  writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('# Opening', '# Opening\n\n---\n\n## Inserted on the fly'));
  while (server.currentDeck === compiled) await sleep(10);
  seen = performance.now();
  compiled = server.currentDeck;
  const reloaded = await waitForEvent(dir, is('deck'), lecture.events.indexOf(firstDeck!) + 1);
  assert.notEqual(reloaded.snapshot, firstSnapshot);
  clock.check('the reload', seen, reloaded.t);
  assert.equal(readdirSync(join(dir, SNAPSHOTS_DIR)).length, snapshotsBefore + 1);
  assert.equal((await readSnapshot(dir, reloaded.snapshot)).deck.slides[1]!.title, 'Inserted on the fly');
  sync.send(JSON.stringify({ type: 'goto', h: 4, v: 0, f: -1 }));
  assert.equal((await waitForEvent(dir, is('position', { h: 4 }))).slide, 6, 'numbered in the new deck');

  // A save that changes nothing: compiled again, no deck event, no snapshot.
  writeFileSync(deckFile, readFileSync(deckFile, 'utf8'));
  while (server.currentDeck === compiled) await sleep(10);
  sync.send(JSON.stringify({ type: 'goto', h: 3, v: 0, f: -1 }));
  // A deck event would come before this position: they are written in the order they happened.
  await waitForEvent(dir, is('position', { h: 3, v: 0 }), readLecture(dir)!.events.length - 1);
  lecture = readLecture(dir)!;
  assert.equal(lecture.events.filter(is('deck')).length, 2);
  assert.equal(readdirSync(join(dir, SNAPSHOTS_DIR)).length, snapshotsBefore + 1);

  // A clean stop: the shells still running end (status null: the server stopped them), then `end`.
  sync.close();
  seen = performance.now();
  await server.dispose();
  stopped = true;
  lecture = readLecture(dir)!;
  assert.equal(lecture.truncated, false);
  const last = lecture.events.at(-1)!;
  assert.equal(last.type, 'end');
  clock.between('end', seen, performance.now(), last.t);
  const ends = new Map(lecture.events.filter(is('session-end')).map((e) => [e.cast, e.status]));
  assert.deepEqual(ends, new Map([[handStart.cast, handEnd.status], [demoStart.cast, null], [restart.cast, null]]));
  assert.ok(lecture.events.filter(is('session-end')).every((e) => e.t <= last.t));
  assert.equal(lecture.events.filter(is('position', { h: 1, v: 1 })).length, 1, 'an identical position is not repeated');
  for (let i = 1; i < lecture.events.length; i++) assert.ok(lecture.events[i]!.t >= lecture.events[i - 1]!.t);
  checkCasts(dir, lecture, true);
  await checkSnapshots(dir, lecture);
  t.diagnostic(`test moment -> timeline: ${clock.pairs.map((p) => `${p.what} ${(p.t - (p.seen + (clock.pairs[0]!.t - clock.pairs[0]!.seen))).toFixed(0)} ms`).join('; ')}`);
  assert.deepEqual(log, []);
  demo.ws.terminate();
  hand.ws.terminate();
});

test('SIGKILL of livedeck dev mid-lecture leaves a timeline without `end`, casts that parse and snapshots that read', async (t) => {
  const scratch = scratchDir(t, 'livedeck-lecture-kill-');
  cpSync(FIXTURE, join(scratch, 'talk'), { recursive: true });
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', join(scratch, 'talk', 'deck.md')], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = performance.now() + 20_000;
  let started: RegExpExecArray | null = null;
  while (!(started = /presenter\s+(http:\/\/\S+\/)\?token=(\S+)/.exec(output)) || !/recording\s+the class \(slides, terminals; your voice with M in the presenter view\) to (\S+)\//.test(output)) {
    assert.ok(performance.now() < deadline && child.exitCode === null, `livedeck dev did not start:\n${output}`);
    await sleep(20);
  }
  const base = new URL(started[1]!);
  const token = started[2]!;
  const dir = join(scratch, /recording\s+the class \(slides, terminals; your voice with M in the presenter view\) to (\S+)\//.exec(output)![1]!);

  const sync = await presenterSync(base, token);
  sync.send(JSON.stringify({ type: 'goto', h: 3, v: 0, f: -1 }));
  const shell = await TermClient.connect(`ws://${base.host}/term`, { token, pane: 's5-t1', origin: `http://${base.host}` });
  await shell.waitFor(PROMPT);
  await shell.run('echo before-the-kill', /before-the-kill\r\n/);
  sync.send(JSON.stringify({ type: 'goto', h: 2, v: 0, f: -1 }));
  await waitForEvent(dir, is('position', { h: 2 }));
  // The recording thread posts its batches every 20 ms: what the kill may lose.
  await sleep(100);

  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  shell.ws.terminate();
  sync.terminate();

  const lecture = readLecture(dir)!;
  assert.notEqual(lecture.events.at(-1)!.type, 'end');
  assert.equal(lecture.events.some((e) => e.type === 'end'), false);
  assert.deepEqual(lecture.events.filter(is('position')).map((e) => [e.h, e.slide]), [[3, 5], [2, 4]]);
  const start = lecture.events.find(is('session-start'))!;
  assert.equal(start.pane, 's5-t1');
  await waitForCastOutput(join(dir, start.cast), 'before-the-kill');
  checkCasts(dir, lecture, false);
  await checkSnapshots(dir, lecture);
  t.diagnostic(`after the kill: ${lecture.events.map((e) => e.type).join(', ')}`);
});

test('the voice service\'s calls: voiceStart opens the lecture (its folder exists on return), chunks and ends are timed events', async (t) => {
  const root = join(scratchDir(t, 'livedeck-lecture-voice-'), 'recordings');
  const sessions = new SessionManager();
  const sync = new SyncService({ tokens: new AccessTokens({ presenter: 'p'.repeat(20), audience: 'a'.repeat(20) }) });
  const casts = new LiveRecorder(sessions, { root, log: assert.fail });
  const recorder = new LectureRecorder({ dir: casts.dir, deck: 'talk/deck.md', title: 'Voice only', sync, sessions, casts, log: assert.fail });
  t.after(async () => {
    await recorder.dispose();
    await casts.dispose();
    await sync.dispose();
    await sessions.dispose();
  });
  recorder.deckCompiled(await compileDeck(join(FIXTURE, 'deck.md')));
  await sleep(50);
  assert.equal(existsSync(recorder.dir), false, 'a deck compiled is not worth a lecture');

  const started = performance.now();
  recorder.voiceStart('voice-1.webm', 'audio/webm;codecs=opus');
  assert.ok(existsSync(recorder.dir), 'the folder is there for the voice file');
  assert.equal(recorder.dir, casts.dir);
  await sleep(200);
  recorder.voiceChunk('voice-1.webm', 4000, 0.25);
  recorder.voiceChunk('voice-1.webm', 8000, 1.5);
  recorder.voiceEnd('voice-1.webm');
  const ended = performance.now();
  await recorder.dispose();

  const lecture = readLecture(recorder.dir)!;
  assert.equal(lecture.header.title, 'Voice only');
  const [deck, start, ...rest] = lecture.events;
  assert.equal(deck!.type, 'deck', 'the deck of the moment, stored as the lecture opened');
  assert.ok(deck!.t < start!.t);
  assert.deepEqual({ ...start, t: 0 }, { t: 0, type: 'voice-start', file: 'voice-1.webm', mime: 'audio/webm;codecs=opus' });
  assert.deepEqual(rest.map((e) => ({ ...e, t: 0 })), [
    { t: 0, type: 'voice-chunk', file: 'voice-1.webm', bytes: 4000, level: 0.25 },
    { t: 0, type: 'voice-chunk', file: 'voice-1.webm', bytes: 8000, level: 1 },
    { t: 0, type: 'voice-end', file: 'voice-1.webm' },
    { t: 0, type: 'end' },
  ]);
  const span = rest[2]!.t - start.t;
  assert.ok(Math.abs(span - (ended - started)) < 20, `voice segment ${span} ms on the timeline, ${(ended - started).toFixed(0)} ms measured`);
  await checkSnapshots(recorder.dir, lecture);
});
