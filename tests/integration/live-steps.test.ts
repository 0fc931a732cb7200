// One step engine: a demo typed live through a presenter's socket (`play`, what "next" sends) is
// recorded by the live recorder of `livedeck dev` with the same markers, the same screen after
// each step and the same typing as `livedeck record` gives it; `build` takes that live recording
// as the demo's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { castMarkers, parseCast, type ParsedCast } from '../../common/asciicast.js';
import { loadDemo } from '../../server/demos/steps.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { LiveRecorder } from '../../server/recording/live-recorder.js';
import { BIN, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { PROMPT, startTermServer, TermClient } from './helpers/term-client.js';

const FIXTURE = join(ROOT, 'tests/fixtures/live-steps');
const SIZE = { cols: 80, rows: 24 };
/** The typing delay both take: `livedeck record`'s default, which live panes use. */
const TYPING_MS = 35;

function readCast(path: string): ParsedCast {
  return parseCast(readFileSync(path, 'utf8'), path);
}

/** `livedeck record` in a child process (the live session runs meanwhile in this one). */
function record(demos: string): Promise<CliResult> {
  const args = ['record', 'cours', '--demos', demos, '--cols', `${SIZE.cols}`, '--rows', `${SIZE.rows}`, '--typing-ms', `${TYPING_MS}`];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The demo typed through a presenter's socket, step after step as a teacher presses "next" (and
 * talks a moment in between); returns the session's live recording. */
async function typeLive(demos: string, recordings: string): Promise<{ cast: ParsedCast; path: string }> {
  const server = await startTermServer({ demosDir: demos });
  const logs: string[] = [];
  const recorder = new LiveRecorder(server.service.manager, { root: recordings, log: (line) => logs.push(line) });
  try {
    const steps = loadDemo(demos, 'cours').steps;
    server.service.manager.setDeck(new Map([['s2-t1', 1]]), new Map([['s2-t1', steps]]));
    const client = await TermClient.connect(server.url, { demo: 'cours', pane: 's2-t1', ...SIZE });
    await client.waitFor(PROMPT);
    // The teacher talks before the first step; meanwhile the recording's file is opened (events
    // that come before it all get the time it opened at).
    const path = join(recorder.dir, `cours-${client.ready.session}.cast`);
    while (!existsSync(path)) await sleep(50);
    await sleep(400);
    for (const index of steps.keys()) {
      await client.play(index);
      await sleep(400);
    }
    await client.close();
    await server.close();
    await recorder.dispose();
    assert.deepEqual(logs, []);
    return { cast: readCast(path), path };
  } finally {
    await server.close();
    await recorder.dispose();
  }
}

/** A background job's PID ("[1] 20458") is the only thing two runs print differently. */
function masked(lines: string[]): string[] {
  return lines.map((line) => line.replace(/^\[(\d+)\] \d+$/, '[$1] PID'));
}

/** Per step, seconds from its marker to its last output: its typing and what it printed, without
 * the quiet after it (the teacher's talk live, the settling wait recorded). */
function activity(cast: ParsedCast): number[] {
  const markers = castMarkers(cast);
  return markers.map((marker, i) => {
    const end = markers[i + 1]?.index ?? cast.events.length;
    const last = cast.events.slice(marker.index, end).filter((e) => e.code === 'o').at(-1);
    return (last?.time ?? marker.time) - marker.time;
  });
}

test('a demo typed live through the presenter\'s socket records what livedeck record records; build takes it', async (t) => {
  const dir = scratchDir(t, 'livedeck-live-steps-');
  cpSync(FIXTURE, join(dir, 'live'), { recursive: true });
  cpSync(join(FIXTURE, 'demos'), join(dir, 'recorded'), { recursive: true });
  const [result, { cast: live, path }] = await Promise.all([record(join(dir, 'recorded')), typeLive(join(dir, 'live', 'demos'), join(dir, 'recordings'))]);
  assert.equal(result.status, 0, result.stderr);
  const recorded = readCast(join(dir, 'recorded', 'cours', 'session.cast'));

  assert.deepEqual([live.header.cols, live.header.rows], [recorded.header.cols, recorded.header.rows]);
  const labels = castMarkers(recorded).map((m) => m.label);
  assert.equal(labels.length, 7);
  assert.deepEqual(castMarkers(live).map((m) => m.label), labels, 'the same markers, in the same order');

  // The screen after each step (before the next marker), and at the end (live: before the shell
  // was ended by the server's stop).
  const exit = live.events.findIndex((e) => e.code === 'x');
  const liveEnd = live.events.slice(0, exit === -1 ? undefined : exit).at(-1)!.time;
  for (let marker = 1; marker <= labels.length; marker++) {
    const last: boolean = marker === labels.length;
    const a = await castToScreen(recorded, last ? {} : { marker });
    const b = await castToScreen(live, last ? { at: liveEnd } : { marker });
    assert.deepEqual(masked(b.lines), masked(a.lines), `the screen after step ${marker}`);
  }
  const end = (await castToScreen(recorded)).lines;
  for (const line of ['premier pas', '> ligne deux', 'enfin arrivé', '^C', 'tapé sans entrée']) {
    assert.ok(end.some((l) => l.endsWith(line)), `"${line}" on the final screen:\n${end.join('\n')}`);
  }

  // The same typing: each step's marker to its last output takes as long, within 0.5 s or 25 %
  // (timers on a loaded machine), `#@ wait`'s second included.
  const [ours, theirs] = [activity(live), activity(recorded)];
  t.diagnostic(`seconds per step, live: ${ours.map((s) => s.toFixed(2)).join(' ')}; recorded: ${theirs.map((s) => s.toFixed(2)).join(' ')}`);
  for (const [i, seconds] of ours.entries()) {
    const tolerance = Math.max(0.5, 0.25 * theirs[i]!);
    assert.ok(Math.abs(seconds - theirs[i]!) <= tolerance, `step ${i + 1}: ${seconds.toFixed(2)} s live, ${theirs[i]!.toFixed(2)} s recorded`);
  }
  const typed = 'echo premier pas'.length * TYPING_MS / 1000;
  assert.ok(ours[0]! >= typed, `step 1 typed key by key: ${ours[0]!.toFixed(2)} s`);
  // `#@ pause 1` live: the next step's marker comes at least the settling quiet (0.6 s) and the
  // pause after step 3's last output.
  const markers = castMarkers(live);
  const afterPause = markers[3]!.time - (markers[2]!.time + ours[2]!);
  assert.ok(afterPause >= 1.6, `${afterPause.toFixed(2)} s between step 3's output and step 4`);

  // The live recording stands in for `livedeck record`'s.
  copyFileSync(path, join(dir, 'live', 'demos', 'cours', 'session.cast'));
  const build = runCli(['build', join(dir, 'live', 'deck.md'), '--out', join(dir, 'site')]);
  assert.equal(build.status, 0, build.stderr);
});
