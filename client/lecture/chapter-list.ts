// The lecture's chapters: every visit to a slide (a slide shown twice has two entries), with its
// time; the current one is highlighted and kept in view, a click plays the lecture from there.

import { formatLectureTime, type LectureChapter } from '../../common/lecture-site.js';
import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { LecturePanel } from './panel.js';

export class ChapterList {
  readonly panel: LecturePanel;
  private readonly items: HTMLButtonElement[];
  private current = -2;

  constructor(chapters: readonly LectureChapter[], strings: UiStrings, pick: (time: number) => void, close: () => void) {
    this.panel = new LecturePanel('ld-lecture-chapters', strings.chapters, strings, close);
    const list = el('ol', 'ld-lecture-chapter-list');
    this.items = chapters.map((chapter) => {
      const item = el('button', 'ld-lecture-chapter');
      item.type = 'button';
      const time = el('span', 'ld-lecture-chapter-time');
      time.textContent = formatLectureTime(chapter.time);
      const title = el('span', 'ld-lecture-chapter-title');
      title.textContent = strings.slideTitle(chapter.slide, chapter.title);
      item.append(time, title);
      item.addEventListener('click', () => pick(chapter.time));
      const entry = el('li');
      entry.append(item);
      list.append(entry);
      return item;
    });
    this.panel.body.append(list);
  }

  /** Highlights chapter `index` (-1: none yet). */
  render(index: number): void {
    if (index === this.current) return;
    this.items[this.current]?.classList.remove('ld-lecture-current');
    this.items[this.current]?.removeAttribute('aria-current');
    this.current = index;
    const item = this.items[index];
    if (!item) return;
    item.classList.add('ld-lecture-current');
    item.setAttribute('aria-current', 'true');
    if (this.panel.open) item.scrollIntoView({ block: 'nearest' });
  }

  /** Opened: the current chapter in view. */
  reveal(): void {
    this.items[this.current]?.scrollIntoView({ block: 'center' });
  }

  dispose(): void {
    this.panel.dispose();
  }
}
