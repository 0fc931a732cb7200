// The server's screen mirror: snapshots hold everything written, a flood never queues more than
// its cap, the screen after a flood is rebuilt from the tail, and snapshots asked for together are
// made once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScreenMirror } from '../../server/terminal/screen-mirror.js';

/** The snapshot's text without escape sequences, for assertions. */
const text = (data: Buffer) => data.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

test('a snapshot holds what was written, even before the output settled', async () => {
  const mirror = new ScreenMirror(40, 10, 100);
  mirror.write(Buffer.from('bonjour\r\nle monde\r\n'));
  const snapshot = await mirror.snapshot();
  assert.deepEqual([snapshot.cols, snapshot.rows], [40, 10]);
  assert.match(text(snapshot.data), /bonjour[\s\S]*le monde/);
  await mirror.dispose();
});

test('a resize applies after the output written before it', async () => {
  const mirror = new ScreenMirror(40, 10, 100);
  mirror.write(Buffer.from('avant\r\n'));
  mirror.resize(60, 12);
  mirror.write(Buffer.from('après\r\n'));
  const snapshot = await mirror.snapshot();
  assert.deepEqual([snapshot.cols, snapshot.rows], [60, 12]);
  assert.match(text(snapshot.data), /avant[\s\S]*après/);
  await mirror.dispose();
});

test('a flood bigger than the cap keeps the tail and drops the rest', async () => {
  const mirror = new ScreenMirror(80, 24, 50);
  const line = Buffer.from(`${'y'.repeat(78)}\r\n`);
  // 8 MB without a pause: nothing is parsed meanwhile (writes keep postponing the parse).
  for (let i = 0; i < 100_000; i++) mirror.write(line);
  mirror.write(Buffer.from('la fin\r\n'));
  const before = process.memoryUsage().rss;
  const snapshot = await mirror.snapshot();
  assert.match(text(snapshot.data), /y{78}\r?\n?la fin/);
  // The scrollback holds at most its 50 lines plus the screen, not 8 MB of history.
  assert.ok(snapshot.data.length < 80 * 80 * 2, `snapshot of ${snapshot.data.length} bytes`);
  assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
  await mirror.dispose();
});

test('snapshots asked for with no output in between are one; output or a resize makes a new one', async () => {
  const mirror = new ScreenMirror(40, 10, 100);
  mirror.write(Buffer.from('un\r\n'));
  const [first, second] = await Promise.all([mirror.snapshot(), mirror.snapshot()]);
  assert.equal(first, second, 'one snapshot for both');
  assert.equal(await mirror.snapshot(), first, 'still the same screen');
  mirror.write(Buffer.from('deux\r\n'));
  const afterWrite = await mirror.snapshot();
  assert.notEqual(afterWrite, first);
  assert.match(text(afterWrite.data), /un[\s\S]*deux/);
  assert.doesNotMatch(text(first.data), /deux/, 'an earlier snapshot keeps its screen');
  mirror.resize(50, 10);
  const afterResize = await mirror.snapshot();
  assert.notEqual(afterResize, afterWrite);
  assert.equal(afterResize.cols, 50);
  await mirror.dispose();
});
