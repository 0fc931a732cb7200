// The deck compiler on real fixture decks: separators, notes, attribute comments, fenced divs,
// pauses, line steps, figures, terminal fences, and the position of every error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileDeck } from '../../server/deck/compile.js';
import { renderPage } from '../../server/deck/page.js';
import { compileError as compileErrorAt } from '../helpers/deck-errors.js';

const decks = join(import.meta.dirname, '..', 'fixtures', 'decks');
const deck = (name: string) => compileDeck(join(decks, name));

const compileError = (name: string) => compileErrorAt(join(decks, name));

test('front matter sets the metadata and slides split on --- lines', async () => {
  const basic = await deck('basic.md');
  assert.equal(basic.meta.title, 'Basic deck');
  assert.equal(basic.meta.author, 'Ada Lovelace');
  assert.equal(basic.meta.lang, 'en');
  assert.equal(basic.meta.footer, 'Ada Lovelace · Basic deck');
  assert.deepEqual([basic.meta.width, basic.meta.height], [1280, 720]);
  assert.deepEqual(basic.slides.map((s) => s.title), ['Basic deck', 'Lists and notes', 'Fenced divs', 'Code']);
  assert.deepEqual(basic.slides.map((s) => s.line), [7, 15, 25, 47]);
});

test('a --- under text is a heading and a --- in code is code, not separators', async () => {
  const d = await deck('attributes.md');
  assert.equal(d.slides.length, 2);
  const second = d.slides[1]!.html;
  assert.match(second, /<h2>Setext heading<\/h2>/);
  assert.match(second, /not a separator inside code/);
});

test('speaker notes come from Note: lines and ::: notes blocks', async () => {
  const d = await deck('notes.md');
  assert.equal(d.slides.length, 2);
  assert.match(d.slides[0]!.notes!, /First <strong>note<\/strong>/);
  assert.match(d.slides[0]!.notes!, /Second line/);
  assert.doesNotMatch(d.slides[0]!.html, /First/);
  assert.match(d.slides[1]!.notes!, /Notes from a fenced div/);
  assert.match(d.slides[1]!.notes!, /lowercase also works/);
  assert.doesNotMatch(d.slides[1]!.html, /fenced div|lowercase/);
  const page = renderPage(d, { assets: '/_livedeck/', mode: 'static' });
  assert.match(page, /<aside class="notes"><p>First <strong>note<\/strong>/);
});

test('.slide comments set section attributes; .element comments land on their element', async () => {
  const d = await deck('attributes.md');
  const [first] = d.slides;
  assert.deepEqual(first!.attributes, { 'data-background-color': '#123456', class: 'dense' });
  const html = first!.html;
  // A comment ending a list item applies to the whole <li>, not to its last inline element.
  assert.match(html, /<li class="fragment" data-fragment-index="2">item with <strong>bold<\/strong> end<\/li>/);
  assert.match(html, /<p class="lead">A paragraph<\/p>/);
  // An image alone in its paragraph takes the attributes itself.
  assert.match(html, /<svg [^>]*style="width:200px"/);
  // A class given to a figure adds to its own.
  assert.match(html, /<svg [^>]*class="ld-svg fragment"/);
  // A comment on its own line applies to the block before it.
  assert.match(html, /<pre class="shiki livedeck small-code"/);
  assert.doesNotMatch(html, /\.element:|\.slide:/);
});

test('fenced divs: incremental lists, columns, titled blocks; pauses make fragments', async () => {
  const basic = await deck('basic.md');
  const divs = basic.slides[2]!.html;
  assert.match(divs, /<li class="fragment">alpha<\/li>\s*<li class="fragment">beta<\/li>/);
  assert.match(divs, /<div class="columns"><div class="column" style="flex:0 0 40%">/);
  assert.match(divs, /<div class="fragment"><p>After the pause.<\/p>/);
  assert.equal(basic.slides[2]!.steps, 4); // start + 2 items + pause

  const s = (await deck('steps.md')).slides[0]!;
  assert.match(s.html, /<div class="block"><div class="ld-block-title">Définition<\/div><p>Un bloc.<\/p>/);
  assert.equal((s.html.match(/<div class="fragment">/g) ?? []).length, 2);
});

