// The number of a slide in reading order (1-based: a vertical stack's slides one after another),
// as footers, pane ids and `export --range` count them, for reveal.js's indices (h, v): the one
// place the browser maps reveal's position to a slide. It reads the number the page gives each
// slide's <section> (data-ld-slide).

import type { RevealApi } from 'reveal.js';

export function slideNumberAt(deck: RevealApi, h: number, v: number): number | null {
  const number = Number(deck.getSlide(h, v)?.dataset.ldSlide);
  return Number.isInteger(number) && number > 0 ? number : null;
}
