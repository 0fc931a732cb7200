// The audience's way back: a button that shows while a student has browsed away from the
// presenter's slide, and brings them back to it (and to following it).

import type { UiStrings } from '../ui/i18n.js';
import type { DeckSync } from './deck-sync.js';

export class FollowButton {
  readonly element: HTMLButtonElement;

  constructor(
    private readonly sync: DeckSync,
    strings: UiStrings,
  ) {
    this.element = document.createElement('button');
    this.element.type = 'button';
    this.element.className = 'ld-follow';
    this.element.textContent = strings.follow;
    this.element.title = strings.followHint;
    this.element.hidden = true;
    this.element.addEventListener('click', () => {
      this.sync.follow();
      this.element.blur();
    });
    document.body.append(this.element);
  }

  /** Shows the button when an audience window no longer follows. */
  update(): void {
    this.element.hidden = !(this.sync.role === 'viewer' && !this.sync.following);
  }

  dispose(): void {
    this.element.remove();
  }
}
