// The files of the deck's folder that `livedeck dev` serves: those the compiled page loads (images,
// backgrounds, the deck's own stylesheets and scripts), and what those stylesheets load in turn
// (url(...), @import: a reveal-md deck's fonts and background pictures). Nothing else of the
// folder is served: not the deck's source, not its recordings, not a file that merely sits there.

import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { pageReferences } from '../deck/page-references.js';

/** Stylesheet references: url(x), url('x'), url("x"), and @import "x". */
const CSS_REFERENCES = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g;

/** URL paths (decoded, normalised, e.g. "/figures/photo.png") of the deck's files that `page`
 * loads, skipping those under `skipPrefix` (livedeck's own assets). `readFile` reads a served
 * stylesheet by its URL path, or null when there is none. */
export function deckFilePaths(page: string, skipPrefix: string, readFile: (urlPath: string) => string | null): Set<string> {
  const paths = new Set<string>();
  const pending: string[] = [];
  const add = (path: string) => {
    if (path.startsWith(skipPrefix) || paths.has(path)) return;
    paths.add(path);
    if (path.toLowerCase().endsWith('.css')) pending.push(path);
  };
  for (const ref of pageReferences(page).local) add(posix.normalize(`/${ref}`));
  // Stylesheets one after the other, each read once (an @import loop ends).
  for (let css = pending.shift(); css !== undefined; css = pending.shift()) {
    const text = readFile(css);
    if (text === null) continue;
    for (const match of text.matchAll(CSS_REFERENCES)) {
      const ref = (match.slice(1).find((group) => group !== undefined) ?? '').trim();
      if (ref === '' || ref.startsWith('#') || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(ref)) continue;
      let decoded: string;
      try {
        decoded = decodeURI(ref.split(/[?#]/)[0]!);
      } catch {
        continue;
      }
      add(posix.normalize(decoded.startsWith('/') ? decoded : posix.join(posix.dirname(css), decoded)));
    }
  }
  return paths;
}

/** Reads a text file, or null (missing, a folder, unreadable). */
export function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
