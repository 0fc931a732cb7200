// The lecture's voice remux on a real recording (tests/fixtures/voice/tone-4s.webm: four seconds
// of Chromium's MediaRecorder, its chunks appended as the server stores them), read back by an
// independent demuxer (mediabunny): every frame kept and untouched, a Duration and Cues, cuts
// that shorten the clock, a file cut anywhere keeping its complete frames, and one-line errors.
// tests/integration/voice-seek.test.ts plays the result in Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferSource, EncodedPacketSink, Input, WEBM } from 'mediabunny';
import { readElementHeader } from '../../server/build/ebml.js';
import { ID, remuxVoice } from '../../server/build/voice-remux.js';
import { LivedeckError } from '../../server/errors.js';

const RECORDED = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'voice', 'tone-4s.webm')));
/** Chromium's Opus packets last 60 ms. */
const PACKET = 0.06;

interface Packet {
  time: number;
  data: Uint8Array;
}

/** The Opus packets of a WebM as mediabunny reads them. */
async function packets(bytes: Uint8Array): Promise<Packet[]> {
  const input = new Input({ source: new BufferSource(bytes), formats: [WEBM] });
  const track = await input.getPrimaryAudioTrack();
  assert.ok(track, 'an audio track');
  assert.equal(track.codec, 'opus');
  const out: Packet[] = [];
  for await (const packet of new EncodedPacketSink(track).packets()) out.push({ time: packet.timestamp, data: packet.data });
  return out;
}

/** The top-level children of the output's Segment, by ID, with their data. */
function segmentChildren(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const ebml = readElementHeader(bytes, 0)!;
  const segment = readElementHeader(bytes, ebml.dataStart + ebml.size!)!;
  assert.equal(segment.id, ID.segment);
  assert.notEqual(segment.size, null, 'the Segment has its size');
  assert.equal(segment.dataStart + segment.size!, bytes.length);
  const found = new Map<number, Uint8Array[]>();
  for (let at = segment.dataStart; at < bytes.length;) {
    const child = readElementHeader(bytes, at)!;
    assert.notEqual(child.size, null, 'every element has its size');
    const data = bytes.subarray(child.dataStart, child.dataStart + child.size!);
    found.set(child.id, [...(found.get(child.id) ?? []), data]);
    at = child.dataStart + child.size!;
  }
  return found;
}

async function voiceError(bytes: Uint8Array): Promise<LivedeckError> {
  try {
    await remuxVoice(bytes, [], 'voice.webm');
  } catch (e) {
    assert.ok(e instanceof LivedeckError, `a LivedeckError, not ${String(e)}`);
    assert.equal(e.code, 'lecture-voice');
    assert.equal(e.file, 'voice.webm');
    assert.doesNotMatch(e.format(), /\n/, 'one line');
    return e;
  }
  assert.fail('remuxed without error');
}

test('every recorded frame is copied untouched at its time; the output has its Duration, Cues before the Clusters, and sizes', async () => {
  const before = await packets(RECORDED);
  assert.ok(before.length > 60, `a four-second recording has over 60 packets, not ${before.length}`);
  const { bytes, duration } = await remuxVoice(RECORDED, [], 'voice.webm');
  const after = await packets(bytes);
  assert.deepEqual(after.map((p) => p.time), before.map((p) => p.time));
  assert.ok(after.every((p, i) => Buffer.from(p.data).equals(before[i]!.data)), 'the Opus packets are the same bytes');
  assert.ok(Math.abs(duration - (before.at(-1)!.time + PACKET)) < 0.001, `duration ${duration}: the last packet's end`);

  const children = segmentChildren(bytes);
  const info = children.get(ID.info)![0]!;
  const durationAt = Buffer.from(info).indexOf(Buffer.from([0x44, 0x89, 0x88]));
  assert.ok(durationAt >= 0, 'Info has a Duration');
  assert.equal(new DataView(info.buffer, info.byteOffset + durationAt + 3, 8).getFloat64(0) / 1000, duration);
  const order = [...children.keys()];
  assert.ok(order.indexOf(ID.cues) < order.indexOf(ID.cluster), 'the Cues come before the Clusters');
  const clusters = children.get(ID.cluster)!.length;
  assert.equal(clusters, Math.ceil(duration / 2), 'a Cluster every 2 s');
  const cues = children.get(ID.cues)![0]!;
  const cuePoints: number[] = [];
  for (let at = 0; at < cues.length;) {
    const point = readElementHeader(cues, at)!;
    cuePoints.push(point.id);
    at = point.dataStart + point.size!;
  }
  assert.deepEqual(cuePoints, Array(clusters).fill(ID.cuePoint), 'a cue point per Cluster');
});

