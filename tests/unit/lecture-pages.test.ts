// Where a lecture site puts each deck snapshot's page (server/build/lecture-pages.ts): beside the
// first while their files agree, in a folder of its own when one of its files has other contents
// at a path already used; a deck file at a path the site keeps for itself is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deck } from '../../server/deck/model.js';
import { snapshotPages } from '../../server/build/lecture-pages.js';
import type { DeckSnapshot } from '../../server/lecture/deck-snapshot.js';
import { LivedeckError } from '../../server/errors.js';

const snapshot = (files: Record<string, string>): DeckSnapshot => ({ version: 1, deck: { slides: [] } as unknown as Deck, files });

test('pages beside index.html while files agree; a clash gets a folder, and later pages compare with the root only', () => {
  const pages = snapshotPages([
    ['a', snapshot({ 'figures/x.png': '1', 'style.css': '9' })],
    ['b', snapshot({ 'figures/x.png': '1', 'figures/y.png': '2' })],
    ['c', snapshot({ 'figures/x.png': '3' })],
    ['d', snapshot({ 'figures/y.png': '2' })],
  ]);
  assert.deepEqual(pages.map((page) => [page.snapshot, page.file, page.root]), [
    ['a', 'index.html', ''],
    ['b', 'page-2.html', ''],
    ['c', 'page-3/index.html', '../'],
    ['d', 'page-4.html', ''],
  ]);
});

test('a deck file where the site keeps its own: an error for the first page, a folder for a later one', () => {
  assert.throws(() => snapshotPages([['a', snapshot({ 'lecture/photo.png': '1' })]]), (error: unknown) => (
    error instanceof LivedeckError && error.code === 'lecture-bad' && /the deck loads lecture\/photo\.png, a path a lecture's site keeps/.test(error.message)));
  const pages = snapshotPages([['a', snapshot({})], ['b', snapshot({ '_livedeck/x.css': '1' })], ['c', snapshot({ 'page-2.html': '1' })]]);
  assert.deepEqual(pages.map((page) => page.file), ['index.html', 'page-2/index.html', 'page-3/index.html']);
});
