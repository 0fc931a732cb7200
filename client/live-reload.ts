// Dev mode: reload the page when the server says the deck, its figures, the theme or the client
// changed. reveal.js keeps the slide (and fragment) in the URL hash, so the reload lands on the
// same slide.

export function startLiveReload(url: string): () => void {
  const events = new EventSource(url);
  events.addEventListener('reload', () => {
    events.close();
    location.reload();
  });
  return () => events.close();
}
