// The voice files of a synthetic class and their timeline events (bench/lecture.ts): each segment
// a live WebM as the presenter's MediaRecorder leaves it on the server (no Duration, no Cues,
// Segment and one-second Clusters of unknown size), made of the encoded seconds of speech where
// the script has the teacher speak and of the room elsewhere, with a voice-chunk event a second
// carrying the file's size so far and that second's loudest moment.

import type { VoiceChunkEvent, VoiceEndEvent, VoiceStartEvent } from '../../common/lecture.js';
import { concat, element, floatElement, sizeBytes, stringElement, uintElement, unknownSizeElement } from '../../server/build/ebml.js';
import { ID } from '../../server/build/voice-remux.js';
import type { VoiceSegmentPlan } from './class-scenario.js';
import type { Random } from './shell-output.js';
import type { EncodedPools, EncodedSecond } from './speech-encoder.js';

export const VOICE_MIME = 'audio/webm;codecs=opus';

export interface VoiceFile {
  file: string;
  bytes: Uint8Array;
  events: (VoiceStartEvent | VoiceChunkEvent | VoiceEndEvent)[];
  /** Seconds of audio. */
  seconds: number;
}

/** Matroska IDs of a TrackEntry that voice-remux.ts does not name. */
const TRACK = { uid: 0x73c5, codecPrivate: 0x63a2, audio: 0xe1, samplingFrequency: 0xb5, channels: 0x9f } as const;
const TRACK_NUMBER = 1;
const PACKET_MS = 20;

/** The files of `plans`, second by second: speech where `speaking[second of the lecture]`. */
export function voiceFiles(pools: EncodedPools, plans: VoiceSegmentPlan[], speaking: boolean[], next: Random): VoiceFile[] {
  let speech = 0;
  let room = 0;
  return plans.map((plan) => {
    const seconds = Math.floor((plan.end - plan.start) / 1000);
    const parts: Uint8Array[] = [header(pools.opusHead)];
    let size = parts[0]!.length;
    const events: VoiceFile['events'] = [{ t: plan.start, type: 'voice-start', file: plan.file, mime: VOICE_MIME }];
    let last = plan.start;
    for (let k = 0; k < seconds; k++) {
      const second: EncodedSecond = speaking[Math.floor(plan.start / 1000) + k]
        ? pools.speech[speech++ % pools.speech.length]!
        : pools.room[room++ % pools.room.length]!;
      const cluster = concat(unknownSizeElement(ID.cluster, [
        ...uintElement(ID.timecode, k * 1000),
        ...second.packets.flatMap((packet, j) => element(ID.simpleBlock, [sizeBytes(TRACK_NUMBER), Uint8Array.of((j * PACKET_MS) >> 8, (j * PACKET_MS) & 0xff, 0x80), packet])),
      ]));
      parts.push(cluster);
      size += cluster.length;
      // The recorder's chunk for this second reaches the server a little after it ends.
      last = Math.max(last + 1, Math.round(plan.start + (k + 1) * 1000 + 5 + next() * 35));
      events.push({ t: last, type: 'voice-chunk', file: plan.file, bytes: size, level: second.level });
    }
    events.push({ t: Math.max(plan.end, last + 5), type: 'voice-end', file: plan.file });
    return { file: plan.file, bytes: concat(parts), events, seconds };
  });
}

/** EBML header, then a Segment of unknown size with Info and the Opus track. */
function header(opusHead: Uint8Array): Uint8Array {
  const trackEntry = element(ID.trackEntry, [
    ...uintElement(ID.trackNumber, TRACK_NUMBER),
    ...uintElement(TRACK.uid, 0x5eed),
    ...uintElement(ID.trackType, 2),
    ...stringElement(ID.codecId, 'A_OPUS'),
    ...element(TRACK.codecPrivate, [opusHead]),
    ...element(TRACK.audio, [...floatElement(TRACK.samplingFrequency, 48000), ...uintElement(TRACK.channels, 1)]),
  ]);
  return concat([
    ...element(ID.EBML, [...stringElement(ID.docType, 'webm')]),
    ...unknownSizeElement(ID.segment, [
      ...element(ID.info, [...uintElement(ID.timecodeScale, 1_000_000), ...stringElement(ID.muxingApp, 'Chrome'), ...stringElement(ID.writingApp, 'Chrome')]),
      ...element(ID.tracks, trackEntry),
    ]),
  ]);
}
