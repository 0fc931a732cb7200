// The remuxed voice in Chromium, opened from file:// as a student's lecture site opens it: its
// duration known at loadedmetadata, a seek that lands where asked in under 200 ms, playback; for a
// voice just recorded by Chromium's MediaRecorder and for an hour of it (its frames repeated).

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { remuxVoice } from '../../server/build/voice-remux.js';
import { closeBrowser, openPage } from '../helpers/browser.js';
import { scratchDir } from '../helpers/scratch.js';
import { longVoiceWebm, recordVoiceWebm } from '../helpers/voice-webm.js';

after(closeBrowser);

/** The page's errors but the media element's own cancelled reads: a seek aborts the read in
 * flight (net::ERR_ABORTED) and starts one where it lands, which is not a failure. */
function realErrors(errors: string[]): string[] {
  return errors.filter((error) => !/^requestfailed: file:\S+\/voice\.webm net::ERR_ABORTED$/.test(error));
}

/** Opens `voice.webm` in an <audio> of a page of `dir`, from file://, and waits for its metadata;
 * returns its duration then. */
async function openVoice(page: Page, dir: string): Promise<number> {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><audio src="voice.webm" preload="metadata"></audio>');
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  return page.evaluate(() => new Promise<number>((resolve, reject) => {
    const audio = document.querySelector('audio')!;
    if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) resolve(audio.duration);
    audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
    audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}: ${audio.error?.message}`)));
  }));
}

/** Seeks the page's <audio> to `time`: how long until `seeked`, and where it landed. */
async function seek(page: Page, time: number): Promise<{ ms: number; at: number }> {
  return page.evaluate((to) => new Promise<{ ms: number; at: number }>((resolve) => {
    const audio = document.querySelector('audio')!;
    const start = performance.now();
    audio.addEventListener('seeked', () => resolve({ ms: performance.now() - start, at: audio.currentTime }), { once: true });
    audio.currentTime = to;
  }), time);
}

/** Plays the page's <audio> (muted: no gesture needed) for `ms` and returns how far it went. */
async function play(page: Page, ms: number): Promise<{ from: number; to: number }> {
  return page.evaluate(async (wait) => {
    const audio = document.querySelector('audio')!;
    audio.muted = true;
    const from = audio.currentTime;
    await audio.play();
    await new Promise((resolve) => setTimeout(resolve, wait));
    audio.pause();
    return { from, to: audio.currentTime };
  }, ms);
}

test('a MediaRecorder voice, remuxed: duration at loadedmetadata, seeks land within 0.05 s in under 200 ms, it plays', async (t) => {
  const recorded = await recordVoiceWebm(4);
  const dir = scratchDir(t, 'livedeck-voice-');
  const { bytes, duration } = await remuxVoice(recorded, [{ from: 1, to: 1.5 }], 'voice.webm');
  assert.ok(duration > 3.3 && duration < 3.6, `4 s recorded minus a 0.5 s cut: ${duration} s`);
  writeFileSync(join(dir, 'voice.webm'), bytes);

  const { page, errors } = await openPage('about:blank');
  const shown = await openVoice(page, dir);
  assert.ok(Math.abs(shown - duration) < 0.001, `<audio>.duration ${shown}, remux said ${duration}`);
  for (const time of [2.5, 0.4, 3.2]) {
    const { ms, at } = await seek(page, time);
    assert.ok(Math.abs(at - time) < 0.05, `seek to ${time} landed at ${at}`);
    assert.ok(ms < 200, `seek to ${time} took ${ms.toFixed(0)} ms`);
  }
  await seek(page, 1);
  const { from, to } = await play(page, 500);
  assert.ok(to - from > 0.3, `played from ${from} to ${to} in 0.5 s`);
  assert.deepEqual(realErrors(errors), []);
});

test('an hour of voice: remuxed in under a second, duration at loadedmetadata, seeks anywhere in under 200 ms', async (t) => {
  const hour = longVoiceWebm(await recordVoiceWebm(3), 3600);
  const dir = scratchDir(t, 'livedeck-voice-hour-');
  const started = performance.now();
  const { bytes, duration } = await remuxVoice(hour, [{ from: 600, to: 900 }], 'voice.webm');
  const remuxMs = performance.now() - started;
  t.diagnostic(`remux of one hour (${(hour.length / 1e6).toFixed(1)} MB): ${remuxMs.toFixed(0)} ms`);
  assert.ok(remuxMs < 1000, `remux of one hour took ${remuxMs.toFixed(0)} ms`);
  assert.ok(Math.abs(duration - 3300) < 0.1, `an hour minus a 300 s cut: ${duration} s`);
  writeFileSync(join(dir, 'voice.webm'), bytes);

  const { page, errors } = await openPage('about:blank');
  assert.ok(Math.abs(await openVoice(page, dir) - duration) < 0.001);
  const times: number[] = [];
  for (const time of [3000, 12.3, 1650.5, 3290, 599.9, 2222]) {
    const { ms, at } = await seek(page, time);
    times.push(ms);
    assert.ok(Math.abs(at - time) < 0.05, `seek to ${time} landed at ${at}`);
    assert.ok(ms < 200, `seek to ${time} took ${ms.toFixed(0)} ms`);
  }
  t.diagnostic(`seeks in one hour: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  await seek(page, 3100);
  const { from, to } = await play(page, 500);
  assert.ok(to - from > 0.3, `played from ${from} to ${to} in 0.5 s`);
  assert.deepEqual(realErrors(errors), []);
});
