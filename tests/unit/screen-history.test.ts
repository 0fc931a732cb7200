// castToScreens with `history`: the rows that scrolled off the screen, kept for a printed pane
// (server/export/print-panes.ts), from a real asciinema recording and a hand-written one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCast, type Cast } from '../../common/asciicast.js';
import { castToScreen, castToScreens } from '../../server/casts/cast-screen.js';

function fixture(name: string): Cast {
  return parseCast(readFileSync(new URL(`../fixtures/casts/${name}`, import.meta.url), 'utf8'), name);
}

/** A 10x4 terminal that prints `count` numbered lines, each step one line, with a marker before. */
function numbered(count: number): Cast {
  const lines = [`{"version": 2, "width": 10, "height": 4}`];
  for (let i = 1; i <= count; i++) lines.push(`[${i}, "m", "${i}"]`, `[${i}.5, "o", "line ${i}\\r\\n"]`);
  return parseCast(`${lines.join('\n')}\n`, 'numbered.cast');
}

test('the rows that scrolled off come with the screen, oldest first, with their styles', async () => {
  const [screen] = await castToScreens(fixture('asciinema-colors.cast'), [{}], { history: 100 });
  // Seven lines on a six-row screen: the first one scrolled away, in bold red among others.
  assert.deepEqual(screen!.history!.lines, ['rouge gras normal']);
  assert.equal(screen!.history!.runs.length, 1);
  assert.ok(screen!.history!.runs[0]!.some((run) => run.bold && run.text.includes('rouge')), JSON.stringify(screen!.history!.runs[0]));
  assert.deepEqual(screen!.lines, ['orange fond bleu', 'inverse', 'café 🙂 ┌─┐', 'ligne 5', 'ligne 6', 'ligne 7']);
});

test('each moment has the history up to it, and no more than asked for', async () => {
  const cast = numbered(9);
  // Marker k is written before line k: the screen before marker 7 has lines 1 to 6.
  const [early, late] = await castToScreens(cast, [{ marker: 2 }, { marker: 6 }], { history: 100 });
  assert.deepEqual(early!.history!.lines, []);
  assert.deepEqual(early!.lines, ['line 1', 'line 2', '', '']);
  assert.deepEqual(late!.history!.lines, ['line 1', 'line 2', 'line 3']);
  assert.deepEqual(late!.lines, ['line 4', 'line 5', 'line 6', '']);
  const [capped] = await castToScreens(cast, [{}], { history: 2 });
  assert.deepEqual(capped!.history!.lines, ['line 5', 'line 6'], 'the oldest rows past the cap are gone');
});

test('without `history`, a screen is only the screen', async () => {
  const screen = await castToScreen(numbered(9));
  assert.equal(screen.history, undefined);
  assert.deepEqual(screen.lines, ['line 7', 'line 8', 'line 9', '']);
});
