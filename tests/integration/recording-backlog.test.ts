// A live recording that falls behind its shell (the recording thread gives way to the shells and
// may lag) holds the shell, as a slow presenter's window does, until it has caught up: the
// server's memory stays bounded and nothing is left out of the file. A real shell in a real pty;
// the recording thread is played by the test, which says when each batch is written.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BACKLOG_HIGH, BACKLOG_LOW, BatchedSink } from '../../server/recording/batched-sink.js';
import type { ToThread } from '../../server/recording/thread-messages.js';
import { SessionRecording } from '../../server/recording/session-recording.js';
import { DEFAULT_SHELL } from '../../server/terminal/environment.js';
import { TerminalSession } from '../../server/terminal/session.js';

test('a recording too far behind holds its shell until it has caught up', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-backlog-'));
  const session = await TerminalSession.start({ id: `backlog-${process.pid}`, demo: null, cols: 80, rows: 24, shell: DEFAULT_SHELL });
  t.after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  // The thread's queue: batches posted and not yet written.
  const queued: number[] = [];
  let sink!: BatchedSink;
  const recording = new SessionRecording(session, join(dir, 'session.cast'), {
    open: async () => {
      sink = new BatchedSink(1, (message: ToThread, transfer?: ArrayBuffer[]) => {
        if (message.op !== 'events') return;
        queued.push(message.data.length);
        // As postMessage does: the transferred buffer is gone from this thread.
        structuredClone(transfer, { transfer });
      }, async () => {});
      return sink;
    },
  });
  let emitted = 0;
  session.on('output', (data) => (emitted += data.length));
  session.write('yes "$(printf "backlog%.0s" $(seq 20))"\r');

  // The flood goes on until the unwritten output passes BACKLOG_HIGH, then the shell is held.
  const deadline = Date.now() + 10_000;
  while (queued.reduce((n, bytes) => n + bytes, 0) <= BACKLOG_HIGH && Date.now() < deadline) await sleep(20);
  const posted = queued.reduce((n, bytes) => n + bytes, 0);
  assert.ok(posted > BACKLOG_HIGH, `only ${posted} bytes posted`);
  await sleep(300); // what the pty and node-pty held when the shell was paused comes out
  const held = emitted;
  await sleep(500);
  assert.equal(emitted, held, 'output went on while the recording was behind');
  // What waits for the thread stays about BACKLOG_HIGH (plus what was already on its way).
  const unwritten = queued.reduce((n, bytes) => n + bytes, 0);
  assert.ok(unwritten < BACKLOG_HIGH + 1024 * 1024, `${unwritten} bytes waiting for the thread`);

  // Writing down to BACKLOG_LOW is not enough to let go; at it, the shell runs again.
  while (queued.reduce((n, bytes) => n + bytes, 0) - queued[0]! > BACKLOG_LOW) sink.written(queued.shift()!);
  await sleep(300);
  assert.equal(emitted, held, 'the shell ran again before the recording caught up');
  sink.written(queued.shift()!);
  const resumed = Date.now() + 5_000;
  while (emitted === held && Date.now() < resumed) await sleep(20);
  assert.ok(emitted > held, 'the shell stayed held once the recording caught up');

  // Stopping the recording lets the shell go for good, behind or not.
  while (queued.reduce((n, bytes) => n + bytes, 0) <= BACKLOG_HIGH && Date.now() < deadline + 10_000) await sleep(20);
  await sleep(300);
  const heldAgain = emitted;
  await sleep(300);
  assert.equal(emitted, heldAgain, 'held again past BACKLOG_HIGH');
  await recording.dispose();
  const released = Date.now() + 5_000;
  while (emitted === heldAgain && Date.now() < released) await sleep(20);
  assert.ok(emitted > heldAgain, 'a stopped recording still holds the shell');
  session.write('\x03');
});
