// A terminal's lines for a lecture's search (server/casts/cast-lines.ts). The fixture
// tests/fixtures/cast-lines/bash-session.cast is bash 5 in a real pty, 30 columns, typed into key
// by key: typos fixed with backspace, an insertion at the line's start, a command longer than the
// terminal edited in the middle, colours, a carriage-return progress line, vim, accents, emoji
// and CJK. The small casts below pin one behaviour each, as a terminal would show it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCast, type Cast, type CastEvent } from '../../common/asciicast.js';
import { castLines } from '../../server/casts/cast-lines.js';

const SESSION = parseCast(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cast-lines', 'bash-session.cast'), 'utf8'));

/** A cast of `outputs`, one event a second, in a terminal `cols` wide. */
function cast(outputs: string[], cols = 80): Cast {
  return { header: { version: 2, cols, rows: 24 }, events: outputs.map((data, i) => ({ time: i + 1, code: 'o' as const, data })) };
}

const texts = (c: Cast): string[] => castLines(c).map((line) => line.text);

test('a real bash session reads as its screen did, typed commands with their prompt, vim left out', () => {
  assert.deepEqual(texts(SESSION), [
    '$ echo hello',
    'hello',
    "$ printf '%s\\n' one two",
    'one',
    'two',
    '$ echo mid',
    'mid',
    '$ echo very the quick brown fox jumps over the lazy dog and keeps running',
    'very the quick brown fox jumps over the lazy dog and keeps running',
    "$ printf '\\e[1;32mgreen\\e[0m and \\e[31mred\\e[0m\\n'",
    'green and red',
    "$ printf 'step 1/3\\rstep 2/3\\rstep 3/3 done\\n'",
    'step 3/3 done',
    '$ vim -u NONE -N -n',
    "$ echo 'héllo wörld 🎉'",
    'héllo wörld 🎉',
    '$ echo 日本語',
    '日本語',
    '$ echo unfinished',
  ]);
});

test('a line\'s time is when the cursor left it; the last, unfinished one, the cast\'s last output', () => {
  const lines = castLines(SESSION);
  const enter = SESSION.events.find((event) => event.data.startsWith('hello\r\n'))!;
  assert.equal(lines.find((line) => line.text === '$ echo hello')!.time, SESSION.events[SESSION.events.indexOf(enter) - 1]!.time);
  assert.equal(lines.find((line) => line.text === 'hello')!.time, enter.time);
  assert.equal(lines.at(-1)!.time, SESSION.events.filter((event) => event.code === 'o').at(-1)!.time);
  assert.deepEqual(lines.map((line) => line.time), lines.map((line) => line.time).sort((a, b) => a - b));
});

test('typos: backspaces as shells echo them, and edits inside a line, are resolved', () => {
  assert.deepEqual(texts(cast(['$ ', 'l', 's', ' ', '-', 'l', 'x', '\b \b', 'a', '\r\n'])), ['$ ls -la']);
  assert.deepEqual(texts(cast(['$ ls -lx', '\b\x1b[K', 'a\r\n'])), ['$ ls -la']);
  // Insert (readline's ESC [ @) and delete (ESC [ P) in the middle.
  assert.deepEqual(texts(cast(['$ ls la', '\b\b', '\x1b[@-', '\r\n'])), ['$ ls -la']);
  assert.deepEqual(texts(cast(['$ lls -la', '\r\x1b[2C', '\x1b[P', '\r\n'])), ['$ ls -la']);
  // Cursor left, right and to a column, then overwrite.
  assert.deepEqual(texts(cast(['$ cat fxle', '\x1b[3D', 'i', '\x1b[2C', '\x1b[3Gdog\r\n'])), ['$ dog file']);
});

test('colours, styles and window titles are not text', () => {
  assert.deepEqual(texts(cast([
    '\x1b]0;teacher@host: ~\x07\x1b[01;32mteacher@host\x1b[00m:\x1b[01;34m~\x1b[00m$ ls\r\n',
    '\x1b[38;5;208morange\x1b[0m \x1b[38;2;10;20;30mtrue\x1b[m \x1b[1;4;7mbold\x1b[22;24;27m\r\n',
    '\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\\r\n',
  ])), ['teacher@host:~$ ls', 'orange true bold', 'link']);
});

test('what is drawn elsewhere between saving and restoring the cursor (a corner counter) is not on the line', () => {
  // As demos/processus/compteur.sh draws its counter on the first row, in reverse video.
  const counter = (n: number) => `\x1b7\x1b[1;60H\x1b[7mcompteur ${n}\x1b[0m\x1b8`;
  assert.deepEqual(texts(cast([
    `$ kill -STOP %1${counter(8)}\r\n`,
    `$ ki${counter(9)}ll -CONT %1\r\n`,
    `$ fg\x1b[s\x1b[3;1Hstatus\x1b[u\r\n`,
  ])), ['$ kill -STOP %1', '$ kill -CONT %1', '$ fg']);
  // No save: a move is on this line (its column), and `clear` starts the screen anew.
  assert.deepEqual(texts(cast(['abc\x1b[5;2HX\r\n', '\x1b[H\x1b[2Jhello\r\n'])), ['aXc', 'hello']);
  // A screen cleared while drawing elsewhere, never restored: what follows is the new screen.
  assert.deepEqual(texts(cast(['old line\x1b7\x1b[H\x1b[2Jnew screen\r\n', 'next\r\n'])), ['new screen', 'next']);
});

test('a line redrawn with carriage returns reads as it was left, like a progress bar', () => {
  assert.deepEqual(texts(cast(['10%', '\r50%', '\r100%\r\n'])), ['100%']);
  assert.deepEqual(texts(cast(['downloading 99%', '\rdone\x1b[K\r\n'])), ['done']);
  // Without erasing, what was not overwritten stays on the screen.
  assert.deepEqual(texts(cast(['abcdef', '\rxy\r\n'])), ['xycdef']);
  const progress = castLines(cast(['[#   ]', '\r[##  ]', '\r[### ]', '\r[####] ok\r\n', 'next\r\n']));
  assert.deepEqual(progress, [{ time: 4, text: '[####] ok' }, { time: 5, text: 'next' }]);
});

test('a line longer than the terminal is one line; a line exactly as wide is not joined to the next', () => {
  const long = 'x'.repeat(25) + 'y'.repeat(25) + 'z'.repeat(20);
  assert.deepEqual(texts(cast([long + '\r\n', 'after\r\n'], 20)), [long, 'after']);
  assert.deepEqual(texts(cast(['a'.repeat(20) + '\r\n', 'b'.repeat(20), '\r\n'], 20)), ['a'.repeat(20), 'b'.repeat(20)]);
  // Written at the last column and carried back with a carriage return: the row's start.
  assert.deepEqual(texts(cast(['a'.repeat(20), '\rb\r\n'], 20)), ['b' + 'a'.repeat(19)]);
  // bash 5 redrawing a command of three rows of 20 columns as it is edited (its output, recorded):
  // it goes down the command's rows with line feeds and up with ESC [ A.
  const redrawn = '$ echo aaaaaaaaaaaaa \raaaaaaaaaaaaaaaaa bb \rbb\b\r\x1b[Aaaaaaaaaaaaaaaaaa b\b\bX \r\n\rbbb' +
    '\x1b[AaaaaaaaaaaaaaaXY bbbb\x1b[AaaaaaaaaaaaaaXY\x1b[A\r$ echo \ba\r\n\raaaaaaaaaaaaaaaaXY bbbb\x1b[K\x1b[A\x1b[Acho\ba' +
    '\r\n\raaaaaaaaaaaaaaaXY b\r\n\rbb\x1b[K\x1b[A\x1b[Aech\r\n\r\n\r\r\n';
  assert.deepEqual(texts(cast([redrawn, 'bash: not found\r\n'], 20)), ['$ echaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaXY bbbb', 'bash: not found']);
  // A resize changes where rows wrap.
  const resized: Cast = { header: { version: 2, cols: 10, rows: 5 }, events: [
    { time: 1, code: 'r', data: '20x5' }, { time: 2, code: 'o', data: 'a'.repeat(15) + '\rb\r\n' },
  ] };
  assert.deepEqual(texts(resized), ['b' + 'a'.repeat(14)]);
});

test('full-screen programs (the alternate screen) are left out; what was typed before them is kept', () => {
  const top = cast([
    '$ top\r\n',
    '\x1b[?1049h\x1b[H\x1b[2Jtop - 10:00:00 up 1 day\r\nTasks: 100 total\r\n\x1b[7m  PID USER\x1b[m\r\n',
    '\x1b[H\x1b[2Jtop - 10:00:03 up 1 day\r\n',
    '\x1b[?1049l\x1b[?25h$ echo after\r\n',
  ]);
  assert.deepEqual(texts(top), ['$ top', '$ echo after']);
  assert.deepEqual(texts(cast(['$ ec', '\x1b[?47h', 'screen\r\n', '\x1b[?47l', 'ho back\r\n'])), ['$ echo back']);
});

test('output cut anywhere into events (inside an escape sequence, between a surrogate pair) reads the same', () => {
  const output = SESSION.events.filter((event) => event.code === 'o').map((event) => event.data).join('');
  const expected = texts(SESSION);
  for (const size of [1, 2, 3, 7, 64]) {
    const events: CastEvent[] = [];
    for (let at = 0, n = 0; at < output.length; at += size + (n++ % 3)) events.push({ time: n, code: 'o', data: output.slice(at, at + size + (n % 3)) });
    assert.deepEqual(texts({ header: SESSION.header, events }), expected, `events of about ${size} code units`);
  }
  assert.deepEqual(texts(cast(['emoji \ud83c', '\udf89 and \x1b[3', '1mred\x1b', '[0m\r\n'])), ['emoji 🎉 and red']);
});

test('wide characters take two columns and combining marks none, so editing after them lands right', () => {
  assert.deepEqual(texts(cast(['日本x', '\b\b\b', '語\r\n'])), ['日語x'], 'three columns back from the cursor: the second character');
  assert.deepEqual(texts(cast(['e\u0301te', '\x1b[2D', 'X\r\n'])), ['e\u0301Xe']);
});

test('a one-hour class\'s casts, a few megabytes of output, are read in well under a second', () => {
  const typing = SESSION.events;
  const listing = Array.from({ length: 200 }, (_, i) => `-rw-r--r-- 1 teacher staff ${String(1000 + i * 37).padStart(8)} Dec  7 10:00 \x1b[01;32mfile-${i}.txt\x1b[0m\r\n`);
  const events: CastEvent[] = [];
  let time = 0;
  let size = 0;
  const add = (data: string): void => {
    events.push({ time, code: 'o', data });
    size += data.length;
  };
  while (size < 5_000_000) {
    for (const event of typing) events.push({ ...event, time: time + event.time });
    time += 10;
    for (let i = 0; i < listing.length; i += 20) add(listing.slice(i, i + 20).join(''));
    for (let percent = 0; percent <= 100; percent += 5) add(`\rdownloading [${'#'.repeat(percent / 5).padEnd(20)}] ${percent}%`);
    add('\r\n');
    time += 10;
  }
  const started = performance.now();
  const lines = castLines({ header: { version: 2, cols: 80, rows: 24 }, events });
  const ms = performance.now() - started;
  console.log(`# castLines: ${(size / 1e6).toFixed(1)} MB of output, ${lines.length} lines in ${ms.toFixed(0)} ms`);
  assert.ok(lines.some((line) => line.text === 'downloading [####################] 100%'));
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
});
