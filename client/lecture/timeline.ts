// What the lecture showed at a given time: its position, chapter, page and voice segment, looked up
// in the site's data (common/lecture-site.ts). Pure functions, so the player and the tests share them.

import type { LectureChapter, LecturePage, LecturePosition, LectureSiteData, LectureVoice } from '../../common/lecture-site.js';

/** `[`: while playing, a chapter reached less than this long ago counts as the current one, so a
 * press goes to the one before it (as a music player's "previous"). */
const PREVIOUS_CHAPTER_GRACE = 2;

/** The index of the last item at or before `time` (items sorted by `at`), or -1. */
export function lastAtOrBefore<T>(items: readonly T[], time: number, at: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at(items[middle]!) <= time) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Where the deck was at `time`: the last position reached by then (the first one before it). */
export function positionAt(positions: readonly LecturePosition[], time: number): LecturePosition | null {
  if (positions.length === 0) return null;
  return positions[Math.max(0, lastAtOrBefore(positions, time, (p) => p.time))]!;
}

/** The chapter playing at `time` (-1: before the first). */
export function chapterAt(chapters: readonly LectureChapter[], time: number): number {
  return lastAtOrBefore(chapters, time, (c) => c.time);
}

/** The page (deck snapshot) that shows `time`. */
export function pageAt(pages: readonly LecturePage[], time: number): number {
  return Math.max(0, lastAtOrBefore(pages, time, (p) => p.from));
}

/** The voice segment that covers `time`, or -1 (no voice then). */
export function voiceAt(voice: readonly LectureVoice[], time: number): number {
  const index = lastAtOrBefore(voice, time, (v) => v.from);
  return index >= 0 && time < voice[index]!.to ? index : -1;
}

/** `]`: the next chapter's time, or null after the last one. */
export function nextChapterTime(chapters: readonly LectureChapter[], time: number): number | null {
  return chapters[lastAtOrBefore(chapters, time + 1e-6, (c) => c.time) + 1]?.time ?? null;
}

/** `[`: the time of the chapter before the current one (while playing, one just reached does not
 * count), or 0. */
export function previousChapterTime(chapters: readonly LectureChapter[], time: number, playing: boolean): number {
  const before = time - (playing ? PREVIOUS_CHAPTER_GRACE : 1e-6);
  const index = lastAtOrBefore(chapters, before, (c) => c.time);
  // `before` is past the chapter's start: that chapter's own start is the one to go back to.
  return index >= 0 ? chapters[index]!.time : 0;
}

/** `time` kept inside the lecture. */
export function clampTime(data: LectureSiteData, time: number): number {
  return Math.min(Math.max(0, Number.isFinite(time) ? time : 0), data.duration);
}
