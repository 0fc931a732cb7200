// Nothing is kept per ended session (issue 15's soak: the server's memory after 1000 sessions):
// sessions ended every way a lecture ends them leave no entry in the server's bookkeeping and are
// collected, with everything they hold (pty, headless screen, recording), once garbage-collected.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LiveRecorder } from '../../server/recording/live-recorder.js';
import type { TerminalSession } from '../../server/terminal/session.js';
import { PROMPT, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Sessions per way of ending one. */
const ROUNDS = 8;

let server: TermServer;
let recorder: LiveRecorder;
let recordings: string;

before(async () => {
  recordings = mkdtempSync(join(tmpdir(), 'livedeck-leak-'));
  server = await startTermServer({ maxSessions: 8 });
  recorder = new LiveRecorder(server.service.manager, { root: recordings, log: (line) => assert.fail(line) });
});

after(async () => {
  await recorder.dispose();
  await server.close();
  rmSync(recordings, { recursive: true, force: true });
});

/** The Map and Set fields of `owner` that are not empty, with their sizes. Read by reflection:
 * the bookkeeping is private, and this way a map added later is covered too. */
function nonEmpty(owner: object, except: readonly string[] = []): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [key, value] of Object.entries(owner)) {
    if (except.includes(key)) continue;
    if ((value instanceof Map || value instanceof Set) && value.size > 0) found[key] = value.size;
  }
  return found;
}

async function collect(): Promise<void> {
  // A WeakRef's target survives the job that created or dereferenced it: GC between turns.
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(10);
  }
}

/** The ways a session ends, each in a function of its own: a suspended caller's locals could
 * otherwise keep the last one reachable. */
const ENDINGS: Array<() => Promise<void>> = [
  async function shellExitsWithItsWindowOpen() {
    const client = await TermClient.connect(server.url);
    await client.waitFor(PROMPT);
    client.type('exit\r');
    await client.waitForControl('exit');
    await client.close();
  },
  async function windowClosesThenShellExits() {
    const client = await TermClient.connect(server.url);
    await client.waitFor(PROMPT);
    client.type('sleep 0.2; exit\r');
    await client.close();
  },
  async function windowClosesThenServerEndsShell() {
    // As reclaim.ts does for a shell nobody looks at.
    const client = await TermClient.connect(server.url);
    await client.waitFor(PROMPT);
    await client.close();
    const alone = server.service.manager.reattach(client.ready.session, null);
    assert.ok(alone);
    await server.service.manager.end(alone);
  },
  async function restartThenShellExits() {
    const client = await TermClient.connect(server.url);
    await client.waitFor(PROMPT);
    const [from, fromText] = [client.controls.length, client.text.length];
    client.sendControl({ type: 'restart' });
    await client.waitForControl('ready', 10_000, () => true, from);
    await client.waitFor(PROMPT, 5000, fromText);
    const restarted = client.controls.length;
    client.type('exit\r');
    await client.waitForControl('exit', 5000, () => true, restarted);
    await client.close();
  },
];

test('ended sessions leave nothing behind: no bookkeeping entry, every session collected', async (t) => {
  const manager = server.service.manager;
  const started: Array<WeakRef<TerminalSession>> = [];
  const onStart = (session: TerminalSession) => started.push(new WeakRef(session));
  manager.on('start', onStart);

  for (let round = 0; round < ROUNDS; round++) {
    for (const end of ENDINGS) await end();
  }
  manager.off('start', onStart);
  assert.equal(started.length, 5 * ROUNDS); // a restart starts a second shell

  // Cleanups (kill, working copy, the cast's last write) finish after the `exit` message.
  const deadline = Date.now() + 10_000;
  let left: Record<string, Record<string, number>> = {};
  for (;;) {
    left = {
      manager: nonEmpty(manager),
      service: nonEmpty(server.service),
      // takes: casts made per session id, so that a restart's cast gets the next number; a
      // restart may come at any time, so it is kept (a number per session, by design).
      recorder: nonEmpty(recorder, ['takes']),
    };
    if (Object.values(left).every((fields) => Object.keys(fields).length === 0)) break;
    if (Date.now() > deadline) break;
    await sleep(50);
  }
  assert.deepEqual(left, { manager: {}, service: {}, recorder: {} }, 'bookkeeping left after every session ended');

  await collect();
  const alive = started.filter((ref) => ref.deref() !== undefined).length;
  t.diagnostic(`${started.length} sessions started and ended, ${alive} still reachable after GC`);
  assert.equal(alive, 0, `${alive} ended sessions are still reachable`);
});
