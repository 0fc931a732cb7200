// Dev mode: reload the page when the server says the deck, its figures, the theme or the client
// changed, and come back to the same slide and fragment (kept in sessionStorage across the
// reload: the URL hash alone lags behind quick key presses).

import type { RevealApi } from 'reveal.js';

const KEY = 'livedeck:reload-position';

export function startLiveReload(url: string, deck: () => RevealApi | null): () => void {
  const events = new EventSource(url);
  events.addEventListener('reload', () => {
    events.close();
    const current = deck();
    if (current?.isReady()) sessionStorage.setItem(KEY, JSON.stringify(current.getIndices()));
    location.reload();
  });
  return () => events.close();
}

/** After a live reload, puts the deck back where it was. */
export function restorePosition(deck: RevealApi): void {
  const saved = sessionStorage.getItem(KEY);
  if (saved === null) return;
  sessionStorage.removeItem(KEY);
  const { h, v, f } = JSON.parse(saved) as { h: number; v?: number; f?: number };
  deck.slide(h, v ?? 0, f ?? -1);
}
