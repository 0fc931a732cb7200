// Opus packets of a speech-like voice and of a quiet room, encoded by Chromium's WebCodecs
// (AudioEncoder, the libopus a MediaRecorder uses, at 32 kb/s mono as the presenter's recorder
// asks) far faster than real time, for the synthetic class of bench/lecture.ts. The voice is a
// glottal pulse train through moving formants, in syllables, words and phrases with their pauses,
// over the room's noise: what matters to the benchmark is that Opus spends on it what it spends on
// speech and silence, and that each second's loudest moment reads as a voice or as a silence.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../server/browser.js';

/** One second of encoded audio: its Opus packets (20 ms each) and its loudest sample (0..1). */
export interface EncodedSecond {
  packets: Uint8Array[];
  level: number;
}

export interface EncodedPools {
  /** The Opus identification header (the track's CodecPrivate). */
  opusHead: Uint8Array;
  speech: EncodedSecond[];
  room: EncodedSecond[];
}

interface PageResult {
  head: string;
  pools: { packets: string; sizes: number[]; seconds: number[]; levels: number[] }[];
}

/** Encodes `speechSeconds` of voice and `roomSeconds` of room noise in headless Chromium. */
export async function encodeSpeechPools(speechSeconds: number, roomSeconds: number, seed: number): Promise<EncodedPools> {
  // WebCodecs needs a secure context: a file:// page is one, about:blank is not.
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-voice-'));
  const browser = await launchChromium();
  try {
    writeFileSync(join(dir, 'encode.html'), '<!doctype html><title>encode</title>');
    const context = await browser.newContext();
    await context.addInitScript('globalThis.__name = (target) => target;');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(join(dir, 'encode.html')).href);
    const result = await page.evaluate(encodeInPage, { speechSeconds, roomSeconds, seed });
    if (errors.length > 0) throw new Error(`encoding the voice: ${errors.join('; ')}`);
    const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
    const seconds = (pool: PageResult['pools'][number]): EncodedSecond[] => {
      const all = bytes(pool.packets);
      const out: EncodedSecond[] = pool.levels.map((level) => ({ packets: [], level }));
      let at = 0;
      pool.sizes.forEach((size, i) => {
        out[pool.seconds[i]!]?.packets.push(all.subarray(at, at + size));
        at += size;
      });
      return out;
    };
    return { opusHead: bytes(result.head), speech: seconds(result.pools[0]!), room: seconds(result.pools[1]!) };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the page: synthesises both pools and encodes each with its own AudioEncoder. */
async function encodeInPage({ speechSeconds, roomSeconds, seed }: { speechSeconds: number; roomSeconds: number; seed: number }): Promise<PageResult> {
  const RATE = 48000;
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min: number, max: number) => min + next() * (max - min);

  /** A two-pole resonator (a formant), as biquad coefficients. */
  const resonator = (frequency: number, bandwidth: number) => {
    const r = Math.exp((-Math.PI * bandwidth) / RATE);
    return { a1: 2 * r * Math.cos((2 * Math.PI * frequency) / RATE), a2: -r * r, gain: 1 - r };
  };

  const room = (samples: Float32Array) => {
    // A room's hiss and hum as the browser's noise suppression leaves it, about -60 dBFS.
    for (let i = 0; i < samples.length; i++) samples[i]! += (next() - 0.5) * 0.0015 + 0.0005 * Math.sin((2 * Math.PI * 50 * i) / RATE);
  };

  const voice = (samples: Float32Array) => {
    room(samples);
    let i = 0;
    let phase = 0;
    const y = [[0, 0], [0, 0], [0, 0]];
    while (i < samples.length) {
      // A phrase: 5-14 words, its pitch falling from ~150 to ~105 Hz, then a breath.
      const words = 5 + Math.floor(next() * 10);
      const top = between(135, 165);
      const phraseStart = i;
      const phraseLength = words * 0.45 * RATE;
      for (let w = 0; w < words && i < samples.length; w++) {
        const syllables = 1 + Math.floor(next() * 3);
        for (let s = 0; s < syllables && i < samples.length; s++) {
          const length = Math.floor(between(0.11, 0.26) * RATE);
          const formants = [resonator(between(300, 800), 90), resonator(between(900, 2300), 120), resonator(between(2400, 3000), 180)];
          const fricative = next() < 0.25;
          const loud = between(0.3, 0.75);
          // Synthesised apart, then scaled so the syllable peaks at `loud`.
          const syllable = new Float32Array(length);
          let peak = 1e-9;
          for (let k = 0; k < length; k++) {
            const f0 = top * (1 - 0.3 * Math.min(1, (i + k - phraseStart) / phraseLength)) * (1 + 0.03 * Math.sin(k / 900));
            phase += f0 / RATE;
            if (phase >= 1) phase -= 1;
            const source = fricative && k < length / 3 ? (next() - 0.5) * 0.6 : 1 - 2 * phase;
            let out = 0;
            formants.forEach((f, n) => {
              const v = f.gain * source + f.a1 * y[n]![0]! + f.a2 * y[n]![1]!;
              y[n]![1] = y[n]![0]!;
              y[n]![0] = v;
              out += v * (n === 0 ? 1 : n === 1 ? 0.6 : 0.3);
            });
            syllable[k] = out * Math.sin((Math.PI * k) / length) ** 2;
            peak = Math.max(peak, Math.abs(syllable[k]!));
          }
          for (let k = 0; k < length && i < samples.length; k++, i++) samples[i]! += (syllable[k]! * loud) / peak;
          i += Math.floor(between(0.02, 0.07) * RATE);
        }
        i += Math.floor(between(0.06, 0.22) * RATE);
      }
      i += Math.floor(between(0.3, 1.0) * RATE);
    }
  };

  const encode = async (seconds: number, fill: (samples: Float32Array) => void) => {
    const samples = new Float32Array(seconds * RATE);
    fill(samples);
    const levels: number[] = [];
    for (let s = 0; s < seconds; s++) {
      let peak = 0;
      for (let i = s * RATE; i < (s + 1) * RATE; i++) peak = Math.max(peak, Math.abs(samples[i]!));
      levels.push(Math.round(peak * 1000) / 1000);
    }
    const packets: Uint8Array[] = [];
    const times: number[] = [];
    let head: Uint8Array | null = null;
    const encoder = new AudioEncoder({
      output: (chunk, meta) => {
        const data = new Uint8Array(chunk.byteLength);
        chunk.copyTo(data);
        packets.push(data);
        times.push(chunk.timestamp);
        const description = meta?.decoderConfig?.description;
        if (description && !head) head = new Uint8Array(description instanceof ArrayBuffer ? description : (description as ArrayBufferView).buffer.slice(0));
      },
      error: (error) => {
        throw error;
      },
    });
    encoder.configure({ codec: 'opus', sampleRate: RATE, numberOfChannels: 1, bitrate: 32000 });
    for (let s = 0; s < seconds; s++) {
      encoder.encode(new AudioData({ format: 'f32', sampleRate: RATE, numberOfChannels: 1, numberOfFrames: RATE, timestamp: s * 1e6, data: samples.subarray(s * RATE, (s + 1) * RATE) }));
    }
    await encoder.flush();
    encoder.close();
    const total = packets.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of packets) {
      all.set(p, at);
      at += p.length;
    }
    let binary = '';
    for (let i = 0; i < all.length; i += 0x8000) binary += String.fromCharCode(...all.subarray(i, i + 0x8000));
    return {
      head: head as Uint8Array | null,
      pool: { packets: btoa(binary), sizes: packets.map((p) => p.length), seconds: times.map((t) => Math.min(seconds - 1, Math.floor(t / 1e6))), levels },
    };
  };

  const speech = await encode(speechSeconds, voice);
  const quiet = await encode(roomSeconds, room);
  if (!speech.head) throw new Error('the Opus encoder gave no decoder description (OpusHead)');
  return { head: btoa(String.fromCharCode(...speech.head)), pools: [speech.pool, quiet.pool] };
}
