// Issue 15, item 4: nothing is left behind however `livedeck dev` stops. Each way in the issue's
// table (SIGTERM, SIGINT, Ctrl-C twice, SIGHUP, a crash, SIGKILL; and SIGKILL of the server and of
// its watchdog, cleaned by the next start) runs against a real server with two live shells, each
// of which starts the eight kinds of escaping processes; then survivors are counted by a stamp in
// their command line, and the shells and working copies are looked for.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { ROOT, startDev, type RunningServer } from '../helpers/cli.js';
import { escapeCommands, isAlive, newStamp, processesWith } from '../helpers/escapees.js';

const DECK = 'tests/fixtures/live-terminal/live.md';
const CRASH_HOOK = join(ROOT, 'tests', 'fixtures', 'crash-on-usr2.mjs');
const PROMPT = /@livedeck:[^\r\n]*[$#] /;

interface Shell {
  pid: number;
  workingCopy: string;
}

/** Opens a shell over /term as the presenter's page would, starts the eight escapees in it. */
async function openShell(server: RunningServer, stamp: string, index: number): Promise<Shell> {
  const url = new URL(server.url);
  const ws = new WebSocket(`ws://${url.host}/term`, { origin: `http://${url.host}` });
  let text = '';
  ws.on('message', (data, isBinary) => {
    if (isBinary) text += (data as Buffer).toString('utf8');
  });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'hello', token: server.presenterToken, demo: null, session: null, cols: 100, rows: 30 }));
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const match = text.match(pattern);
      if (match) return match;
      assert.ok(Date.now() < deadline, `timed out waiting for ${pattern}; output: ${JSON.stringify(text.slice(-400))}`);
      await sleep(20);
    }
  };
  await waitFor(PROMPT);
  for (const command of escapeCommands((kind) => `1000.${stamp}${index}${kind}`)) ws.send(Buffer.from(`${command}\r`));
  ws.send(Buffer.from('echo "shell=$$ at=$PWD" | tr = :\r'));
  const [, pid, workingCopy] = await waitFor(/shell:(\d+) at:(\S+)\r\n/);
  return { pid: Number(pid), workingCopy: workingCopy! };
}

/** A server with two shells, every escapee running. */
async function serverWithEscapees(env: NodeJS.ProcessEnv = {}): Promise<{ server: RunningServer; stamp: string; shells: Shell[] }> {
  const server = await startDev([DECK, '--no-record'], { env });
  const stamp = newStamp();
  const shells = [await openShell(server, stamp, 1), await openShell(server, stamp, 2)];
  const deadline = Date.now() + 5000;
  while (processesWith(stamp).length < 16) {
    assert.ok(Date.now() < deadline, `only ${processesWith(stamp).length} of 16 escapees started`);
    await sleep(20);
  }
  return { server, stamp, shells };
}

function leftBehind(stamp: string, shells: Shell[], folders: string[] = []): string[] {
  return [
    ...folders.filter((folder) => existsSync(folder)).map((folder) => `folder ${folder}`),
    ...processesWith(stamp).map((pid) => `process ${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ')}`),
    ...shells.filter((shell) => isAlive(shell.pid)).map((shell) => `shell ${shell.pid}`),
    ...shells.filter((shell) => existsSync(shell.workingCopy)).map((shell) => `working copy ${shell.workingCopy}`),
  ];
}

async function exited(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  await new Promise((resolve) => server.child.once('exit', resolve));
}

/** Waits up to `ms` for nothing to be left; fails with what is. */
async function nothingLeft(stamp: string, shells: Shell[], ms: number, folders: string[] = []): Promise<number> {
  const start = performance.now();
  for (;;) {
    const left = leftBehind(stamp, shells, folders);
    if (left.length === 0) return performance.now() - start;
    assert.ok(performance.now() - start < ms, `left behind after ${ms} ms:\n${left.join('\n')}`);
    await sleep(25);
  }
}

const CLEAN_WAYS: Array<[string, (server: RunningServer) => Promise<void>]> = [
  ['SIGTERM', async (server) => void server.child.kill('SIGTERM')],
  ['SIGINT', async (server) => void server.child.kill('SIGINT')],
  ['Ctrl-C twice', async (server) => {
    server.child.kill('SIGINT');
    await sleep(30);
    server.child.kill('SIGINT');
  }],
  ['SIGHUP (the terminal window closed)', async (server) => void server.child.kill('SIGHUP')],
];

for (const [way, stop] of CLEAN_WAYS) {
  test(`${way}: no process, shell or working copy is left`, async (t) => {
    const { server, stamp, shells } = await serverWithEscapees();
    await stop(server);
    await exited(server);
    // The server itself ended them: nothing is left at the moment it has exited.
    assert.deepEqual(leftBehind(stamp, shells), []);
    t.diagnostic(`exit status ${server.child.exitCode ?? server.child.signalCode}`);
  });
}

test('a crash (an uncaught exception): the shells are ended, then the server exits 1', async () => {
  const { server, stamp, shells } = await serverWithEscapees({ NODE_OPTIONS: `--import=${CRASH_HOOK}` });
  server.child.kill('SIGUSR2');
  await exited(server);
  assert.equal(server.child.exitCode, 1);
  assert.match(server.output(), /crashed.*a bug, thrown for the test/s);
  assert.deepEqual(leftBehind(stamp, shells), []);
});

test('SIGKILL: the watchdog ends everything the server left', async (t) => {
  const { server, stamp, shells } = await serverWithEscapees();
  const launch = launchOf(server.child.pid!);
  server.child.kill('SIGKILL');
  await exited(server);
  const ms = await nothingLeft(stamp, shells, 5000, [launch.workDir, launch.stateFile]);
  t.diagnostic(`cleaned ${ms.toFixed(0)} ms after the server died`);
});

/** The state file a launch keeps while it runs (server/terminal/containment.ts). */
function launchOf(pid: number): { markerPrefix: string; workDir: string; stateFile: string } {
  const dir = join(tmpdir(), `livedeck-launches-${userInfo().uid}`);
  for (const name of readdirSync(dir)) {
    try {
      const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid: number; markerPrefix: string; workDir: string };
      if (record.pid === pid) return { ...record, stateFile: join(dir, name) };
    } catch {
      // another launch's, being written or swept
    }
  }
  throw new Error(`no launch state file for pid ${pid}`);
}

test('SIGKILL of the server and of its watchdog: the next start cleans up', async (t) => {
  const { server, stamp, shells } = await serverWithEscapees();
  const launch = launchOf(server.child.pid!);
  const watchdogs = processesWith(`livedeck-watchdog\0${launch.markerPrefix}\0`);
  assert.equal(watchdogs.length, 1, 'the launch has a watchdog');
  process.kill(watchdogs[0]!, 'SIGKILL');
  server.child.kill('SIGKILL');
  await exited(server);
  await sleep(500);
  // Without a watchdog, the escapees run on: this is what the next start must clean.
  assert.ok(processesWith(stamp).length >= 8, `escapees left: ${processesWith(stamp).length}`);
  assert.ok(existsSync(launch.workDir));

  const next = await startDev([DECK, '--no-record']);
  try {
    const ms = await nothingLeft(stamp, shells, 5000, [launch.workDir, launch.stateFile]);
    t.diagnostic(`cleaned ${ms.toFixed(0)} ms after the next start printed its URLs`);
  } finally {
    await next.stop();
  }
});
