// A version of the deck that a lecture site's page shows without loading another page: a live edit
// during the class (a typo fixed, a bullet added) made a new deck snapshot whose page would differ
// from the one open only in its slides, so the build writes it as data (its slides' markup and its
// panes) and the player swaps it into the page open (client/lecture/deck-versions.ts). A classic
// script, lecture/decks/<n>.js, as every data file of the site (pages opened from file:// cannot
// fetch()), adding the version to `globalThis[LECTURE_DECKS_GLOBAL]` under its own path.

import type { TerminalPaneSpec } from './deck.js';

export const LECTURE_DECKS_GLOBAL = 'livedeckLectureDecks';
export const LECTURE_DECKS_DIR = 'lecture/decks';

export interface LectureDeckVersion {
  /** The deck's title then (the page's <title>). */
  title: string;
  /** The slides as the page's <div class="slides"> holds them: the audience's <section>s, no notes. */
  slides: string;
  /** Its panes by id, their `cast` relative to the page that shows them (as DeckClientData's). */
  terminals: Record<string, TerminalPaneSpec>;
}
