// `livedeck record` end to end: the real CLI types demos into a real shell; the casts are read back
// with castToScreen, compared between two recordings, and exchanged with the real asciinema CLI.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { castMarkers, parseCast, type ParsedCast } from '../../common/asciicast.js';
import { loadDemo } from '../../server/demos/steps.js';
import { castToScreen } from '../../server/casts/cast-screen.js';
import { LiveRecorder } from '../../server/recording/live-recorder.js';
import { TerminalScreen } from '../../server/casts/terminal-screen.js';
import { requireAsciinema } from '../helpers/asciinema.js';
import { BIN, ROOT, type CliResult } from '../helpers/cli.js';
import { REPLAY_FIXTURE } from '../helpers/replay-deck.js';
import { scratchDir } from '../helpers/scratch.js';
import { PROMPT, startTermServer, TermClient } from './helpers/term-client.js';

const execFileAsync = promisify(execFile);
const scratch = (t: { after(fn: () => void): void }) => scratchDir(t, 'livedeck-record-test-');

/** A demos folder holding copies of the named demos (without their recordings). */
function demosCopy(t: { after(fn: () => void): void }, from: string, names: string[]): string {
  const dir = join(scratch(t), 'demos');
  for (const name of names) {
    cpSync(join(from, name), join(dir, name), { recursive: true, filter: (file) => !file.endsWith('session.cast') });
  }
  return dir;
}

