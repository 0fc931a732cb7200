// Where a lecture site puts each deck snapshot's page (server/build/lecture-pages.ts): a version
// that differs from an earlier page only in its slides (same head) and whose files agree with that
// page's folder shares that page, each of its versions then as data; another head gets a page
// beside index.html while its files agree, a folder for a page whose file clashes; a deck file at
// a path the site keeps for itself is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deck } from '../../server/deck/model.js';
import { snapshotPages } from '../../server/build/lecture-pages.js';
import type { DeckSnapshot } from '../../server/lecture/deck-snapshot.js';
import { LivedeckError } from '../../server/errors.js';

/** A snapshot whose page head is `head` (its deck's theme stands for it here). */
const snapshot = (files: Record<string, string>, head = 'white'): DeckSnapshot => ({ version: 1, deck: { slides: [], meta: { theme: head } } as unknown as Deck, files });
const head = (s: DeckSnapshot) => s.deck.meta.theme;
/** Each snapshot a head of its own: no page is shared. */
const own = (s: DeckSnapshot) => JSON.stringify(s.files);

test('pages beside index.html while files agree; a clash gets a folder, and later pages compare with the root only', () => {
  const pages = snapshotPages([
    ['a', snapshot({ 'figures/x.png': '1', 'style.css': '9' })],
    ['b', snapshot({ 'figures/x.png': '1', 'figures/y.png': '2' })],
    ['c', snapshot({ 'figures/x.png': '3' })],
    ['d', snapshot({ 'figures/y.png': '2' })],
  ], own);
  assert.deepEqual(pages.map((page) => [page.snapshot, page.file, page.root, page.deck]), [
    ['a', 'index.html', '', null],
    ['b', 'page-2.html', '', null],
    ['c', 'page-3/index.html', '../', null],
    ['d', 'page-4.html', '', null],
  ]);
});

test('versions with the same head share a page while their files agree, each as data; a clash or another head does not', () => {
  const pages = snapshotPages([
    ['a', snapshot({ 'figures/x.png': '1' })],
    // A typo fixed: same head, same files.
    ['b', snapshot({ 'figures/x.png': '1', 'figures/y.png': '2' })],
    // The figure redrawn: its own folder.
    ['c', snapshot({ 'figures/x.png': '3' })],
    // Another theme: a page of its own, beside index.html (its files agree there).
    ['d', snapshot({ 'figures/y.png': '2' }, 'black')],
    // Back to the first head, and a later version of the redrawn figure's folder.
    ['e', snapshot({ 'figures/x.png': '1' })],
    ['f', snapshot({ 'figures/x.png': '3', 'figures/z.png': '4' })],
    ['g', snapshot({ 'figures/x.png': '5' }, 'black')],
  ], head);
  assert.deepEqual(pages.map((page) => [page.snapshot, page.file, page.root, page.deck]), [
    ['a', 'index.html', '', 'lecture/decks/1.js'],
    ['b', 'index.html', '', 'lecture/decks/2.js'],
    ['c', 'page-3/index.html', '../', 'lecture/decks/3.js'],
    ['d', 'page-4.html', '', null],
    ['e', 'index.html', '', 'lecture/decks/5.js'],
    ['f', 'page-3/index.html', '../', 'lecture/decks/6.js'],
    ['g', 'page-7/index.html', '../', null],
  ]);
});

test('a deck file where the site keeps its own: an error for the first page, a folder for a later one, an error for index.html', () => {
  assert.throws(() => snapshotPages([['a', snapshot({ 'lecture/photo.png': '1' })]], head), (error: unknown) => (
    error instanceof LivedeckError && error.code === 'lecture-bad' && /the deck loads lecture\/photo\.png, a path a lecture's site keeps/.test(error.message)));
  const pages = snapshotPages([['a', snapshot({})], ['b', snapshot({ '_livedeck/x.css': '1' })], ['c', snapshot({ 'page-2.html': '1' })]], own);
  assert.deepEqual(pages.map((page) => page.file), ['index.html', 'page-2/index.html', 'page-3/index.html']);
  // An index.html of the deck's has no place in any page's folder: each holds its page there.
  assert.throws(() => snapshotPages([['a', snapshot({})], ['b', snapshot({ 'index.html': '1' })]], own), (error: unknown) => (
    error instanceof LivedeckError && /the deck loads index\.html, a path a lecture's site keeps/.test(error.message)));
});
