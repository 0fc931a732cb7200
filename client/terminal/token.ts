// The access token of the live terminals: taken from the `?token=` of the URL that `livedeck dev`
// printed, kept in sessionStorage (so a reload, which no longer has it in the URL, still works)
// and removed from the address bar, where a projector would show it to the whole room.

const KEY = 'livedeck:token';

/** The token of this tab, or null when the page was opened without one. Call once, before
 * reveal.js starts writing the slide into the URL hash. */
export function takeToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    // Keeps the path, any other parameter and reveal's #/h/v hash.
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (fromUrl !== '') {
      sessionStorage.setItem(KEY, fromUrl);
      return fromUrl;
    }
  }
  return sessionStorage.getItem(KEY);
}
