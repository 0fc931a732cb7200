// Search over what the class showed: the site's index (lecture/search.js, a classic script setting
// globalThis[LECTURE_SEARCH_GLOBAL], loaded the first time a student searches) of slide texts at the
// times they were shown and terminal lines at the times they appeared. Matching ignores case and
// accents ("securite" finds "Sécurité") and wants every word of the query; moments where every
// word starts a word of the text come first ("kill" finds `kill -STOP` before "rfkill"), each
// group in time order.

import { LECTURE_SEARCH_GLOBAL, LECTURE_SEARCH_SCRIPT, type LectureSearchEntry } from '../../common/lecture-site.js';
import { loadScript, siteGlobal } from './lecture-data.js';

/** At most this many moments are listed. */
export const MAX_RESULTS = 100;

export interface SearchResults {
  /** The moments listed (at most MAX_RESULTS). */
  moments: LectureSearchEntry[];
  /** How many moments match in all. */
  total: number;
}

/** Lower case, without accents, spaces collapsed: what matching compares. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Where `word` is in `folded`, at the start of a word of it if it is there, else anywhere: its
 * offset and whether it starts a word; null if it is not there. */
function findWord(folded: string, word: string): { at: number; start: boolean } | null {
  let first = -1;
  for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(folded[at - 1]!)) return { at, start: true };
    if (first === -1) first = at;
  }
  return first === -1 ? null : { at: first, start: false };
}

function queryWords(query: string): string[] {
  return foldText(query).trim().split(' ').filter((word) => word !== '');
}

/** The entries whose text holds every word of `query`: those where each word starts a word
 * first, then the others, each in time order; the first MAX_RESULTS of them. */
export function searchEntries(entries: readonly LectureSearchEntry[], query: string): SearchResults {
  const words = queryWords(query);
  if (words.length === 0) return { moments: [], total: 0 };
  const found: { entry: LectureSearchEntry; starts: boolean }[] = [];
  for (const entry of entries) {
    const text = foldText(entry.text);
    const matches = words.map((word) => findWord(text, word));
    if (matches.every((match) => match !== null)) found.push({ entry, starts: matches.every((match) => match!.start) });
  }
  found.sort((a, b) => Number(b.starts) - Number(a.starts) || a.entry.time - b.entry.time);
  return { moments: found.slice(0, MAX_RESULTS).map((match) => match.entry), total: found.length };
}

/** Where the first word of `query` is in `text` (at a word's start if it is there), for the
 * context shown: [start, end) in `text`, or null. Folding keeps one character per character for
 * the Latin letters a deck uses, so the offsets are the text's. */
export function matchRange(text: string, query: string): [number, number] | null {
  const word = queryWords(query)[0] ?? '';
  if (word === '') return null;
  const folded = [...text].map((char) => foldText(char) || char).join('');
  const found = findWord(folded, word);
  return found === null || folded.length !== text.length ? null : [found.at, found.at + word.length];
}

/** The site's search index, loaded once. */
export class SearchIndex {
  private loading: Promise<readonly LectureSearchEntry[]> | null = null;

  constructor(private readonly root: string) {}

  entries(): Promise<readonly LectureSearchEntry[]> {
    this.loading ??= (async () => {
      if (siteGlobal(LECTURE_SEARCH_GLOBAL) === undefined) await loadScript(this.root + LECTURE_SEARCH_SCRIPT);
      const entries = siteGlobal(LECTURE_SEARCH_GLOBAL);
      if (!Array.isArray(entries)) throw new Error(`livedeck: ${LECTURE_SEARCH_SCRIPT} did not set the search index`);
      return entries as LectureSearchEntry[];
    })();
    // A failed load may be tried again.
    this.loading.catch(() => {
      this.loading = null;
    });
    return this.loading;
  }

  async search(query: string): Promise<SearchResults> {
    return searchEntries(await this.entries(), query);
  }
}
