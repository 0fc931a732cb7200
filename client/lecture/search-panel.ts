// The lecture's search box and its results: every moment a text was on a slide or in a terminal,
// with its time, its slide and the line it was found in; a click plays the lecture from there.

import { formatLectureTime, type LectureChapter, type LectureSearchEntry } from '../../common/lecture-site.js';
import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { LecturePanel } from './panel.js';
import { matchRange, type SearchIndex, type SearchResults } from './search.js';
import { chapterAt } from './timeline.js';

/** Characters of context shown around a match in a long text. */
const CONTEXT = 60;
/** Typing pauses this long (ms) before a search runs. */
const TYPING_PAUSE = 150;

export class SearchPanel {
  readonly panel: LecturePanel;
  readonly input: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly results: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by each search: an older one's answer arriving late is dropped. */
  private generation = 0;

  constructor(
    private readonly index: SearchIndex,
    private readonly chapters: readonly LectureChapter[],
    private readonly strings: UiStrings,
    private readonly pick: (time: number) => void,
    close: () => void,
  ) {
    this.panel = new LecturePanel('ld-lecture-search', strings.search, strings, close);
    this.input = el('input', 'ld-lecture-search-input');
    this.input.type = 'search';
    this.input.placeholder = strings.searchPlaceholder;
    this.input.setAttribute('aria-label', strings.searchPlaceholder);
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.run(), TYPING_PAUSE);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        clearTimeout(this.timer);
        void this.run();
      }
      // reveal.js leaves a text field's keys alone: Escape closes the search, not the slides'.
      if (event.key === 'Escape') close();
    });
    this.status = el('p', 'ld-lecture-search-status');
    this.status.setAttribute('role', 'status');
    this.results = el('ol', 'ld-lecture-results');
    this.panel.body.append(this.input, this.status, this.results);
  }

  /** Shows the moments that match `query` (and puts it in the box); resolves with them. */
  async show(query: string): Promise<LectureSearchEntry[]> {
    if (this.input.value !== query) this.input.value = query;
    return this.run();
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel.dispose();
  }

  private async run(): Promise<LectureSearchEntry[]> {
    const query = this.input.value;
    const generation = ++this.generation;
    if (query.trim() === '') {
      this.status.textContent = '';
      this.results.replaceChildren();
      return [];
    }
    this.status.textContent = this.strings.searching;
    let found: SearchResults;
    try {
      found = await this.index.search(query);
    } catch {
      if (generation === this.generation) this.status.textContent = this.strings.searchFailed;
      return [];
    }
    const { moments, total } = found;
    if (generation !== this.generation) return moments;
    this.status.textContent = total === 0 ? this.strings.searchNothing : this.strings.searchCount(moments.length, total);
    this.results.replaceChildren(...moments.map((entry) => this.result(entry, query)));
    return moments;
  }

  private result(entry: LectureSearchEntry, query: string): HTMLElement {
    const item = el('button', 'ld-lecture-result');
    item.type = 'button';
    item.dataset.time = String(entry.time);
    const head = el('span', 'ld-lecture-result-head');
    const time = el('span', 'ld-lecture-result-time');
    time.textContent = formatLectureTime(entry.time);
    const where = el('span', 'ld-lecture-result-where');
    where.textContent = `${this.strings.slideTitle(entry.slide, slideTitle(this.chapters, entry))}${entry.kind === 'terminal' ? ` · ${this.strings.inTerminal}` : ''}`;
    head.append(time, where);
    const text = el('span', entry.kind === 'terminal' ? 'ld-lecture-result-text ld-lecture-result-terminal' : 'ld-lecture-result-text');
    text.append(...context(entry.text, query));
    item.append(head, text);
    item.addEventListener('click', () => this.pick(entry.time));
    const li = el('li');
    li.append(item);
    return li;
  }
}

/** The text around the match, the match in <mark>. */
function context(full: string, query: string): Node[] {
  const text = full.replace(/\s+/g, ' ').trim();
  const range = matchRange(text, query);
  if (!range) return [document.createTextNode(text.length > 2 * CONTEXT ? `${text.slice(0, 2 * CONTEXT)}…` : text)];
  const [start, end] = range;
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  const mark = el('mark');
  mark.textContent = text.slice(start, end);
  return [
    document.createTextNode(`${from > 0 ? '…' : ''}${text.slice(from, start)}`),
    mark,
    document.createTextNode(`${text.slice(end, to)}${to < text.length ? '…' : ''}`),
  ];
}

/** The title of the slide shown at the entry's time: the chapter's then (a slide edited during the
 * class has its title of that moment). */
function slideTitle(chapters: readonly LectureChapter[], entry: LectureSearchEntry): string {
  const chapter = chapters[chapterAt(chapters, entry.time)];
  if (chapter?.slide === entry.slide) return chapter.title;
  return chapters.find((c) => c.slide === entry.slide)?.title ?? '';
}
