// Where the slides were during a class, on the site's clock: every position the presenter showed,
// and the chapters (a visit to a slide: its title and when it was reached) for the chapter list
// and the seek bar's ticks.

import type { LectureChapter, LecturePosition } from '../../common/lecture-site.js';
import type { IdleMap } from './idle-map.js';
import type { LectureFolder } from './lecture-reader.js';

/** A visit shorter than this (seconds, site clock) is the presenter passing through slides on
 * the way to another: no chapter, unless it is the last. */
export const MIN_CHAPTER = 1;

export interface LectureSlides {
  positions: LecturePosition[];
  chapters: LectureChapter[];
}

export function lectureSlides(lecture: LectureFolder, map: IdleMap): LectureSlides {
  const positions: LecturePosition[] = [];
  const visits: LectureChapter[] = [];
  let snapshot: string | null = null;
  const lang = [...lecture.snapshots.values()][0]!.deck.meta.lang;
  for (const event of lecture.timeline.events) {
    if (event.type === 'deck') snapshot = event.snapshot;
    if (event.type !== 'position') continue;
    const time = map.shorten(event.t);
    positions.push({ time, h: event.h, v: event.v, f: event.f, slide: event.slide });
    const last = visits.at(-1);
    if (last?.slide === event.slide) continue;
    const deck = snapshot === null ? null : lecture.snapshots.get(snapshot)!.deck;
    const title = deck?.slides[event.slide - 1]?.title ?? (lang === 'fr' ? `Diapositive ${event.slide}` : `Slide ${event.slide}`);
    visits.push({ time, slide: event.slide, title });
  }
  const chapters: LectureChapter[] = [];
  visits.forEach((visit, k) => {
    const next = visits[k + 1];
    if (next !== undefined && next.time - visit.time < MIN_CHAPTER) return;
    // Passing through B from A back to A is one visit of A.
    if (chapters.at(-1)?.slide === visit.slide && chapters.at(-1)?.title === visit.title) return;
    chapters.push(visit);
  });
  return { positions, chapters };
}
