// Voice recordings as the server stores them: the chunks of Chromium's MediaRecorder
// ('audio/webm;codecs=opus', 32 kb/s, a chunk a second) appended into one live WebM. A short one
// is recorded for real; a long one repeats its frames on a rising clock, since a MediaRecorder
// takes an hour to record an hour.

import { ID, opusPacketMs, readVoiceWebm } from '../../server/build/voice-remux.js';
import { concat, element, sizeBytes, stringElement, uintElement, unknownSizeElement } from '../../server/build/ebml.js';
import { openPage } from './browser.js';

/** `seconds` of a 440 Hz tone recorded by Chromium's MediaRecorder, its chunks concatenated. */
export async function recordVoiceWebm(seconds: number): Promise<Uint8Array> {
  const { page, errors } = await openPage('about:blank');
  try {
    const base64 = await page.evaluate(async (ms: number) => {
      const context = new AudioContext();
      await context.resume();
      const tone = new OscillatorNode(context, { frequency: 440 });
      const microphone = new MediaStreamAudioDestinationNode(context);
      tone.connect(microphone);
      tone.start();
      const recorder = new MediaRecorder(microphone.stream, { mimeType: 'audio/webm;codecs=opus', audioBitsPerSecond: 32_000 });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
      recorder.start(1000);
      await new Promise((resolve) => setTimeout(resolve, ms));
      recorder.stop();
      await stopped;
      await context.close();
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    }, seconds * 1000);
    if (errors.length > 0) throw new Error(`recording the voice: ${errors.join('; ')}`);
    return new Uint8Array(Buffer.from(base64, 'base64'));
  } finally {
    await page.context().close();
  }
}

/** A live WebM of `seconds` made of a real recording's frames repeated, each starting where the
 * last one's Opus packet ends, in one-second Clusters of unknown size, as Chromium writes them. */
export function longVoiceWebm(recorded: Uint8Array, seconds: number): Uint8Array {
  const { trackEntry, trackNumber, frames } = readVoiceWebm(recorded, 'recorded.webm');
  const parts: Uint8Array[] = [
    ...element(ID.EBML, [...stringElement(ID.docType, 'webm')]),
    ...unknownSizeElement(ID.segment, [
      ...element(ID.info, uintElement(ID.timecodeScale, 1_000_000)),
      ...element(ID.tracks, [trackEntry]),
    ]),
  ];
  let ms = 0;
  let cluster: { ms: number; body: Uint8Array[] } | null = null;
  for (let i = 0; ms < seconds * 1000; i++) {
    const frame = frames[i % frames.length]!;
    if (cluster === null || ms - cluster.ms >= 1000) {
      if (cluster) parts.push(...unknownSizeElement(ID.cluster, cluster.body));
      cluster = { ms, body: [...uintElement(ID.timecode, ms)] };
    }
    const relative = ms - cluster.ms;
    cluster.body.push(...element(ID.simpleBlock, [sizeBytes(trackNumber), Uint8Array.of(relative >> 8, relative & 0xff, 0x80), frame.data]));
    ms += opusPacketMs(frame.data);
  }
  if (cluster) parts.push(...unknownSizeElement(ID.cluster, cluster.body));
  return concat(parts);
}
