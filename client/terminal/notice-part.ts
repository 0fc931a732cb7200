// A pane that has nothing to show in a terminal: no access token (live), or no recording (a replay).
// The steps stay as the page printed them, with a note saying why; chosen once, by the pane's
// constructor.

import type { Disposable } from './disposable.js';

export type NoticeState = 'no-token' | 'no-recording';

export class NoticePart implements Disposable {
  readonly kind = 'notice';

  constructor(
    private readonly element: HTMLElement,
    notice: HTMLElement,
    readonly state: NoticeState,
    message: string,
  ) {
    element.classList.add(`ld-terminal-${state}`);
    element.dataset.state = state;
    notice.textContent = message;
    notice.hidden = false;
  }

  dispose(): void {
    this.element.classList.remove(`ld-terminal-${this.state}`);
    delete this.element.dataset.state;
  }
}
