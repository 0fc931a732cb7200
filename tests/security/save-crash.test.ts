// Issue 15, item 5: saving the deck must never crash the live server. The highlight cache used
// to evict in insertion order, blocks the current compile had just prepared included: after
// `check` on a deck of 3800 code blocks, the dev server compiling a deck with 300 new blocks and
// some of that check's threw "code block in shellscript was not prepared" and exited. And any
// exception out of the compiler is an error in the page and the terminal, never an exit.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileDeck } from '../../server/deck/compile.js';
import { HighlightCache, MAX_ENTRIES } from '../../server/deck/highlight-cache.js';
import { Highlighter } from '../../server/deck/highlight.js';
import { DevServer } from '../../server/http/dev-server.js';

/** A deck of one slide per code block, blocks numbered from `from`. */
function deckOf(from: number, count: number): string {
  const slides = Array.from({ length: count }, (_, i) => `## Slide ${i}\n\n\`\`\`bash\necho block-${from + i}\n\`\`\`\n`);
  return slides.join('\n---\n\n');
}

test('a deck compiled after a larger one with the same cache file: every block renders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-save-'));
  try {
    const cacheFile = join(dir, 'highlight.json');
    const big = join(dir, 'big.md');
    const small = join(dir, 'small.md');
    writeFileSync(big, deckOf(0, 3800));
    // 100 blocks the big deck has (its first ones: the oldest in the cache), 300 new ones.
    writeFileSync(small, `${deckOf(0, 100)}\n---\n\n${deckOf(100_000, 300)}`);
    // `livedeck check big.md`, then `livedeck dev small.md`: two processes, one cache file.
    await compileDeck(big, { highlighter: new Highlighter(new HighlightCache(cacheFile)), demosDir: null });
    const deck = await compileDeck(small, { highlighter: new Highlighter(new HighlightCache(cacheFile)), demosDir: null });
    assert.equal(deck.slides.length, 400);
    assert.match(deck.slides[0]!.html, /block-0/);
    assert.match(deck.slides[399]!.html, /block-100299/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a deck with more blocks than the cache holds keeps all of its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-save-'));
  try {
    const file = join(dir, 'huge.md');
    writeFileSync(file, deckOf(0, MAX_ENTRIES + 50));
    const deck = await compileDeck(file, { highlighter: new Highlighter(new HighlightCache(join(dir, 'highlight.json'))), demosDir: null });
    assert.equal(deck.slides.length, MAX_ENTRIES + 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an exception thrown in the compiler on save is an error page and a log line; the server stays up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-save-'));
  const deck = join(dir, 'deck.md');
  writeFileSync(deck, '# Before\n');
  // A folder named like an SVG: reading it throws EISDIR, which no compile step expects.
  mkdirSync(join(dir, 'figure.svg'));
  const log: string[] = [];
  const server = new DevServer({ deck, host: '127.0.0.1', port: 0, token: null, watch: true, log: (line) => log.push(line) });
  try {
    const url = `${await server.start()}?token=${server.tokens.presenter}`;
    writeFileSync(deck, '# After\n\n![A figure](figure.svg)\n');
    const deadline = Date.now() + 10_000;
    let page = '';
    while (Date.now() < deadline && !page.includes('ld-diagnostic')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await (await fetch(url)).text();
    }
    assert.match(page, /The deck has an error/);
    assert.match(page, /deck\.md: error: the compiler failed: EISDIR/);
    assert.match(log.join('\n'), /error: the compiler failed: EISDIR/);
    // Fixed on the next save.
    writeFileSync(deck, '# Fixed\n');
    while (Date.now() < deadline && !page.includes('<h1>Fixed</h1>')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await (await fetch(url)).text();
    }
    assert.match(page, /<h1>Fixed<\/h1>/);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
