// Reads the JSON the compiled page carries for the runtime (see common/deck.ts).

import type { DeckClientData } from '../common/deck.js';

export function readDeckData(): DeckClientData | null {
  const element = document.getElementById('livedeck-deck');
  if (!element?.textContent) return null;
  return JSON.parse(element.textContent) as DeckClientData;
}
