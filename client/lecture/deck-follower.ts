// The deck following the lecture: shows the slide and fragment the presenters showed at a time
// (reveal.js's slide(h, v, f), only when the deck is elsewhere), and tells the player when the
// student moved it by hand (keys, clicks, a swipe, the overview), which reveal.js reports with the
// same events as the player's own moves: those come while `moving` is set (reveal.js dispatches
// them synchronously inside slide()).

import type { RevealApi } from 'reveal.js';
import type { LecturePosition } from '../../common/lecture-site.js';

const MOVE_EVENTS = ['slidechanged', 'fragmentshown', 'fragmenthidden', 'overviewshown'] as const;

export class DeckFollower {
  private moving = false;
  private readonly onMove = () => {
    if (!this.moving) this.onManual();
  };

  constructor(
    private readonly deck: RevealApi,
    private readonly onManual: () => void,
  ) {
    for (const type of MOVE_EVENTS) deck.on(type, this.onMove);
  }

  /** Whether the deck shows `position` (a slide without fragments: whatever `f` says). */
  shows(position: LecturePosition): boolean {
    const { h, v, f } = this.deck.getIndices();
    if (h !== position.h || (v ?? 0) !== position.v) return false;
    return this.deck.getCurrentSlide()?.querySelector('.fragment') == null || (f ?? -1) === position.f;
  }

  /** Brings the deck to `position` (out of the overview) if it is elsewhere; `again`: even if its
   * indices say it is there (new slides were swapped in, reveal.js has yet to show them). */
  show(position: LecturePosition, again = false): void {
    if (!again && this.shows(position) && !this.deck.isOverview()) return;
    this.moving = true;
    try {
      if (this.deck.isOverview()) this.deck.toggleOverview(false);
      this.deck.slide(position.h, position.v, position.f);
    } finally {
      this.moving = false;
    }
  }

  dispose(): void {
    for (const type of MOVE_EVENTS) this.deck.off(type, this.onMove);
  }
}