test('cuts leave out the frames inside them and move every later frame back by their length', async () => {
  const before = await packets(RECORDED);
  const cuts = [{ from: 0.5, to: 1.5 }, { from: 2.5, to: 2.75 }];
  const { bytes, duration } = await remuxVoice(RECORDED, cuts, 'voice.webm');
  const after = await packets(bytes);
  const expected = before
    .filter((p) => !cuts.some((cut) => p.time >= cut.from && p.time < cut.to))
    .map((p) => ({ time: p.time - cuts.filter((cut) => cut.to <= p.time).reduce((sum, cut) => sum + cut.to - cut.from, 0), data: p.data }));
  assert.equal(after.length, expected.length);
  after.forEach((p, i) => {
    assert.ok(Math.abs(p.time - expected[i]!.time) < 0.0011, `packet ${i} at ${p.time}, expected ${expected[i]!.time}`);
    assert.ok(Buffer.from(p.data).equals(expected[i]!.data));
  });
  const full = (await remuxVoice(RECORDED, [], 'voice.webm')).duration;
  assert.ok(Math.abs(full - duration - 1.25) < 0.07, `${full} s - ${duration} s: the cuts' 1.25 s, within a packet`);
});

test('a recording cut anywhere (a killed server) keeps every frame stored whole before the cut', async () => {
  const before = await packets(RECORDED);
  const file = Buffer.from(RECORDED);
  // Where each packet's bytes end in the recording, found by their content.
  let from = 0;
  const ends = before.map((p) => {
    const at = file.indexOf(p.data, from);
    assert.ok(at >= 0);
    from = at + p.data.length;
    return from;
  });
  for (const k of [0, 15, 16, 17, 33, 40, before.length - 2]) {
    // Right after packet k, inside the next block's header, and inside the next packet's data.
    for (const cut of [ends[k]!, ends[k]! + 2, ends[k + 1]! - 1]) {
      const kept = await packets((await remuxVoice(RECORDED.subarray(0, cut), [], 'voice.webm')).bytes);
      assert.equal(kept.length, k + 1, `cut at byte ${cut} (after packet ${k}): ${kept.length} packets`);
      assert.ok(Buffer.from(kept.at(-1)!.data).equals(before[k]!.data));
    }
  }
});

test('what is not a voice recording is a one-line error naming the file', async () => {
  const garbage = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
  assert.match((await voiceError(garbage)).message, /not a WebM file: it does not start with an EBML header/);
  assert.match((await voiceError(new Uint8Array(0))).message, /not a WebM file/);
  const mkv = Buffer.from(RECORDED);
  mkv.write('xebm', mkv.indexOf('webm'), 'latin1');
  assert.match((await voiceError(mkv)).message, /not a WebM file: its document type is "xebm"/);
  const vorbis = Buffer.from(RECORDED);
  vorbis.write('A_OPUX', vorbis.indexOf('A_OPUS'), 'latin1');
  assert.match((await voiceError(vorbis)).message, /has no Opus audio track \(tracks: A_OPUX\)/);
  const firstCluster = Buffer.from(RECORDED).indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
  assert.match((await voiceError(RECORDED.subarray(0, firstCluster + 20))).message, /has no complete audio frame/);
  assert.match((await voiceError(RECORDED.subarray(0, 40))).message, /has no (audio|Opus audio track)/);
});

test('cuts out of order are a programming error, not a silent shift', async () => {
  await assert.rejects(remuxVoice(RECORDED, [{ from: 2, to: 3 }, { from: 1, to: 1.5 }], 'voice.webm'), /sorted, disjoint/);
  await assert.rejects(remuxVoice(RECORDED, [{ from: 2, to: 2 }], 'voice.webm'), /sorted, disjoint/);
});