test('line steps render one stacked copy per step, later ones as fragments', async () => {
  const s = (await deck('steps.md')).slides[0]!;
  const block = /<div class="ld-code-steps">([\s\S]*?)<\/div>/.exec(s.html)![1]!;
  const copies = block.split('<pre').slice(1);
  assert.equal(copies.length, 3);
  assert.doesNotMatch(copies[0]!.slice(0, 80), /fragment/);
  assert.match(copies[1]!.slice(0, 80), /fragment current-visible/);
  assert.match(copies[2]!.slice(0, 80), /ld-code-step fragment"/);
  // Step 1 dims lines 2-3, step 2 dims line 1, the empty last step dims nothing.
  assert.equal((copies[0]!.match(/class="line dim"/g) ?? []).length, 2);
  assert.equal((copies[1]!.match(/class="line dim"/g) ?? []).length, 1);
  assert.equal((copies[2]!.match(/class="line dim"/g) ?? []).length, 0);
  // 3 items + 2 pauses + 2 code steps + 2 terminal steps, plus the start.
  assert.equal(s.steps, 10);
});

test('shiki colours code through the palette variables', async () => {
  const code = (await deck('basic.md')).slides[3]!.html;
  assert.match(code, /style="color:var\(--ld-code-token-function\)">echo</);
});

test('SVG figures are inlined with their alt text as label; tables render', async () => {
  const code = (await deck('basic.md')).slides[3]!.html;
  assert.match(code, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 10 10" class="ld-svg" aria-label="A square" role="img">/);
  assert.doesNotMatch(code, /<\?xml|<!--/);
  assert.match(code, /<table>[\s\S]*<th>a<\/th>/);
});

test('an inline terminal fence becomes a pane spec with one hidden fragment per step', async () => {
  const s = (await deck('steps.md')).slides[0]!;
  assert.equal(s.terminals.length, 1);
  const pane = s.terminals[0]!;
  assert.equal(pane.id, 's1-t1');
  assert.equal(pane.demo, null);
  assert.deepEqual(pane.steps.map((step) => [step.command, step.caption, step.keys, step.enter]), [
    ['echo bonjour', 'Inline step', null, true],
    ['', null, '\x03', true],
  ]);
  assert.equal((s.html.match(/class="fragment ld-terminal-step"/g) ?? []).length, 2);
  assert.match(s.html, /<span class="ld-step-prompt">\$ <\/span>echo bonjour/);
});

test('the page carries every slide, footers with N/total and the runtime data', async () => {
  const basic = await deck('basic.md');
  const page = renderPage(basic, { assets: '/_livedeck/', mode: 'live' });
  assert.equal((page.match(/<section/g) ?? []).length, 4);
  // The title slide has no footer; the others count up to 4.
  assert.doesNotMatch(page, />1\/4</);
  for (const n of [2, 3, 4]) assert.match(page, new RegExp(`<span class="ld-footer-number">${n}/4</span>`));
  const data = JSON.parse(/<script type="application\/json" id="livedeck-deck">(.*?)<\/script>/.exec(page)![1]!);
  assert.equal(data.mode, 'live');
  assert.equal(data.title, 'Basic deck');
});

const ERRORS: [file: string, code: string, line: number, column: number, message: RegExp][] = [
  ['bad-front-matter-value.md', 'front-matter', 3, 7, /"lang" must be "fr" or "en"/],
  ['bad-lang.md', 'code-fence', 3, 4, /unknown code language "cobolish"/],
  ['unclosed-div.md', 'fenced-div', 3, 1, /fenced div "::: columns" is not closed/],
  ['missing-figure.md', 'figure', 5, 1, /image "figures\/nope.svg" not found/],
  ['unknown-demo.md', 'demo-not-found', 3, 4, /nonexistent/],
  ['bad-terminal-option.md', 'terminal-fence', 3, 21, /unknown terminal option "colour"/],
  ['bad-line-steps.md', 'code-fence', 3, 12, /"x" is not a line number/],
  ['bad-inline-step.md', 'steps-unknown-directive', 8, 4, /frobnicate/],
];

for (const [file, code, line, column, message] of ERRORS) {
  test(`error: ${file} points at ${line}:${column}`, async () => {
    const e = await compileError(`errors/${file}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    assert.equal(e.file, join(decks, 'errors', file));
    assert.equal(`${e.line}:${e.column}`, `${line}:${column}`);
    // The diagnostic quotes the line and puts a caret under the column.
    const lines = e.format().split('\n');
    assert.match(lines[0]!, new RegExp(`errors/${file.replace('.', '\\.')}:${line}:${column}: error: `));
    const caretLine = lines[2]!;
    const quoted = lines[1]!;
    assert.equal(caretLine.indexOf('^') - caretLine.indexOf('|'), column + 1);
    assert.ok(quoted.length > caretLine.indexOf('^'));
  });
}

test('an unknown front matter key is a warning at its place, and the deck compiles', async () => {
  const d = await deck('errors/unknown-key.md');
  assert.deepEqual(d.warnings.map((w) => [w.line, w.column, w.message]), [[3, 1, 'unknown front matter key "colour" (ignored)']]);
  assert.equal(d.slides.length, 1);
});

test('a missing deck file is a clear error', async () => {
  const e = await compileError('no-such-deck.md');
  assert.equal(e.code, 'deck-not-found');
  assert.match(e.message, /deck file not found/);
});

test('fragments sharing an index count as one step, as reveal shows them', async () => {
  const { compileDeckSource } = await import('../../server/deck/compile.js');
  const deck = await compileDeckSource([
    '## Indices',
    '',
    '- a <!-- .element: class="fragment" data-fragment-index="1" -->',
    '- b <!-- .element: class="fragment" data-fragment-index="01" -->',
    '- c <!-- .element: class="fragment" data-fragment-index="2" -->',
    '- d <!-- .element: class="fragment" -->',
  ].join('\n'), join(decks, 'inline.md'));
  // Start, index 1 (a and b together), index 2, then d.
  assert.equal(deck.slides[0]!.steps, 4);
});
