// castToScreen against real .cast files: asciinema's own recordings and hand-written ones that
// exercise resize, markers, the alternate screen, wide characters and colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCast, type Cast } from '../../common/asciicast.js';
import { castToScreen, castToScreens, type ScreenRun } from '../../server/casts/cast-screen.js';

function fixture(name: string): Cast {
  return parseCast(readFileSync(new URL(`../fixtures/casts/${name}`, import.meta.url), 'utf8'), name);
}

/** A run with every style off, plus what the test names. */
function run(text: string, column: number, style: Partial<ScreenRun> = {}): ScreenRun {
  return { text, column, fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, ...style };
}

test('a recording by asciinema rec: the final screen, scrolled, with its cursor', async () => {
  const screen = await castToScreen(fixture('asciinema-colors.cast'));
  assert.equal(screen.cols, 40);
  assert.equal(screen.rows, 6);
  // Seven lines on a six-row screen: the first one scrolled away.
  assert.deepEqual(screen.lines, ['orange fond bleu', 'inverse', 'café 🙂 ┌─┐', 'ligne 5', 'ligne 6', 'ligne 7']);
  assert.deepEqual(screen.cursor, { x: 7, y: 5, visible: true });
});

test('at a time: only the events up to that time', async () => {
  const cast = fixture('asciinema-colors.cast');
  const screen = await castToScreen(cast, { at: 0.1 });
  assert.deepEqual(screen.lines, ['rouge gras normal', 'orange fond bleu', 'inverse', 'café 🙂 ┌─┐', '', '']);
  assert.deepEqual(screen.cursor, { x: 0, y: 4, visible: true });
  assert.deepEqual((await castToScreen(cast, { at: 0 })).lines, ['', '', '', '', '', '']);
});

test('styled runs: palette, 256 and true colours, bold, inverse, wide characters', async () => {
  const cast = fixture('asciinema-colors.cast');
  const runs = (await castToScreen(cast, { at: 0.1 })).runs;
  assert.deepEqual(runs[0], [run('rouge gras', 0, { fg: 1, bold: true }), run(' normal', 10)]);
  assert.deepEqual(runs[1], [run('orange', 0, { fg: 208 }), run(' ', 6), run('fond bleu', 7, { bg: '#0080ff' })]);
  assert.deepEqual(runs[2], [run('inverse', 0, { inverse: true })]);
  // 🙂 takes two columns: one run, whose text has it once.
  assert.deepEqual(runs[3], [run('café 🙂 ┌─┐', 0)]);
  assert.deepEqual(runs[4], [], 'a blank row has no run');
});

test('markers: the screen just before each one; a resize reflows at its place in the stream', async () => {
  const cast = fixture('v2-markers-resize.cast');
  const first = await castToScreen(cast, { marker: 0 });
  assert.equal(first.lines[0], '$');
  assert.deepEqual(first.runs[0], [run('$', 0, { fg: 2, bold: true })]);
  const second = await castToScreen(cast, { marker: 1 });
  assert.deepEqual([second.cols, second.rows], [100, 30]);
  assert.deepEqual(second.lines.slice(0, 3), ['$ ps', '  PID TTY          TIME CMD', '']);
  const end = await castToScreen(cast);
  assert.deepEqual(end.lines.slice(0, 3), ['$ ps', '  PID TTY          TIME CMD', '$']);
  assert.deepEqual(end.cursor, { x: 2, y: 2, visible: true });
  await assert.rejects(castToScreen(cast, { marker: 2 }), /no marker 2 in the cast \(its markers: 2, numbered from 0\)/);
  await assert.rejects(castToScreen(cast, { at: 1, marker: 0 }), /not both/);
  await assert.rejects(castToScreen(cast, { at: -1 }), /at must be a time/);
});

test('v3: intervals summed, input events ignored', async () => {
  const cast = fixture('v3-intervals.cast');
  const screen = await castToScreen(cast);
  assert.deepEqual([screen.cols, screen.rows], [100, 30]);
  assert.deepEqual(screen.lines.slice(0, 2), ['$ done', '']);
  assert.deepEqual((await castToScreen(cast, { marker: 0 })).lines[0], '$', 'input "l" is not output');
});

test('a full-screen program: the alternate screen while it runs, the shell after; cursor visibility', async () => {
  const cast = fixture('fullscreen.cast');
  const inside = await castToScreen(cast, { marker: 0 });
  assert.deepEqual(inside.lines, ['page 1 of notes', '~', '~', '(END)', '']);
  assert.equal(inside.cursor.visible, false);
  assert.deepEqual(inside.runs[3], [run('(END)', 0, { inverse: true })]);
  const after = await castToScreen(cast);
  assert.deepEqual([after.cols, after.rows], [40, 6]);
  assert.deepEqual(after.lines, ['$ less notes.txt', '$', '', '', '', '']);
  assert.deepEqual(after.cursor, { x: 2, y: 1, visible: true });
});

test('characters across events: UTF-8 text and box drawing', async () => {
  const screen = await castToScreen(fixture('unicode.cast'));
  assert.deepEqual(screen.lines.slice(0, 5), ['café 🙂 café 🙂', '┌──┐', '│ok│', '└──┘', '']);
});

test('several moments from one replay: each screen is the one castToScreen gives, in the order asked', async () => {
  for (const name of ['v2-markers-resize.cast', 'fullscreen.cast', 'asciinema-colors.cast']) {
    const cast = fixture(name);
    const markers = cast.events.filter((event) => event.code === 'm').length;
    // Out of order, repeated, by time and by marker: one replay must serve them all.
    const moments = [{}, ...Array.from({ length: markers }, (_, i) => ({ marker: markers - 1 - i })), { at: 0.1 }, { at: 0 }, {}];
    const screens = await castToScreens(cast, moments);
    assert.equal(screens.length, moments.length, name);
    for (const [i, moment] of moments.entries()) assert.deepEqual(screens[i], await castToScreen(cast, moment), `${name}, moment ${JSON.stringify(moment)}`);
  }
  // Each screen has the size it had then: after the resize, and before it.
  const sizes = await castToScreens(fixture('v2-markers-resize.cast'), [{ marker: 1 }, { marker: 0 }, {}]);
  assert.deepEqual(sizes.map((screen) => [screen.cols, screen.rows]), [[100, 30], [80, 24], [100, 30]]);
  await assert.rejects(castToScreens(fixture('v2-markers-resize.cast'), [{}, { marker: 5 }]), /no marker 5/);
});
