// Search over what the class showed: the site's index (lecture/search.js, a classic script setting
// globalThis[LECTURE_SEARCH_GLOBAL], loaded the first time a student searches) of slide texts at the
// times they were shown and terminal lines at the times they appeared. Matching ignores case and
// accents ("securite" finds "Sécurité") and wants every word of the query.

import { LECTURE_SEARCH_GLOBAL, LECTURE_SEARCH_SCRIPT, type LectureSearchEntry } from '../../common/lecture-site.js';
import { loadScript, siteGlobal } from './lecture-data.js';

/** At most this many moments are listed. */
export const MAX_RESULTS = 100;

/** Lower case, without accents, spaces collapsed: what matching compares. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/** The entries whose text holds every word of `query`, in time order (the first MAX_RESULTS). */
export function searchEntries(entries: readonly LectureSearchEntry[], query: string): LectureSearchEntry[] {
  const words = foldText(query).trim().split(' ').filter((word) => word !== '');
  if (words.length === 0) return [];
  const found: LectureSearchEntry[] = [];
  for (const entry of entries) {
    const text = foldText(entry.text);
    if (words.every((word) => text.includes(word))) found.push(entry);
  }
  return found.sort((a, b) => a.time - b.time).slice(0, MAX_RESULTS);
}

/** Where the first word of `query` is in `text`, for the context shown: [start, end) in `text`, or
 * null. Folding keeps one character per character for the Latin letters a deck uses, so the
 * offsets are the text's. */
export function matchRange(text: string, query: string): [number, number] | null {
  const word = foldText(query).trim().split(' ')[0] ?? '';
  if (word === '') return null;
  const folded = [...text].map((char) => foldText(char) || char).join('');
  const start = folded.indexOf(word);
  return start === -1 || folded.length !== text.length ? null : [start, start + word.length];
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

  async search(query: string): Promise<LectureSearchEntry[]> {
    return searchEntries(await this.entries(), query);
  }
}
