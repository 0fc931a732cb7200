// The teacher's voice in a lecture's site: each recorded segment (voice-start .. voice-end, or its
// last chunk when the server was killed) remuxed with the silences the idle map cut taken out of it
// (voice-remux.ts), so its clock is the site's from the moment the segment started:
// lecture/voice/<n>.webm.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LectureVoice } from '../../common/lecture-site.js';
import { LivedeckError } from '../errors.js';
import type { IdleMap } from '../lecture/idle-map.js';
import type { LectureFolder } from '../lecture/lecture-reader.js';
import { remuxVoice } from './voice-remux.js';

const VOICE_DIR = 'lecture/voice';

/** A segment of the timeline, in lecture milliseconds. */
export interface VoiceSegment {
  file: string;
  from: number;
  to: number;
}

/** The voice segments of the timeline that hold something (at least one chunk). */
export function voiceSegments(lecture: LectureFolder): VoiceSegment[] {
  const segments: VoiceSegment[] = [];
  const open = new Map<string, { from: number; last: number | null }>();
  const close = (file: string, to: number | null) => {
    const segment = open.get(file);
    if (segment === undefined) return;
    open.delete(file);
    const end = to ?? segment.last;
    if (segment.last !== null && end !== null) segments.push({ file, from: segment.from, to: end });
  };
  for (const event of lecture.timeline.events) {
    if (event.type === 'voice-start') {
      close(event.file, null);
      open.set(event.file, { from: event.t, last: null });
    } else if (event.type === 'voice-chunk') {
      const segment = open.get(event.file);
      if (segment !== undefined) segment.last = event.t;
    } else if (event.type === 'voice-end') {
      close(event.file, event.t);
    }
  }
  // A killed server ended none of those still open: each ends at its last chunk.
  for (const file of [...open.keys()]) close(file, null);
  return segments.sort((a, b) => a.from - b.from);
}

/** Each segment's file remuxed on the site's clock, and where it plays. */
export async function lectureVoice(lecture: LectureFolder, map: IdleMap): Promise<{ voice: LectureVoice[]; files: Map<string, Uint8Array> }> {
  const voice: LectureVoice[] = [];
  const files = new Map<string, Uint8Array>();
  for (const [k, segment] of voiceSegments(lecture).entries()) {
    const shown = join(lecture.shown, segment.file);
    let input: Uint8Array;
    try {
      input = await readFile(join(lecture.dir, segment.file));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read: ${(error as Error).message}`;
      throw new LivedeckError('lecture-bad', `${shown}, the voice recorded from ${(segment.from / 1000).toFixed(1)} s, ${reason}`, {
        hint: 'the lecture\'s folder is incomplete: copy it whole',
      });
    }
    // The cuts, on the file's own clock (its time 0 is the segment's start).
    const cuts = map.cuts.flatMap((cut) => {
      const from = Math.max(cut.from, segment.from) - segment.from;
      const to = Math.min(cut.to, segment.to) - segment.from;
      return to > from ? [{ from: from / 1000, to: to / 1000 }] : [];
    });
    const { bytes, duration } = await remuxVoice(input, cuts, shown);
    const file = `${VOICE_DIR}/${k + 1}.webm`;
    files.set(file, bytes);
    const from = map.shorten(segment.from);
    voice.push({ file, from, to: Math.round((from + duration) * 1000) / 1000 });
  }
  return { voice, files };
}
