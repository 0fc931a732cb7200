// pageFiles (server/deck/page-files.ts) on real folders: what a page and its stylesheets load, by
// the path the browser asks for; an @import loop ends; a comment's url() is not loaded; a path from
// the root or above the page is flagged; a symlink out of the deck's folder is not one of its files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageFiles } from '../../server/deck/page-files.js';
import { scratchDir } from '../helpers/scratch.js';

/** Writes `files` (path -> text) under a new folder's deck/ and returns that deck folder. */
function deckFolder(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const root = join(scratchDir(t, 'livedeck-page-files-'), 'deck');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('a stylesheet\'s files, relative to the sheet that names them, each sheet read once', (t) => {
  const root = deckFolder(t, {
    'css/a.css': '@import "b.css";\n/* url(commented.png) */\n.x { background: url(\'../img/a%20b.png?v=2#frag\'); }\n'
      + '@font-face { src: url(data:font/woff2;base64,AAAA), url("https://fonts.example/f.woff2"); }\n',
    'css/b.css': '@import url(a.css);\n.y { background: url(/img/root.png) }\n.z { background: url(../../above.png) }\n',
    'img/a b.png': 'png',
    'img/root.png': 'png',
  });
  const html = '<link rel="stylesheet" href="css/a.css?v=1"><img src="_livedeck/logo.svg"><a href="elsewhere.html">x</a>';
  const found = pageFiles(html, root, '_livedeck/');
  assert.deepEqual(found.files.map(({ path, ref, from, rooted, source }) => [path, ref, from, rooted, source !== null]), [
    ['css/a.css', 'css/a.css', null, false, true],
    ['css/b.css', 'b.css', 'css/a.css', false, true],
    ['img/a b.png', '../img/a b.png', 'css/a.css', false, true],
    ['img/root.png', '/img/root.png', 'css/b.css', true, true],
    ['above.png', '../../above.png', 'css/b.css', true, false],
  ]);
  assert.deepEqual(found.remote, [{ url: 'https://fonts.example/f.woff2', from: 'css/a.css' }]);
});

test('a file whose real path leaves the deck\'s folder has no source; a missing sheet is listed and not read', (t) => {
  const root = deckFolder(t, { 'deck.css': '.x { background: url(out.png) }', '../secret.png': 'secret' });
  symlinkSync(join(root, '..', 'secret.png'), join(root, 'out.png'));
  const found = pageFiles('<link href="deck.css"><link href="gone.css">', root, '_livedeck/');
  assert.deepEqual(found.files.map(({ path, source }) => [path, source === null ? null : 'file']), [
    ['deck.css', 'file'],
    ['gone.css', null],
    ['out.png', null],
  ]);
});
