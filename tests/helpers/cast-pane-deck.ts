// The deck the cast= tests (integration and e2e) present: a recording made by `asciinema rec` in
// the test, and a class's recording from livedeck dev (tests/fixtures/cast-pane/casts).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireAsciinema } from './asciinema.js';
import { ROOT } from './cli.js';

export const CAST_PANE_FIXTURES = join(ROOT, 'tests', 'fixtures', 'cast-pane');

/** A recording made as a teacher makes one: `asciinema rec` of a command, headless. */
function recordWithAsciinema(file: string): void {
  requireAsciinema();
  const made = spawnSync('asciinema', ['rec', '-c', 'sh -c "echo hi-from-asciinema; echo second-line"', '--overwrite', '-q', '--cols', '60', '--rows', '8', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  assert.equal(made.status, 0, made.stderr);
}

/** Writes the deck and its two recordings into `dir`; returns the deck's path. */
export function writeCastPaneDeck(dir: string): string {
  mkdirSync(join(dir, 'rec'));
  recordWithAsciinema(join(dir, 'rec', 'hi.cast'));
  copyFileSync(join(CAST_PANE_FIXTURES, 'casts', 'live-class.cast'), join(dir, 'live-class.cast'));
  const deck = join(dir, 'deck.md');
  writeFileSync(deck, [
    '---', 'title: Cast panes', 'lang: en', '---', '',
    '## Recorded by asciinema', '', '```terminal cast=rec/hi.cast', '```', '',
    '---', '',
    '## A class\'s recording', '', '```terminal cast=live-class.cast rows=8', '```', '',
  ].join('\n'));
  return deck;
}
