// Ack-based flow control: a flood with a client that stops acking pauses the shell (server memory
// stays bounded), Ctrl-C still answers, and a slow viewer never slows the presenter down.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUDIENCE_TOKEN, PROMPT, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';
import { FLOW_HIGH_WATERMARK, VIEWER_MAX_LAG_BYTES } from '../../common/protocol.js';

let server: TermServer;

before(async () => {
  server = await startTermServer();
});

after(async () => {
  await server.close();
});

test('a flood to a client that never acks keeps memory bounded, and Ctrl-C answers', async (t) => {
  const client = await TermClient.connect(server.url, { autoAck: false });
  await client.waitFor(PROMPT);
  client.ackAll();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  client.type('yes "$(printf "flood%.0s" $(seq 20))"\r');
  await client.waitFor(/(flood){20}\r\n(flood){20}/, 5000);
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  const received = client.received;
  await sleep(300);
  // Paused: nothing more than the window (plus a batch in flight) arrived, and nothing arrives.
  assert.equal(client.received, received, 'output stopped while unacknowledged');
  assert.ok(received < FLOW_HIGH_WATERMARK + 256 * 1024, `received ${received} bytes without acking`);
  const growthMb = (rssPeak - rssBefore) / 2 ** 20;
  t.diagnostic(`unacked flood: ${received} bytes received, RSS growth ${growthMb.toFixed(1)} MB over 3 s`);
  assert.ok(growthMb < 60, `RSS grew by ${growthMb} MB`);

  const from = client.text.length;
  const start = performance.now();
  client.type('\x03');
  client.autoAck = true;
  client.ackAll();
  await client.waitFor(PROMPT, 1000, from);
  const latency = performance.now() - start;
  t.diagnostic(`Ctrl-C to prompt with acks resumed: ${latency.toFixed(0)} ms`);
  await client.run('echo calm-$((3*3))', /calm-9/);
  await client.close();
});

test('a flood to a client that acks at full speed still answers Ctrl-C at once', async (t) => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  client.type('yes\r');
  await sleep(1000);
  const from = client.text.length;
  const start = performance.now();
  client.type('\x03');
  await client.waitFor(PROMPT, 1000, from);
  t.diagnostic(`${client.received} bytes in 1 s; Ctrl-C to prompt: ${(performance.now() - start).toFixed(0)} ms`);
  await client.close();
});

test('a viewer that never acks does not slow the presenter and is resynced when it catches up', async (t) => {
  const presenter = await TermClient.connect(server.url);
  await presenter.waitFor(PROMPT);
  const viewer = await TermClient.connect(server.url, { token: AUDIENCE_TOKEN, session: presenter.ready.session, autoAck: false });
  // 2 MB of output, twice the viewer's limit; the presenter (acking) gets all of it.
  await presenter.run('head -c 1500000 /dev/zero | base64 -w 100; echo flood-$((40+2))-done', /flood-42-done/, 15_000);
  assert.ok(presenter.received > 2_000_000, `presenter received ${presenter.received}`);
  assert.ok(viewer.received <= VIEWER_MAX_LAG_BYTES + 64 * 1024, `viewer received ${viewer.received}`);
  t.diagnostic(`presenter received ${presenter.received} bytes, the silent viewer ${viewer.received}`);

  // Once the viewer acks what it got, it gets a fresh snapshot with the end of the flood.
  const before = viewer.controls.length;
  const from = viewer.text.length;
  viewer.autoAck = true;
  viewer.ackAll();
  const screen = await viewer.waitForControl('screen', 2000, () => true, before);
  assert.equal(screen.cols, 80);
  await viewer.waitFor(/flood-42-done/, 2000, from);
  await presenter.run('echo live-$((5*5))', /live-25/);
  await viewer.waitFor(/live-25/, 2000, from);
  await Promise.all([viewer.close(), presenter.close()]);
});
