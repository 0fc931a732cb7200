// What comes after the deck's current position, for the presenter view: the next fragment of this
// slide or the next slide, and when that next fragment is a demo step, the command it will type.

import type { RevealApi } from 'reveal.js';
import type { DeckClientData, PaneStep } from '../../common/deck.js';
import type { DeckPosition } from '../../common/sync-protocol.js';

export interface NextStep {
  position: DeckPosition;
  /** The next move reveals a demo step: its command (or keys) and caption. */
  step: PaneStep | null;
  /** The next move goes to another slide. */
  newSlide: boolean;
}

/** The position "next" leads to from where `deck` is, or null at the end of the deck. `data`
 * (the deck page's JSON) names the demo steps. */
export function nextStep(deck: RevealApi, data: DeckClientData | null): NextStep | null {
  const indices = deck.getIndices();
  const h = indices.h;
  const v = indices.v ?? 0;
  if (deck.availableFragments().next) {
    // reveal.js numbers a slide's fragments 0, 1, 2... in the order they show.
    const f = (indices.f ?? -1) + 1;
    const marker = deck.getCurrentSlide().querySelector<HTMLElement>(`.ld-terminal-step[data-fragment-index="${f}"]`);
    return { position: { h, v, f }, step: marker ? stepOf(marker, data) : null, newSlide: false };
  }
  const routes = deck.availableRoutes();
  if (routes.down) return { position: { h, v: v + 1, f: -1 }, step: null, newSlide: true };
  if (routes.right) return { position: { h: h + 1, v: 0, f: -1 }, step: null, newSlide: true };
  return null;
}

function stepOf(marker: HTMLElement, data: DeckClientData | null): PaneStep | null {
  const pane = data?.terminals[marker.dataset.pane ?? ''];
  return pane?.steps[Number(marker.dataset.step)] ?? null;
}
