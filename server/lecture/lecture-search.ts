// What a student can search in a lecture's site (lecture/search.js): the text of each slide at
// every moment it was reached (its headings, paragraphs, list items and code, one entry per line;
// not its notes, nor the steps listed in a terminal pane's markup), and each line a terminal pane
// showed, at the moment it appeared there: for a shell's pane when it was printed, for a cast=
// pane (a recording that follows the slide's steps) when the step that prints it was shown.

import { castMarkers, type Cast } from '../../common/asciicast.js';
import type { LectureChapter, LecturePosition, LectureSearchEntry } from '../../common/lecture-site.js';
import { slideFragments } from '../deck/fragments.js';
import type { Deck, Slide } from '../deck/model.js';

/** A terminal's lines, each with the time it was completed (server/casts/cast-lines.ts). */
export type CastLines = (cast: Cast) => { time: number; text: string }[];

export interface SearchSources {
  chapters: readonly LectureChapter[];
  positions: readonly LecturePosition[];
  /** The deck shown at a time of the site's clock. */
  deckAt: (time: number) => Deck;
  /** Each pane's recording on the site's clock. */
  panes: ReadonlyMap<string, Cast>;
  /** The recording a cast= pane of the deck shown at a time replays, as it plays (its markers
   * are its steps), or null when there is none. */
  replayAt?: (time: number, castFile: string) => Cast | null;
  castLines: CastLines | null;
}

export function lectureSearch(sources: SearchSources): LectureSearchEntry[] {
  const entries: LectureSearchEntry[] = [];
  for (const chapter of sources.chapters) {
    const slide = sources.deckAt(chapter.time).slides[chapter.slide - 1];
    if (slide === undefined) continue;
    for (const text of slideLines(slide.html)) entries.push({ time: chapter.time, kind: 'slide', slide: chapter.slide, text });
  }
  if (sources.castLines !== null) {
    for (const [pane, cast] of sources.panes) {
      for (const line of sources.castLines(cast)) {
        const text = line.text.trim();
        if (text !== '') entries.push({ time: line.time, kind: 'terminal', slide: slideAt(sources.positions, line.time), pane, text });
      }
    }
    if (sources.replayAt) entries.push(...replayEntries(sources, sources.castLines, sources.replayAt));
  }
  return entries.sort((a, b) => a.time - b.time);
}

/** The lines of the cast= panes, at each visit of their slide: a line the recording prints during
 * its step k is seen once the slide shows k steps of the pane (the screen before the first step
 * from the arrival), a step never shown in that visit adds nothing. */
function replayEntries(sources: SearchSources, castLines: CastLines, replayAt: NonNullable<SearchSources['replayAt']>): LectureSearchEntry[] {
  const entries: LectureSearchEntry[] = [];
  const lines = new Map<Cast, { steps: number; text: string }[]>();
  const linesOf = (cast: Cast) => {
    let known = lines.get(cast);
    if (!known) {
      const markers = castMarkers(cast).map((marker) => marker.time);
      known = castLines(cast).map((line) => ({ steps: markers.filter((time) => time <= line.time).length, text: line.text.trim() })).filter((line) => line.text !== '');
      lines.set(cast, known);
    }
    return known;
  };
  sources.chapters.forEach((chapter, k) => {
    const slide = sources.deckAt(chapter.time).slides[chapter.slide - 1];
    if (slide === undefined) return;
    const end = sources.chapters[k + 1]?.time ?? Infinity;
    const visit = sources.positions.filter((position) => position.time >= chapter.time && position.time < end && position.slide === chapter.slide);
    for (const pane of slide.terminals) {
      if (pane.castFile === null) continue;
      const cast = replayAt(chapter.time, pane.castFile);
      if (cast === null) continue;
      const shown = stepsShown(slide, pane.id, visit, chapter.time);
      for (const line of linesOf(cast)) {
        const time = shown[line.steps];
        if (time !== undefined) entries.push({ time, kind: 'terminal', slide: chapter.slide, pane: pane.id, text: line.text });
      }
    }
  });
  return entries;
}

/** When a visit first showed 0, 1, 2, ... of a pane's steps (`from`: its arrival); the list ends
 * at the last step it showed. */
function stepsShown(slide: Slide, pane: string, visit: readonly LecturePosition[], from: number): number[] {
  const fragments = slideFragments(slide.html);
  // Its step markers, in the order reveal.js shows them: the k-th is its k-th step.
  const steps = fragments.filter((fragment) => /\sclass="[^"]*\bld-terminal-step\b/.test(fragment.tag) && fragment.tag.includes(` data-pane="${pane}"`))
    .map((fragment) => fragment.step);
  const times = [from];
  for (const fragment of steps) {
    const reached = visit.find((position) => position.f >= fragment);
    if (reached === undefined) break;
    times.push(Math.max(from, reached.time));
  }
  return times;
}

/** The flat number of the slide shown at `time` (the first before any move). */
function slideAt(positions: readonly LecturePosition[], time: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : positions[lo - 1]!.slide;
}

/** A terminal pane's markup (server/deck/terminal-fence.ts): its title bar, the steps it lists
 * without JavaScript and its step markers; what it shows is searched as terminal lines. */
const TERMINAL_PANE = /<div class="ld-terminal[^"]*"[^>]*>[^]*?<\/pre>(?:<span[^>]*><\/span>)*<\/div>/g;
const BLOCK_END = /<\/(?:p|li|h[1-6]|div|pre|blockquote|tr|td|th|figcaption|dt|dd)>|<br\s*\/?>/gi;

/** A slide's text, line by line, as it reads. */
export function slideLines(html: string): string[] {
  const text = decodeEntities(html.replace(TERMINAL_PANE, '\n').replace(/<(script|style)\b[^]*?<\/\1>/gi, '').replace(BLOCK_END, '\n').replace(/<[^>]*>/g, ''));
  return text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
