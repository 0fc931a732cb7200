// A printed terminal pane keeps its whole slide: the rows that scrolled off the screen print above
// it, in a smaller font, and a pane too small for them all even at the smallest print size keeps
// the latest and says so. Real CLI, real Chromium, a deck and a recording written for the test,
// the PDF read back with PDF.js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readPdf, type PdfReading } from '../helpers/pdf.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-print-transcript-'));
  // 30 numbered rows on a 40x10 terminal, in two steps of 15: 21 of them scroll off.
  const events = ['[0.1, "m", "one"]'];
  for (let i = 1; i <= 30; i++) {
    if (i === 16) events.push('[1.6, "m", "two"]');
    events.push(`[${(i / 10 + 0.1).toFixed(2)}, "o", "rang ${String(i).padStart(2, '0')}\\r\\n"]`);
  }
  writeFileSync(join(dir, 'rows.cast'), `{"version": 2, "width": 40, "height": 10}\n${events.join('\n')}\n`);
  writeFileSync(join(dir, 'deck.md'), [
    '## Tall pane', '', '```terminal cast=rows.cast height="560px"', '```', '', '---', '',
    '## Small pane', '', '```terminal cast=rows.cast height="200px"', '```', '',
  ].join('\n'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function exportDeck(name: string, args: string[] = []): Promise<{ pdf: PdfReading; stderr: string }> {
  const out = join(dir, name);
  const result = runCli(['export', join(dir, 'deck.md'), ...args, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  return { pdf: await readPdf(out), stderr: result.stderr };
}

const rowsOn = (text: string) => [...text.matchAll(/rang (\d\d)/g)].map((m) => Number(m[1]));

test('a pane prints the rows that scrolled off during its slide, above its screen', async () => {
  const { pdf } = await exportDeck('default.pdf');
  assert.deepEqual(rowsOn(pdf.pages[0]!.text), Array.from({ length: 30 }, (_, i) => i + 1));
});

test('with --steps, each step page prints the slide up to that step', async () => {
  const { pdf } = await exportDeck('steps.pdf', ['--steps', '--range', '1']);
  // Before the first step: nothing recorded yet; then rows 1-15; then 1-30.
  assert.deepEqual(pdf.pages.map((page) => rowsOn(page.text).length), [0, 15, 30]);
  assert.deepEqual(rowsOn(pdf.pages[1]!.text), Array.from({ length: 15 }, (_, i) => i + 1));
});

test('a pane too small for its whole slide keeps the latest rows and the export says so', async () => {
  const { pdf, stderr } = await exportDeck('small.pdf', ['--range', '2']);
  const shown = rowsOn(pdf.pages[0]!.text);
  assert.ok(shown.length > 5 && shown.length < 30, `some rows, not all: ${shown.join(' ')}`);
  assert.deepEqual(shown, Array.from({ length: shown.length }, (_, i) => 31 - shown.length + i), 'the latest rows, in order');
  assert.match(stderr, /warning: slide 2: terminal pane s2-t1 \(.*rows\.cast\) shows 31 rows by its last step, about 13 fit it on paper/);
  const tall = await exportDeck('tall.pdf', ['--range', '1']);
  assert.doesNotMatch(tall.stderr, /warning: slide 1: terminal pane/);
});
