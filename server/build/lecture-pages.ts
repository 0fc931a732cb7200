// Where a lecture site puts the pages of its deck snapshots (the deck's versions): the first at
// index.html; a later one that differs from a page before it only in its slides (the same head:
// theme, stylesheets, scripts, code colours, lang) and whose files agree with that page's folder
// shares that page, which swaps it in as data (lecture/decks/<n>.js) without loading a page; any
// other gets a page of its own beside index.html (page-2.html, ...) with its files in the same
// folders, unless one of its files has other contents at a path the folder already uses (an image
// redrawn between two reloads): that page goes into a folder of its own (page-3/index.html).

import { LECTURE_DECKS_DIR } from '../../common/lecture-deck.js';
import type { DeckSnapshot } from '../lecture/deck-snapshot.js';
import { LivedeckError } from '../errors.js';

export interface SnapshotPage {
  snapshot: string;
  /** The page, relative to the site's root. */
  file: string;
  /** The site's root, relative to the page ("" or "../"). */
  root: string;
  /** The page is shared with other versions: this one's data script, relative to the root. Null:
   * the page shows this version only. */
  deck: string | null;
}

/** Paths the site's own files take: a deck file there would be overwritten. */
const RESERVED = ['_livedeck/', 'lecture/'];

interface PageGroup {
  file: string;
  root: string;
  /** The folder its files go in, relative to the site's root ("" or "page-3/"). */
  folder: string;
  head: string;
  members: number[];
}

/** One page per snapshot, in the order given (the first is index.html); `head` is what a page of
 * the snapshot has besides its slides (two snapshots with the same head can share a page). */
export function snapshotPages(snapshots: readonly [string, DeckSnapshot][], head: (snapshot: DeckSnapshot) => string): SnapshotPage[] {
  const folders = new Map<string, Map<string, string>>([['', new Map()]]);
  const groups: PageGroup[] = [];
  const placed = snapshots.map(([hash, snapshot], k) => {
    const files = Object.entries(snapshot.files);
    const reserved = files.find(([path]) => RESERVED.some((prefix) => path.startsWith(prefix)) || /^page-\d+(\.html|\/)/.test(path) || path === 'index.html');
    // A later version gets page-N/ or page-N.html when it cannot share the root: only a page of
    // its own could hold an index.html of the deck's, and that is where its page goes.
    if (reserved !== undefined && (k === 0 || reserved[0] === 'index.html')) {
      throw new LivedeckError('lecture-bad', `the deck loads ${reserved[0]}, a path a lecture's site keeps for its own files`, {
        hint: 'rename that file or folder of the deck (the site cannot hold both)',
      });
    }
    const agrees = (folder: string) => {
      const used = folders.get(folder)!;
      return (folder !== '' || reserved === undefined) && files.every(([path, file]) => !used.has(path) || used.get(path) === file);
    };
    const pageHead = head(snapshot);
    let group = groups.find((candidate) => candidate.head === pageHead && agrees(candidate.folder));
    if (!group) {
      const own = k > 0 && !agrees('');
      group = own
        ? { file: `page-${k + 1}/index.html`, root: '../', folder: `page-${k + 1}/`, head: pageHead, members: [] }
        : { file: k === 0 ? 'index.html' : `page-${k + 1}.html`, root: '', folder: '', head: pageHead, members: [] };
      if (own) folders.set(group.folder, new Map());
      groups.push(group);
    }
    const used = folders.get(group.folder)!;
    for (const [path, file] of files) used.set(path, file);
    group.members.push(k);
    return { snapshot: hash, group };
  });
  return placed.map(({ snapshot, group }, k) => ({
    snapshot,
    file: group.file,
    root: group.root,
    deck: group.members.length > 1 ? `${LECTURE_DECKS_DIR}/${k + 1}.js` : null,
  }));
}
