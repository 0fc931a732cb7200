// Viewer output gathered per display frame: small pieces join into one frame, a flood goes at once
// as the session's own (shared) buffers, and one clock flushes every viewer a few per turn of the
// event loop, so that input waiting meanwhile is not held up behind all of them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputCoalescer } from '../../server/terminal/output-coalescer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('small pieces within a frame go as one; a control flush sends at once', async () => {
  const sent: Buffer[] = [];
  const coalescer = new OutputCoalescer((data) => sent.push(data));
  coalescer.push(Buffer.from('ab'));
  coalescer.push(Buffer.from('cd'));
  assert.equal(coalescer.pendingBytes, 4);
  assert.equal(sent.length, 0);
  await sleep(40);
  assert.deepEqual(sent.map(String), ['abcd']);
  coalescer.push(Buffer.from('ef'));
  coalescer.flush();
  assert.deepEqual(sent.map(String), ['abcd', 'ef']);
  await sleep(40);
  assert.equal(sent.length, 2, 'flushed output was sent twice');
  coalescer.dispose();
});

test('a flood goes at once, as the very buffers the session made (shared by all viewers)', () => {
  const sent: Buffer[] = [];
  const coalescer = new OutputCoalescer((data) => sent.push(data));
  const batches = [Buffer.alloc(32 * 1024, 1), Buffer.alloc(32 * 1024, 2)];
  for (const batch of batches) coalescer.push(batch);
  assert.equal(sent.length, 2);
  assert.ok(sent[0] === batches[0] && sent[1] === batches[1], 'the batches were copied');
  assert.equal(coalescer.pendingBytes, 0);
});

test('one clock flushes every viewer, a few per turn: work queued meanwhile runs between them', async () => {
  const order: string[] = [];
  const viewers = Array.from({ length: 100 }, (_, i) => new OutputCoalescer(() => order.push(`viewer ${i}`)));
  for (const viewer of viewers) viewer.push(Buffer.from('x'));
  // Something arriving while they are flushed (a keystroke's echo) gets its turn before the last.
  const started = Date.now();
  while (order.length === 0 && Date.now() - started < 1000) await new Promise((resolve) => setImmediate(resolve));
  setImmediate(() => order.push('input'));
  await sleep(50);
  assert.equal(order.filter((o) => o.startsWith('viewer')).length, 100);
  const input = order.indexOf('input');
  assert.ok(input > 0 && input < 100, `the input waited for all the viewers (at ${input})`);
  for (const viewer of viewers) viewer.dispose();
});

test('a disposed viewer is not flushed', async () => {
  const sent: Buffer[] = [];
  const coalescer = new OutputCoalescer((data) => sent.push(data));
  coalescer.push(Buffer.from('late'));
  coalescer.dispose();
  await sleep(40);
  assert.equal(sent.length, 0);
});
