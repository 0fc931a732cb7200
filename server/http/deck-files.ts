// The files of the deck's folder that `livedeck dev` serves: those the compiled page loads (images,
// backgrounds, the deck's own stylesheets and scripts), and what those stylesheets load in turn
// (url(...), @import: a reveal-md deck's fonts and background pictures), as deck/page-files.ts
// finds them for every way a deck is shown. Nothing else of the folder is served: not the deck's
// source, not its recordings, not a file that merely sits there.

import { pageFiles } from '../deck/page-files.js';

/** URL paths (decoded, normalised, e.g. "/figures/photo.png") of the files of `root` (the deck's
 * folder) that `page` loads, skipping those under `skipPrefix` (livedeck's own assets). A path
 * stays listed while its file is missing: it is served once it appears, as before. */
export function deckFilePaths(page: string, root: string, skipPrefix: string): Set<string> {
  return new Set(pageFiles(page, root, skipPrefix).files.map((file) => `/${file.path}`));
}
