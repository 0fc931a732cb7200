// What counts as activity in a recorded class, for its idle map (idle-map.ts): the moments
// something changed what a student sees or hears. A shell of no pane shows nowhere in the site,
// so its output is not activity; nor is a quiet voice chunk (a room's noise).

import type { Activity } from './idle-map.js';
import { VOICE_ACTIVITY_LEVEL } from './idle-map.js';
import type { LectureFolder } from './lecture-reader.js';
import type { PaneSession } from './pane-sessions.js';

/** A voice chunk is about the second before its event. */
const CHUNK_MS = 1000;

/** When the class begins: its first activity other than the deck compiling (the presenter opening
 * the deck, a shell, the voice), 0 when there is none. A server started minutes before the class
 * does not make its replay open on minutes of nothing. */
export function lectureStart(lecture: LectureFolder): number {
  const first = lecture.timeline.events.find((event) => event.type !== 'deck' && event.type !== 'end');
  return first?.t ?? 0;
}

export function lectureActivities(lecture: LectureFolder, panes: ReadonlyMap<string, readonly PaneSession[]>): Activity[] {
  const activities: Activity[] = [];
  const at = (t: number) => activities.push({ from: t, to: t });
  const voiceStarts = new Map<string, number>();
  for (const event of lecture.timeline.events) {
    switch (event.type) {
      case 'position': case 'step': case 'session-start': case 'session-end': case 'deck':
        at(event.t);
        break;
      case 'voice-start':
        voiceStarts.set(event.file, event.t);
        break;
      case 'voice-chunk':
        if (event.level >= VOICE_ACTIVITY_LEVEL) activities.push({ from: Math.max(event.t - CHUNK_MS, voiceStarts.get(event.file) ?? 0), to: event.t });
        break;
      default:
        break;
    }
  }
  for (const sessions of panes.values()) {
    for (const { start, cast } of sessions) {
      for (const event of cast.events) if (event.code === 'o') at(start.t + event.time * 1000);
    }
  }
  return activities;
}
