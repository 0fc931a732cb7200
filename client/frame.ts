// Which kind of window this deck page is: the deck itself (a projector, a student's screen), or one
// of the presenter view's two frames (`?ld-frame=current`: the live deck, driven from the view;
// `?ld-frame=next`: a still preview of the next step, no terminals, no sync).

export type DeckFrame = 'deck' | 'current' | 'next';

export function deckFrame(): DeckFrame {
  const frame = new URLSearchParams(location.search).get('ld-frame');
  return frame === 'current' || frame === 'next' ? frame : 'deck';
}
