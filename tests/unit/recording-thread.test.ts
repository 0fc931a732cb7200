// The recording thread end to end: a flood of many batches (their buffers reused back and forth
// between the threads) reaches the file whole and in order, with its events in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCast } from '../../common/asciicast.js';
import { RecordingThread } from '../../server/recording/recording-thread.js';

test('a flood of many batches is written whole and in order, markers in place', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-thread-'));
  const thread = new RecordingThread();
  t.after(async () => {
    await thread.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const path = join(dir, 'flood.cast');
  const sink = await thread.open(path, { cols: 80, rows: 24 }, (error) => assert.fail(error));
  let expected = '';
  // 3.7 MB: over a dozen batches, so every reused buffer comes back and is filled again. Chunk
  // sizes vary (a multi-byte character is cut across chunks now and then), one is bigger than a
  // batch buffer.
  for (let i = 0; i < 1500; i++) {
    const text = `ligne ${i} ─ ${'é'.repeat(i % 7)}${'x'.repeat((i * 37) % 4000)}\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    const cut = (i * 13) % bytes.length;
    sink.output(bytes.subarray(0, cut));
    sink.output(bytes.subarray(cut));
    expected += text;
    if (i % 500 === 0) sink.marker(`step ${i}`);
    if (i === 700) {
      const big = `${'y'.repeat(700 * 1024)}\r\n`;
      sink.output(Buffer.from(big));
      expected += big;
    }
  }
  await sink.dispose();
  const cast = parseCast(readFileSync(path, 'utf8'), path);
  const output = cast.events.filter((e) => e.code === 'o').map((e) => e.data).join('');
  assert.equal(output.length, expected.length);
  assert.ok(output === expected, 'the output reads back byte for byte');
  assert.deepEqual(cast.events.filter((e) => e.code === 'm').map((e) => e.data), ['step 0', 'step 500', 'step 1000']);
  const markerAt = cast.events.findIndex((e) => e.data === 'step 500');
  const before = cast.events.slice(0, markerAt).filter((e) => e.code === 'o').map((e) => e.data).join('');
  assert.ok(before.endsWith('\r\n') && before.includes('ligne 499 ') && !before.includes('ligne 501 '), 'the marker sits after line 500 was output');
});
