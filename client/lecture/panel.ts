// A side panel of the lecture player (the chapter list, search): a titled box at the right of the
// slides, with a close button. The player shrinks the deck beside it rather than covering it.

import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';

export class LecturePanel {
  readonly element: HTMLElement;
  readonly body: HTMLElement;

  constructor(className: string, title: string, strings: UiStrings, close: () => void) {
    this.element = el('aside', `ld-lecture-panel ${className}`);
    this.element.setAttribute('aria-label', title);
    this.element.hidden = true;
    const header = el('div', 'ld-lecture-panel-header');
    const heading = el('h2');
    heading.textContent = title;
    const closer = el('button', 'ld-lecture-panel-close');
    closer.type = 'button';
    closer.textContent = '×';
    closer.title = strings.close;
    closer.setAttribute('aria-label', strings.close);
    closer.addEventListener('click', close);
    header.append(heading, closer);
    this.body = el('div', 'ld-lecture-panel-body');
    this.element.append(header, this.body);
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  set open(open: boolean) {
    this.element.hidden = !open;
  }

  dispose(): void {
    this.element.remove();
  }
}
