// The /voice WebSocket against a real HTTP server and a real folder: a segment's file holds exactly
// the chunks sent, in order, and the timeline hears its start, each chunk (size so far, level)
// and its end; pause and resume make numbered files; a window that goes away, the server's stop,
// an oversize frame or a disk error end the segment with what was written; bad frames get an
// error and the window goes on.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VOICE_MAX_FRAME_BYTES } from '../../common/voice-protocol.js';
import { OPUS, startVoiceServer, VOICE_TOKENS, VoiceWindow, type VoiceServer } from './helpers/voice-server.js';

let voice: VoiceServer;

before(async () => {
  voice = await startVoiceServer();
});

after(() => voice.close());

/** Waits until the timeline has heard `count` calls. */
async function calls(server: VoiceServer, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (server.calls.length < count) {
    if (Date.now() > deadline) throw new Error(`the timeline heard ${JSON.stringify(server.calls)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `count` chunks of a second's size or so, each a different length. */
function chunks(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => randomBytes(3000 + 517 * i));
}

test('a segment: its file is the chunks in order; the timeline hears start, each chunk and end', async () => {
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  assert.deepEqual(window.heard[0], { type: 'ready', recording: false });
  const from = voice.calls.length;
  window.send({ type: 'start', mime: OPUS });
  assert.deepEqual(await window.next('started'), { type: 'started', file: 'voice-1.webm' });
  assert.equal(voice.service.recording, true);
  const sent = chunks(6);
  const levels = [0, 0.25, 1, 0.5, 0.125, 0.75];
  sent.forEach((bytes, i) => window.chunk(bytes, levels[i]!));
  window.send({ type: 'stop' });
  const total = sent.reduce((sum, bytes) => sum + bytes.length, 0);
  assert.deepEqual(await window.next('stopped'), { type: 'stopped', file: 'voice-1.webm', bytes: total });
  assert.equal(voice.service.recording, false);

  assert.deepEqual(readFileSync(join(voice.lecture, 'voice-1.webm')), Buffer.concat(sent));
  let size = 0;
  assert.deepEqual(voice.calls.slice(from), [
    { call: 'start', file: 'voice-1.webm', mime: OPUS },
    ...sent.map((bytes, i) => ({ call: 'chunk', file: 'voice-1.webm', bytes: (size += bytes.length), level: levels[i] })),
    { call: 'end', file: 'voice-1.webm' },
  ]);

  // Resume: a new segment, a new file; the first one is left as it was.
  window.send({ type: 'start', mime: OPUS });
  assert.deepEqual(await window.next('started', window.heard.length), { type: 'started', file: 'voice-2.webm' });
  const more = chunks(2);
  more.forEach((bytes) => window.chunk(bytes, 0.5));
  window.send({ type: 'stop' });
  await window.next('stopped', window.heard.length - 1);
  assert.deepEqual(readFileSync(join(voice.lecture, 'voice-2.webm')), Buffer.concat(more));
  assert.deepEqual(readFileSync(join(voice.lecture, 'voice-1.webm')), Buffer.concat(sent));
  window.close();
});

test('numbering goes on after the files already there, never over one', async () => {
  writeFileSync(join(voice.lecture, 'voice-7.webm'), 'not ours');
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  window.send({ type: 'start', mime: OPUS });
  assert.equal((await window.next('started')).file, 'voice-8.webm');
  window.send({ type: 'stop' });
  await window.next('stopped');
  assert.equal(readFileSync(join(voice.lecture, 'voice-7.webm'), 'utf8'), 'not ours');
  window.close();
});

test('a window that goes away mid-segment ends it with what it sent; another window can then record', async () => {
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  window.send({ type: 'start', mime: OPUS });
  const { file } = await window.next('started');
  const sent = chunks(3);
  sent.forEach((bytes) => window.chunk(bytes, 0.3));
  const from = voice.calls.length;
  window.ws.terminate();
  await calls(voice, from + 4);
  assert.deepEqual(voice.calls.slice(from).map((c) => c.call), ['chunk', 'chunk', 'chunk', 'end']);
  assert.deepEqual(voice.calls.at(-1), { call: 'end', file });
  assert.deepEqual(readFileSync(join(voice.lecture, file)), Buffer.concat(sent));

  const next = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  assert.deepEqual(next.heard[0], { type: 'ready', recording: false });
  next.send({ type: 'start', mime: OPUS });
  await next.next('started');
  next.send({ type: 'stop' });
  await next.next('stopped');
  next.close();
});

test('bad frames get an error saying why, and the window goes on recording', async () => {
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  const cases: Array<[object | string | Buffer, string, RegExp]> = [
    [Buffer.from('bytes with no segment'), 'bad-message', /must follow its "chunk" message/],
    [{ type: 'chunk', level: 0.5 }, 'no-segment', /send start first/],
    [{ type: 'stop' }, 'no-segment', /no segment is open/],
    [{ type: 'start', mime: 'video/mp4' }, 'bad-message', /mime must be one of audio\/webm;codecs=opus/],
    [{ type: 'start' }, 'bad-message', /mime must be one of/],
    [{ type: 'record' }, 'unknown-type', /unknown message type "record"/],
    [{ type: 'hello', token: VOICE_TOKENS.presenter }, 'bad-message', /hello was already received/],
    ['{"type":"stop"', 'bad-message', /not valid JSON/],
  ];
  for (const [message, code, pattern] of cases) {
    const error = await window.refused(message);
    assert.equal(error.code, code, JSON.stringify(message));
    assert.match(error.message, pattern);
  }
  window.send({ type: 'start', mime: OPUS });
  const { file } = await window.next('started');
  const inSegment: Array<[object | string | Buffer, string, RegExp]> = [
    [{ type: 'chunk', level: 1.5 }, 'bad-message', /level must be a number in 0\.\.1/],
    [{ type: 'chunk', level: '0.5' }, 'bad-message', /level must be a number/],
    [{ type: 'chunk', level: 0.5, file: '../../etc/passwd' }, 'bad-message', /unexpected field "file"/],
    [{ type: 'start', mime: OPUS }, 'bad-message', /is being recorded: stop it first/],
    [Buffer.from('bytes without their chunk message'), 'bad-message', /must follow its "chunk" message/],
  ];
  for (const [message, code, pattern] of inSegment) {
    const error = await window.refused(message);
    assert.equal(error.code, code, JSON.stringify(message));
    assert.match(error.message, pattern);
  }
  // Two chunk messages in a row: the second is refused, the first still takes the bytes.
  window.send({ type: 'chunk', level: 0.2 });
  assert.equal((await window.refused({ type: 'chunk', level: 0.9 })).code, 'bad-message');
  const good = randomBytes(4000);
  window.ws.send(good);
  assert.equal((await window.refused(Buffer.alloc(0))).code, 'bad-message');
  window.send({ type: 'stop' });
  assert.equal((await window.next('stopped')).bytes, good.length);
  assert.deepEqual(readFileSync(join(voice.lecture, file)), good);
  window.close();
});

test('a frame over 64 KB closes the socket (1009); the segment ends with the chunks before it', async () => {
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  window.send({ type: 'start', mime: OPUS });
  const { file } = await window.next('started');
  const sent = chunks(2);
  sent.forEach((bytes) => window.chunk(bytes, 0.1));
  window.chunk(randomBytes(VOICE_MAX_FRAME_BYTES + 1), 0.1);
  assert.equal((await window.closed).code, 1009);
  const deadline = Date.now() + 5000;
  while (voice.service.recording && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(voice.service.recording, false);
  assert.deepEqual(voice.calls.at(-1), { call: 'end', file });
  assert.deepEqual(readFileSync(join(voice.lecture, file)), Buffer.concat(sent));
});

test('a folder that cannot be made: one log line, an error to the window, and the next start works', async () => {
  const blocker = join(voice.root, 'a-file');
  writeFileSync(blocker, '');
  voice.setDir(join(blocker, 'lecture'));
  const from = voice.calls.length;
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  const error = await window.refused({ type: 'start', mime: OPUS });
  assert.equal(error.code, 'write-failed');
  assert.match(error.message, /could not make the voice's file: .*ENOTDIR/);
  assert.equal(voice.logged.length, 1);
  assert.match(voice.logged[0]!, /^voice: no file could be made in .*a-file\/lecture: ENOTDIR/);
  assert.equal(voice.calls.length, from, 'the timeline heard nothing');
  assert.equal(voice.service.recording, false);

  voice.setDir(voice.lecture);
  window.send({ type: 'start', mime: OPUS });
  await window.next('started');
  window.send({ type: 'stop' });
  await window.next('stopped');
  window.close();
});

/** Sets this process's file size limit (soft; the hard one stays), as a full disk would refuse. */
function fileSizeLimit(limit: string): void {
  const out = spawnSync('prlimit', ['--pid', String(process.pid), `--fsize=${limit}:`], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`prlimit: ${out.error?.message ?? out.stderr}`);
}

test('a write that fails mid-segment: the file cut at its last whole chunk, one log line, the lecture goes on', async () => {
  const window = await VoiceWindow.open(voice.url, VOICE_TOKENS.presenter);
  window.send({ type: 'start', mime: OPUS });
  const { file } = await window.next('started');
  const from = voice.calls.length - 1;
  const kept = [randomBytes(4000), randomBytes(4000)];
  kept.forEach((bytes) => window.chunk(bytes, 0.5));
  await calls(voice, from + 3);
  const logged = voice.logged.length;
  const previous = spawnSync('prlimit', ['--pid', String(process.pid), '--fsize', '--output=SOFT', '--noheadings'], { encoding: 'utf8' }).stdout.trim();
  fileSizeLimit('10000');
  let error;
  try {
    // 2000 bytes of it fit under the limit: the write takes them, then fails.
    window.chunk(randomBytes(4000), 0.5);
    error = await window.next('error', window.heard.length);
  } finally {
    fileSizeLimit(previous);
  }
  assert.equal(error.code, 'write-failed');
  assert.match(error.message, /could not write the voice \(EFBIG.*recording stopped/);
  assert.deepEqual(voice.logged.slice(logged).length, 1);
  assert.match(voice.logged.at(-1)!, new RegExp(`^voice: ${file} could not be written in .*: EFBIG`));
  assert.deepEqual(voice.calls.slice(from).map((c) => c.call), ['start', 'chunk', 'chunk', 'end']);
  assert.deepEqual(readFileSync(join(voice.lecture, file)), Buffer.concat(kept));
  assert.equal(voice.service.recording, false);

  // What the window still sends for that segment (in flight when it heard) is dropped quietly.
  const heard = window.heard.length;
  window.chunk(randomBytes(4000), 0.5);
  window.send({ type: 'stop' });
  // ... and it records again with its next start.
  window.send({ type: 'start', mime: OPUS });
  const next = await window.next('started', heard);
  assert.notEqual(next.file, file);
  assert.deepEqual(window.heard.slice(heard).map((m) => m.type), ['started']);
  assert.deepEqual(readFileSync(join(voice.lecture, file)), Buffer.concat(kept));
  window.send({ type: 'stop' });
  await window.next('stopped', heard);
  window.close();
});

test('the server stopping ends the open segment after its last chunk, then closes the window (1001)', async () => {
  const server = await startVoiceServer();
  const window = await VoiceWindow.open(server.url, VOICE_TOKENS.presenter);
  window.send({ type: 'start', mime: OPUS });
  const { file } = await window.next('started');
  const sent = chunks(3);
  sent.forEach((bytes) => window.chunk(bytes, 0.4));
  await calls(server, 4);
  const lecture = server.lecture;
  const written = readFileSync(join(lecture, file));
  const closing = server.service.dispose();
  await closing;
  assert.deepEqual(server.calls.map((c) => c.call), ['start', 'chunk', 'chunk', 'chunk', 'end']);
  assert.deepEqual(written, Buffer.concat(sent));
  assert.equal((await window.closed).code, 1001);
  assert.deepEqual(readdirSync(lecture), [file]);
  await server.close();
});
