// Where a lecture site puts the pages of its deck snapshots: the first at index.html, each later
// one beside it (page-2.html, ...) with its files in the same folders, unless one of its files
// has other contents at a path a page before it already uses (an image redrawn between two
// reloads): that page goes into a folder of its own (page-3/index.html) with its own files.

import type { DeckSnapshot } from '../lecture/deck-snapshot.js';
import { LivedeckError } from '../errors.js';

export interface SnapshotPage {
  snapshot: string;
  /** The page, relative to the site's root. */
  file: string;
  /** The site's root, relative to the page ("" or "../"). */
  root: string;
}

/** Paths the site's own files take: a deck file there would be overwritten. */
const RESERVED = ['_livedeck/', 'lecture/'];

/** One page per snapshot, in the order given (the first is index.html). */
export function snapshotPages(snapshots: readonly [string, DeckSnapshot][]): SnapshotPage[] {
  const atRoot = new Map<string, string>();
  return snapshots.map(([hash, snapshot], k) => {
    const files = Object.entries(snapshot.files);
    const reserved = files.find(([path]) => RESERVED.some((prefix) => path.startsWith(prefix)) || /^page-\d+(\.html|\/)/.test(path) || path === 'index.html');
    const clash = files.some(([path, file]) => atRoot.has(path) && atRoot.get(path) !== file);
    if (k === 0 && reserved !== undefined) {
      throw new LivedeckError('lecture-bad', `the deck loads ${reserved[0]}, a path a lecture's site keeps for its own files`, {
        hint: 'rename that file or folder of the deck (the site cannot hold both)',
      });
    }
    if (k > 0 && (clash || reserved !== undefined)) return { snapshot: hash, file: `page-${k + 1}/index.html`, root: '../' };
    for (const [path, file] of files) atRoot.set(path, file);
    return { snapshot: hash, file: k === 0 ? 'index.html' : `page-${k + 1}.html`, root: '' };
  });
}