/** The CLI in a child process, without blocking the event loop (recordings run side by side). */
function record(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'record', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function readCast(path: string): ParsedCast {
  return parseCast(readFileSync(path, 'utf8'), path);
}

/** PIDs that the recording of the fixture's jobs demo shows: its shell (in ps's output) and the
 * counter detached by setsid (it prints "count N (PID P)" in its log). */
function jobsPids(cast: ParsedCast): number[] {
  const output = cast.events.filter((e) => e.code === 'o').map((e) => e.data).join('');
  const shell = /^ *(\d+) +\d+ +\S+ +\/bin\/bash --noprofile/m.exec(output)?.[1];
  const detached = /^count \d+ \(PID (\d+)\)/m.exec(output)?.[1];
  assert.ok(shell && detached, 'the recording shows the PIDs of the shell and of the detached counter');
  return [Number(shell), Number(detached)];
}

/** What differs between two recordings of the same demo, masked: numbers (PIDs, the counter's
 * count) and the column padding that numbers of another width cause. */
function masked(lines: string[]): string[] {
  return lines.map((line) => line.replace(/\d+/g, '#').replace(/ +/g, ' ').trimEnd());
}

describe('livedeck record', { concurrency: true }, () => {
  test('a demo twice: the same step markers and the same final screen, and nothing left running', async (t) => {
    const fixtureDemos = join(REPLAY_FIXTURE, 'demos');
    const demos = [demosCopy(t, fixtureDemos, ['jobs']), demosCopy(t, fixtureDemos, ['jobs'])];
    const results = await Promise.all(demos.map((dir) => record(['jobs', '--demos', dir, '--typing-ms', '5'])));
    const steps = loadDemo(fixtureDemos, 'jobs').steps;
    const casts = results.map((result, i) => {
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /step +1\/\d+ .*\.\/counter\.sh &/, 'progress per step on stderr');
      assert.match(result.stderr, /wrote .*session\.cast: [\d.]+ s of terminal, \d+ markers/);
      assert.deepEqual(readdirSync(demos[i]!), ['jobs'], 'no temp file left beside the demo');
      return readCast(join(demos[i]!, 'jobs', 'session.cast'));
    });

    const [first, second] = casts as [ParsedCast, ParsedCast];
    assert.equal(first.header.version, 2);
    assert.equal(first.header.title, 'jobs');
    assert.deepEqual([first.header.cols, first.header.rows], [100, 28]);
    assert.equal(first.header.idleTimeLimit, 2);
    assert.deepEqual(first.header.env, { TERM: 'xterm-256color', SHELL: '/bin/bash' });
    const labels = castMarkers(first).map((m) => m.label);
    assert.deepEqual(castMarkers(second).map((m) => m.label), labels);
    assert.equal(labels[0], '1: Start the counter in the background.');
    assert.equal(labels.length, steps.length, 'one marker per step');

    // Races that are bash's and the kernel's, not the recorder's, can add a line: the counter's
    // `sleep 1` child is in ps's output unless ps ran in the instant between two sleeps, and bash
    // reports `kill -STOP %1` ("[1]+ Stopped", after a blank line) only when it reaps the stop
    // before printing its next prompt; likewise `kill -TERM %1; wait` ("[1]+ Terminated"), which
    // one of two recordings was seen without. Such lines are left out of both screens, which are
    // then compared on the rows they both end with.
    const screens = await Promise.all(casts.map(async (cast) => masked((await castToScreen(cast)).lines)));
    const racy = /^$| sleep #$|^\[#\]\+ (Stopped|Terminated) \.\/counter\.sh$/;
    const [a, b] = screens.map((lines) => lines.filter((line) => !racy.test(line))) as [string[], string[]];
    const rows = Math.min(a.length, b.length);
    assert.ok(rows >= 20, `${rows} rows to compare`);
    assert.deepEqual(a.slice(-rows), b.slice(-rows));
    assert.ok(a.some((line) => /@livedeck:jobs[$#] kill \$\(cat counter\.pid\)$/.test(line)), a.join('\n'));

    // The session ended with the command: its shell and the counter detached by setsid are gone.
    for (const cast of casts) {
      for (const pid of jobsPids(cast)) assert.equal(isRunning(pid), false, `process ${pid} is gone`);
    }
  });

  test('every kind of step: heredoc lines, a command that keeps the terminal, wait text, noenter', async (t) => {
    const demos = demosCopy(t, join(ROOT, 'tests/fixtures/demos-record'), ['parcours']);
    const result = await record(['parcours', '--demos', demos, '--typing-ms', '5', '--cols', '80', '--rows', '24']);
    assert.equal(result.status, 0, result.stderr);
    const cast = readCast(join(demos, 'parcours', 'session.cast'));
    assert.deepEqual([cast.header.cols, cast.header.rows], [80, 24]);
    assert.deepEqual(castMarkers(cast).map((m) => m.label), [
      '1: Une commande simple.',
      '2: Une commande sur plusieurs lignes : chaque ligne attend l\'invite de continuation.',
      '3: Une commande qui garde le terminal : pas d\'invite à attendre, l\'étape suivante le rend.',
      '4: ^C',
      '5: Une sortie qui arrive tard, attendue par son texte.',
      '6: Tapée sans Entrée…',
      '7: … puis Entrée.',
    ]);
    // Before ^C: `sleep 60` runs, no prompt after it.
    const sleeping = (await castToScreen(cast, { marker: 3 })).lines.filter((l) => l !== '');
    assert.match(sleeping.at(-1)!, /\$ sleep 60$|# sleep 60$/);
    // Before Enter: the command is typed, not run.
    const typed = (await castToScreen(cast, { marker: 6 })).lines.filter((l) => l !== '');
    assert.match(typed.at(-1)!, /[$#] echo tapé sans entrée$/);

    const end = (await castToScreen(cast)).lines;
    const text = end.join('\n');
    for (const line of ['premier pas', '> ligne un', '> ligne deux', '> FIN', '^C', 'enfin arrivé', 'tapé sans entrée']) {
      assert.ok(end.includes(line) || end.some((l) => l.endsWith(line)), `"${line}" on the final screen:\n${text}`);
    }
    // Each heredoc line was typed once the shell asked for it: echoed once, not twice.
    assert.equal(end.filter((l) => l === '> ligne un').length, 1, text);
    assert.equal(end.filter((l) => l === 'ligne un').length, 1, text);
    assert.match(end.filter((l) => l !== '').at(-1)!, /@livedeck:[^ ]+[$#]$/, 'the prompt is back at the end');
  });

  test('a step that fails leaves the previous recording as it was and names the step', async (t) => {
    const demos = demosCopy(t, join(ROOT, 'tests/fixtures/demos-record'), ['attente']);
    const previous = join(demos, 'attente', 'session.cast');
    writeFileSync(previous, '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "the good one"]\n');
    const result = await record(['attente', '--demos', demos, '--typing-ms', '5', '--timeout', '2']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /attente\/steps\.sh:8:1: error: step 2 of 2 did not show "introuvable" within 2 s/);
    assert.match(result.stderr, /8 \| echo autre chose/, 'the diagnostic quotes the step');
    assert.match(result.stderr, /\| .*autre chose/, 'and shows the screen');
    assert.equal(readFileSync(previous, 'utf8'), '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "the good one"]\n');
    assert.deepEqual(readdirSync(demos), ['attente'], 'no temp file left');
  });

  test('a recording by asciinema rec: castToScreen shows what asciinema cat draws', async (t) => {
    requireAsciinema();
    const dir = scratch(t);
    const script = join(dir, 'draw.sh');
    // Scrolling, colours, a cursor move that overwrites, a wide character, an erase.
    writeFileSync(script, [
      'for i in $(seq 1 30); do printf "\\033[3%dmligne %d\\033[0m é 🙂\\n" $((i % 8)) "$i"; done',
      'printf "\\033[3;5Hici\\033[K"',
      'printf "\\033[24;1Hfin"',
    ].join('\n'));
    const cast = join(dir, 'theirs.cast');
    await underScript(`asciinema rec -q --cols 80 --rows 24 -c 'bash ${script}' ${cast}`);
    const ours = await castToScreen(readCast(cast));
    assert.equal(ours.lines[2], 'lignici');
    assert.equal(ours.lines[23], 'fin');

    const drawn = await underScript(`asciinema cat ${cast}`);
    const screen = new TerminalScreen(80, 24);
    try {
      await screen.write(drawn);
      assert.deepEqual(ours.lines, screen.lines());
    } finally {
      screen.dispose();
    }
  });

  test('asciinema cat plays a cast made by livedeck record', async (t) => {
    requireAsciinema();
    const demos = demosCopy(t, join(ROOT, 'tests/fixtures/demos-record'), ['parcours']);
    const result = await record(['parcours', '--demos', demos, '--typing-ms', '0']);
    assert.equal(result.status, 0, result.stderr);
    const drawn = await underScript(`asciinema cat ${join(demos, 'parcours', 'session.cast')}`);
    assert.ok(drawn.includes('premier pas') && drawn.includes('enfin arrivé'), JSON.stringify(drawn.slice(-500)));
  });
});

test('livedeck dev records every session: output, markers, resizes, a restart in a new file, the exit', async (t) => {
  const root = scratch(t);
  const server = await startTermServer({ demosDir: join(ROOT, 'tests/fixtures/demos-terminal') });
  const logs: string[] = [];
  const recorder = new LiveRecorder(server.service.manager, { root, log: (line) => logs.push(line), now: new Date(2026, 0, 2, 3, 4, 5) });
  t.after(async () => {
    await server.close();
    await recorder.dispose();
  });
  assert.equal(recorder.dir, join(root, '2026-01-02_03-04-05'));
  assert.equal(existsSync(recorder.dir), false, 'no folder before the first session');

  const demoSteps = loadDemo(join(ROOT, 'tests/fixtures/demos-terminal'), 'hello-demo').steps;
  server.service.manager.setDeck(new Map([['s3-t1', 2]]), new Map([['s3-t1', demoSteps]]));
  const client = await TermClient.connect(server.url, { demo: 'hello-demo', pane: 's3-t1', cols: 80, rows: 24 });
  await client.waitFor(PROMPT);
  await client.play(1); // cat greeting.txt, typed by the server
  client.sendControl({ type: 'resize', cols: 100, rows: 30 });
  await client.waitForControl('resize');
  const id = client.ready.session;
  client.sendControl({ type: 'restart' });
  const restarted = await client.waitForControl('ready', 15_000, () => true, client.controls.indexOf(client.ready) + 1);
  // The fresh shell's prompt may have come in the same read as its `ready`.
  await client.waitFor(PROMPT, 5000, client.textBefore(restarted));
  client.type('exit 3\r');
  await client.waitForControl('exit', 10_000);
  const shell = await TermClient.connect(server.url, { cols: 80, rows: 24 });
  await shell.waitFor(PROMPT);
  await client.close();
  await shell.close();
  await server.close(); // ends the plain shell: its exit goes into its file
  await recorder.dispose(); // the recording thread has written and closed every file

  const files = readdirSync(recorder.dir).sort();
  assert.deepEqual(files, [`hello-demo-${id}.2.cast`, `hello-demo-${id}.cast`, `shell-${shell.ready.session}.cast`].sort());
  const first = readCast(join(recorder.dir, `hello-demo-${id}.cast`));
  assert.deepEqual([first.header.cols, first.header.rows], [80, 24]);
  assert.equal(first.header.title, `hello-demo (session ${id})`);
  assert.deepEqual(castMarkers(first).map((m) => m.label), ['2: Read the greeting']);
  assert.deepEqual(first.events.filter((e) => e.code === 'r').map((e) => e.data), ['100x30']);
  assert.match((await castToScreen(first)).lines.join('\n'), /hello from the fixture demo/);
  // Ended by the restart: SIGHUP, reported as 128 + 1.
  assert.deepEqual(first.events.at(-1), { ...first.events.at(-1)!, code: 'x', data: '129' });
  const second = readCast(join(recorder.dir, `hello-demo-${id}.2.cast`));
  assert.deepEqual([second.header.cols, second.header.rows], [100, 30], 'a restart keeps the size');
  assert.equal(second.events.at(-1)?.code, 'x');
  assert.equal(second.events.at(-1)?.data, '3');
  const plain = readCast(join(recorder.dir, `shell-${shell.ready.session}.cast`));
  assert.equal(plain.events.at(-1)?.code, 'x', 'the server stopping ends the shell, and its file');
  assert.deepEqual(logs, []);
});

/** Runs a command in a pseudo-terminal made by script(1) (asciinema needs a tty); its output. */
async function underScript(command: string): Promise<string> {
  const { stdout } = await execFileAsync('script', ['-qec', command, '/dev/null'], { timeout: 30_000, maxBuffer: 16 << 20 });
  return stdout;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
