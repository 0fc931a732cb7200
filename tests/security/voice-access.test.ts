// Issue 18, "Voice": nothing is recorded from anyone but the presenter. The audience's token, no
// token or a wrong one cannot start a segment nor send a byte to disk; a socket that has not said
// a good hello is gated as /sync's are (refused a second later, a flood of silent ones cannot
// lock the presenter out); and a second presenter window cannot hijack the recording of the first.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { OPUS, startVoiceServer, VOICE_TOKENS, VoiceWindow, type VoiceServer } from '../integration/helpers/voice-server.js';

let voice: VoiceServer;

before(async () => {
  voice = await startVoiceServer();
});

after(() => voice.close());

/** What an intruder tries once its socket is open: its hello, then a segment and its bytes. */
async function intrude(hello: object | string | Buffer): Promise<{ code: number; reason: string; heard: string[]; took: number }> {
  const window = await VoiceWindow.connect(voice.url);
  const started = Date.now();
  if (Buffer.isBuffer(hello)) window.ws.send(hello);
  else window.send(hello);
  window.send({ type: 'start', mime: OPUS });
  window.chunk(randomBytes(2000), 0.9);
  window.send({ type: 'stop' });
  const closed = await window.closed;
  return { ...closed, heard: window.heard.map((m) => m.type), took: Date.now() - started };
}

test('the audience\'s token, no token or a wrong one: closed 4401 a second later, nothing recorded', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ type: 'hello', token: VOICE_TOKENS.audience }, /the voice is recorded from the presenter's windows only/],
    [{ type: 'hello', token: '' }, /missing token/],
    [{ type: 'hello', token: VOICE_TOKENS.presenter.slice(0, -1) }, /wrong token/],
  ];
  const outcomes = await Promise.all(cases.map(([hello]) => intrude(hello)));
  outcomes.forEach((outcome, i) => {
    assert.equal(outcome.code, 4401, JSON.stringify(cases[i]![0]));
    assert.match(outcome.reason, cases[i]![1]);
    assert.deepEqual(outcome.heard, [], 'no ready, no started, no answer to what followed');
    assert.ok(outcome.took >= 900, `refused after ${outcome.took} ms: a client guessing in a loop gets one try a second`);
  });
  assert.deepEqual(voice.calls, []);
  assert.equal(existsSync(voice.lecture), false, 'not even the lecture\'s folder was made');
});

test('anything before a good hello closes the socket 4400, nothing recorded', async () => {
  const cases: Array<[object | string | Buffer, RegExp]> = [
    [{ type: 'start', mime: OPUS }, /expected hello, got "start"/],
    [Buffer.from('a chunk of voice'), /the first message must be a text hello/],
    ['{"type":"hello","token":', /bad hello: message is not valid JSON/],
    [{ type: 'hello', token: VOICE_TOKENS.presenter, role: 'presenter' }, /unexpected field "role"/],
  ];
  const outcomes = await Promise.all(cases.map(([hello]) => intrude(hello)));
  outcomes.forEach((outcome, i) => {
    assert.equal(outcome.code, 4400, String(cases[i]![0]));
    assert.match(outcome.reason, cases[i]![1]);
    assert.deepEqual(outcome.heard, []);
  });
  assert.deepEqual(voice.calls, []);
  assert.equal(existsSync(voice.lecture), false);
});

test('600 sockets that never say hello: the oldest past 512 are closed (4429), the presenter still records', async () => {
  const closedWith: number[] = [];
  const sockets = Array.from({ length: 600 }, () => {
    const ws = new WebSocket(voice.url);
    ws.on('error', () => {});
    ws.once('close', (code) => closedWith.push(code));
    return ws;
  });
  try {
    await Promise.all(sockets.map((ws) => new Promise<void>((done) => {
      ws.once('open', () => done());
      ws.once('close', () => done());
    })));
    const evicted = () => closedWith.filter((code) => code === 4429 || code === 1006).length;
    const deadline = Date.now() + 5000;
    while (evicted() < 600 - 512 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(evicted() >= 600 - 512, `closed: ${closedWith.join(' ')}`);
    const presenter = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
    presenter.send({ type: 'start', mime: OPUS });
    const { file } = await presenter.next('started');
    const bytes = randomBytes(3000);
    presenter.chunk(bytes, 0.5);
    presenter.send({ type: 'stop' });
    await presenter.next('stopped');
    assert.deepEqual(readFileSync(join(voice.lecture, file)), bytes);
    presenter.close();
  } finally {
    for (const ws of sockets) ws.terminate();
  }
});

test('a second presenter window cannot take over, feed or stop the recording of the first', async () => {
  const first = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  first.send({ type: 'start', mime: OPUS });
  const { file } = await first.next('started');
  const mine = [randomBytes(3000), randomBytes(3100)];
  first.chunk(mine[0]!, 0.4);

  const second = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  assert.deepEqual(second.heard[0], { type: 'ready', recording: true });
  const busy = await second.refused({ type: 'start', mime: OPUS });
  assert.equal(busy.code, 'busy');
  assert.match(busy.message, /another presenter window is recording the voice/);
  assert.equal((await second.refused({ type: 'chunk', level: 1 })).code, 'no-segment');
  assert.equal((await second.refused(randomBytes(2000))).code, 'bad-message');
  assert.equal((await second.refused({ type: 'stop' })).code, 'no-segment');
  // Its going away touches nothing either.
  second.ws.terminate();
  await second.closed;

  first.chunk(mine[1]!, 0.6);
  first.send({ type: 'stop' });
  await first.next('stopped');
  assert.deepEqual(readFileSync(join(voice.lecture, file)), Buffer.concat(mine));
  const ofFile = voice.calls.filter((c) => c.file === file).map((c) => c.call);
  assert.deepEqual(ofFile, ['start', 'chunk', 'chunk', 'end']);

  // Once the first has stopped, another window may record.
  const third = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  third.send({ type: 'start', mime: OPUS });
  assert.notEqual((await third.next('started')).file, file);
  third.close();
  first.close();
});
