// The deck's versions that share a lecture site's page (server/build/lecture-pages.ts): what a
// page has besides its slides, which two versions must have alike to share it, and each version
// as the data the player swaps into that page (common/lecture-deck.ts).

import type { TerminalPaneSpec } from '../../common/deck.js';
import { LECTURE_DECKS_GLOBAL, type LectureDeckVersion } from '../../common/lecture-deck.js';
import { LECTURE_DATA_SCRIPT } from '../../common/lecture-site.js';
import type { Deck } from '../deck/model.js';
import { renderPage, renderSections } from '../deck/page.js';
import { SITE_ASSETS } from './site-folder.js';

/** A page of `deck` without its slides (and its title, which the player sets): everything else
 * of the page, head and runtime data, is rendered as the site's pages are, so whatever renderPage
 * puts there counts. */
export function pageHead(deck: Deck): string {
  return renderPage({ ...deck, slides: [], meta: { ...deck.meta, title: '' } }, {
    assets: SITE_ASSETS, mode: 'static', lecture: { page: 0, data: LECTURE_DATA_SCRIPT }, notes: false,
  });
}

/** lecture/decks/<n>.js: `deck` (its panes' casts already relative to the page) as the audience
 * saw it, no notes. */
export function deckScript(path: string, deck: Deck): string {
  const terminals: Record<string, TerminalPaneSpec> = {};
  for (const slide of deck.slides) for (const pane of slide.terminals) terminals[pane.id] = pane;
  const version: LectureDeckVersion = { title: deck.meta.title, slides: renderSections(deck, false), terminals };
  return `// ${path}: a version of the deck that a page of this lecture shows in place (LectureDeckVersion).\n`
    + `(globalThis.${LECTURE_DECKS_GLOBAL} ??= {})[${JSON.stringify(path)}] = ${JSON.stringify(version)};\n`;
}
