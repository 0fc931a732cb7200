// The highlight cache: blocks highlighted once are served from disk by the next process, without
// shiki; a cache from another shiki version or a damaged file is simply cold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Highlighter } from '../../server/deck/highlight.js';
import { HighlightCache } from '../../server/deck/highlight-cache.js';

const block = { code: 'echo "bonjour"\nls -l\n', langId: 'shellscript', steps: [new Set([1]), new Set([2])] };

test('a block highlighted once is served from the cache file by a new highlighter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-cache-'));
  try {
    const file = join(dir, 'sub', 'highlight.json');
    const first = new Highlighter(new HighlightCache(file));
    await first.prepare([block]);
    const html = first.render(block.code, block.langId, block.steps);
    assert.match(html, /ld-code-steps/);
    assert.match(html, /--ld-code-token-function/);

    // Make the cached copy recognisable: a new highlighter must return it as is, which it can
    // only do by reading the file, not by running shiki again.
    const data = JSON.parse(readFileSync(file, 'utf8')) as { stamp: string; entries: Record<string, string> };
    const [key] = Object.keys(data.entries);
    data.entries[key!] = '<pre>from the cache</pre>';
    writeFileSync(file, JSON.stringify(data));
    const second = new Highlighter(new HighlightCache(file));
    await second.prepare([block]);
    assert.equal(second.render(block.code, block.langId, block.steps), '<pre>from the cache</pre>');

    // Another stamp (shiki upgraded) or a damaged file: cold, highlighted afresh.
    writeFileSync(file, JSON.stringify({ ...data, stamp: 'old' }));
    const third = new Highlighter(new HighlightCache(file));
    await third.prepare([block]);
    assert.equal(third.render(block.code, block.langId, block.steps), html);
    writeFileSync(file, '{ not json');
    const fourth = new Highlighter(new HighlightCache(file));
    await fourth.prepare([block]);
    assert.equal(fourth.render(block.code, block.langId, block.steps), html);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a block that was not prepared is an error, plain text needs no preparing', async () => {
  const highlighter = new Highlighter();
  assert.throws(() => highlighter.render('x', 'c', null), /was not prepared/);
  assert.match(highlighter.render('a < b', 'text', null), /a &lt; b/);
});
