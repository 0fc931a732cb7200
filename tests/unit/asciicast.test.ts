// Reading and writing asciicast, against hand-written fixtures that follow the v2 and v3 specs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CastError,
  castMarkers,
  parseCast,
  parseResize,
  serializeEvent,
  serializeHeader,
} from '../../common/asciicast.js';
import type { CastEvent, CastHeader } from '../../common/asciicast.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/casts/${name}`, import.meta.url), 'utf8');
}

function parseFixture(name: string) {
  return parseCast(fixture(name), name);
}

const P8 = '#000000:#cd3131:#0dbc79:#e5e510:#2472c8:#bc3fbc:#11a8cd:#e5e5e5';

test('v2: header, markers and resize; unknown header fields are ignored', () => {
  const cast = parseFixture('v2-markers-resize.cast');
  assert.deepEqual(cast.header, {
    version: 2,
    cols: 80,
    rows: 24,
    timestamp: 1700000000,
    title: 'processus',
    idleTimeLimit: 1.5,
    env: { SHELL: '/bin/bash', TERM: 'xterm-256color' },
    theme: { fg: '#d0d0d0', bg: '#212121', palette: P8.split(':') },
  });
  assert.equal(cast.truncated, false);
  assert.deepEqual(
    cast.events.map((e) => [e.time, e.code]),
    [[0.25, 'o'], [1, 'm'], [1.000123, 'o'], [2.5, 'r'], [3, 'o'], [4.25, 'm'], [6.5, 'o']],
  );
  assert.equal(cast.events[0]?.data, '\u001b[1;32m$\u001b[0m ');
  assert.deepEqual(parseResize(cast.events[3]?.data ?? ''), { cols: 100, rows: 30 });
  assert.deepEqual(castMarkers(cast), [
    { time: 1, label: 'ps', index: 1 },
    { time: 4.25, label: '', index: 5 },
  ]);
});

test('v3: intervals become absolute times, comments and unknown codes are skipped', () => {
  const cast = parseFixture('v3-intervals.cast');
  assert.deepEqual(cast.header, {
    version: 3,
    cols: 90,
    rows: 20,
    timestamp: 1700000000,
    title: 'ldd',
    idleTimeLimit: 2,
    env: { SHELL: '/bin/bash' },
    theme: {
      fg: '#d0d0d0',
      bg: '#212121',
      palette: [
        '#151515', '#ac4142', '#7e8e50', '#e5b567', '#6c99bb', '#9f4e85', '#7dd6cf', '#d0d0d0',
        '#505050', '#ac4142', '#7e8e50', '#e5b567', '#6c99bb', '#9f4e85', '#7dd6cf', '#f5f5f5',
      ],
    },
  });
  // The skipped "t" event (0.25 s) still moves the clock; sums are exact, not 0.30000000000000004.
  assert.deepEqual(cast.events, [
    { time: 0.1, code: 'o', data: '$ ' },
    { time: 0.3, code: 'i', data: 'l' },
    { time: 0.6, code: 'r', data: '100x30' },
    { time: 1.1, code: 'm', data: 'ldd' },
    { time: 1.4, code: 'o', data: 'done\r\n' },
    { time: 1.5, code: 'x', data: '0' },
  ]);
  assert.deepEqual(castMarkers(cast), [{ time: 1.1, label: 'ldd', index: 3 }]);
});

test('unicode: escaped and raw é, 🙂 and box drawing read the same', () => {
  const cast = parseFixture('unicode.cast');
  assert.deepEqual(
    cast.events.map((e) => e.data),
    ['café 🙂 ', 'café 🙂\r\n', '┌──┐\r\n│ok│\r\n└──┘\r\n'],
  );
});

test('a last line cut short by a kill is dropped and reported', () => {
  const cast = parseFixture('truncated.cast');
  assert.equal(cast.truncated, true);
  assert.deepEqual(cast.events, [
    { time: 0.1, code: 'o', data: 'hello\r\n' },
    { time: 0.2, code: 'm', data: 'step 1' },
  ]);
});

test('a broken last line followed by a newline is an error, not a truncation', () => {
  const text = `${fixture('truncated.cast')}\n`;
  assert.throws(() => parseCast(text, 'cut.cast'), { name: 'CastError', line: 4 });
});

test('broken fixtures name the file and line at fault', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['bad-header.cast', 1, /^bad-header\.cast:1: header height must be an integer/],
    ['bad-json-middle.cast', 3, /^bad-json-middle\.cast:3: event is not valid JSON/],
    ['bad-time.cast', 4, /^bad-time\.cast:4: event time must be a number$/],
    ['backwards-time.cast', 5, /^backwards-time\.cast:5: event time goes backwards: 0\.6 after 0\.7/],
    ['bad-resize.cast', 3, /^bad-resize\.cast:3: invalid resize data "80-24"/],
  ];
  for (const [name, line, message] of cases) {
    assert.throws(
      () => parseFixture(name),
      (error: unknown) => {
        assert.ok(error instanceof CastError, `${name}: ${String(error)}`);
        assert.equal(error.source, name);
        assert.equal(error.line, line, error.message);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test('event shape errors', () => {
  const v2 = '{"version": 2, "width": 80, "height": 24}\n';
  const v3 = '{"version": 3, "term": {"cols": 80, "rows": 24}}\n';
  const cases: Array<[string, string]> = [
    [`${v2}{"time": 1}\n`, 'x.cast:2: event must be a JSON array [time, code, data]'],
    [`${v2}[1, "o"]\n`, 'x.cast:2: event must have 3 elements [time, code, data], not 2'],
    [`${v2}[1, "o", "a", "b"]\n`, 'x.cast:2: event must have 3 elements [time, code, data], not 4'],
    [`${v2}[-1, "o", "a"]\n`, 'x.cast:2: event time must not be negative'],
    [`${v2}[1, "", "a"]\n`, 'x.cast:2: event code must be a non-empty string'],
    [`${v2}[1, 5, "a"]\n`, 'x.cast:2: event code must be a non-empty string'],
    [`${v2}[1, "o", 42]\n`, 'x.cast:2: event data must be a string'],
    [`${v2}[1, "x", "zero"]\n`, 'x.cast:2: invalid exit status "zero": expected an integer'],
    [`${v2}[1, "r", "0x24"]\n`, 'x.cast:2: invalid resize data "0x24": expected "COLSxROWS"'],
    [`${v2}# v2 has no comments\n`, 'x.cast:2: event is not valid JSON'],
    [`${v3}[0.5, "o", "a"]\n[-0.1, "o", "b"]\n`, 'x.cast:3: event interval must not be negative'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseCast(text, 'x.cast'), (error: unknown) => {
      assert.ok(error instanceof CastError);
      assert.ok(error.message.startsWith(message), `${error.message} !~ ${message}`);
      return true;
    });
  }
});

test('header errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'missing header: the first line is empty'],
    ['\n[0.1, "o", "a"]\n', 'missing header: the first line is empty'],
    ['{"version": 2, "width": 80,\n', 'header is not valid JSON'],
    ['[2, 80, 24]\n', 'header must be a JSON object'],
    ['{"version": 4, "width": 80, "height": 24}\n', 'unsupported asciicast version 4'],
    ['{"width": 80, "height": 24}\n', 'unsupported asciicast version undefined'],
    ['{"version": 3, "cols": 80, "rows": 24}\n', 'header term must be an object with cols'],
    ['{"version": 3, "term": {"cols": 80.5, "rows": 24}}\n', 'header term.cols must be an integer'],
    ['{"version": 2, "width": 80, "height": 24, "timestamp": "now"}\n', 'header timestamp must be'],
    ['{"version": 2, "width": 80, "height": 24, "title": 7}\n', 'header title must be a string'],
    ['{"version": 2, "width": 8, "height": 2, "idle_time_limit": -1}\n', 'header idle_time_limit'],
    ['{"version": 2, "width": 8, "height": 2, "env": {"A": 1}}\n', 'header env.A must be a string'],
    ['{"version": 2, "width": 80, "height": 24, "theme": {"fg": "red"}}\n', 'header theme.fg'],
  ];
  for (const [text, reason] of cases) {
    assert.throws(() => parseCast(text), (error: unknown) => {
      assert.ok(error instanceof CastError);
      assert.equal(error.line, 1);
      assert.ok(error.message.startsWith(`<cast>:1: ${reason}`), error.message);
      return true;
    });
  }
});

test('a 0x0 header, as asciinema writes without a tty, gets a hint', () => {
  assert.throws(
    () => parseCast('{"version": 2, "width": 0, "height": 0}\n'),
    /header width must be an integer from 1 to 1000, not 0 \(.*--cols\/--rows\)/,
  );
});

test('asciinema 2.x headers: null env values and null fields count as absent', () => {
  const text =
    '{"version": 2, "width": 80, "height": 24, "title": null, "env": {"SHELL": null, "TERM": "xterm"}}';
  assert.deepEqual(parseCast(text).header, {
    version: 2,
    cols: 80,
    rows: 24,
    env: { TERM: 'xterm' },
  });
});

test('a header alone is a valid, empty cast; blank lines and CRLF are tolerated', () => {
  assert.deepEqual(parseCast('{"version": 2, "width": 80, "height": 24}'), {
    header: { version: 2, cols: 80, rows: 24 },
    events: [],
    truncated: false,
  });
  const crlf = '\uFEFF{"version": 2, "width": 80, "height": 24}\r\n[0.5, "o", "a"]\r\n\r\n';
  assert.deepEqual(parseCast(crlf).events, [{ time: 0.5, code: 'o', data: 'a' }]);
});

test('parseResize', () => {
  assert.deepEqual(parseResize('132x43'), { cols: 132, rows: 43 });
  for (const bad of ['80', '80x', 'x24', '80X24', ' 80x24', '80x24 ', '-1x5', '0x10', '70000x10']) {
    assert.throws(() => parseResize(bad), RangeError, bad);
  }
});

test('serializeEvent rounds to microseconds without exponents', () => {
  const line = (time: number) => serializeEvent({ time, code: 'o', data: '' });
  assert.equal(line(0), '[0.0, "o", ""]');
  assert.equal(line(1e-7), '[0.0, "o", ""]');
  assert.equal(line(0.000001), '[0.000001, "o", ""]');
  assert.equal(line(12.3), '[12.3, "o", ""]');
  assert.equal(line(1.0000004), '[1.0, "o", ""]');
  assert.equal(line(3600.1234567), '[3600.123457, "o", ""]');
  assert.equal(line(0.1 + 0.2), '[0.3, "o", ""]');
});

test('serializeEvent escapes control and non-printable characters', () => {
  const data = 'a\u001b[0m\r\n\u0007\u007f\u0085\u2028"\\é🙂';
  const text = serializeEvent({ time: 1, code: 'o', data });
  assert.equal(text, '[1.0, "o", "a\\u001b[0m\\r\\n\\u0007\\u007f\\u0085\\u2028\\"\\\\é🙂"]');
  assert.deepEqual(JSON.parse(text), [1, 'o', data]);
});

test('serializeEvent refuses what a reader would reject', () => {
  const at = (time: number, code: CastEvent['code'] = 'o', data = '') => ({ time, code, data });
  assert.throws(() => serializeEvent(at(-1)), RangeError);
  assert.throws(() => serializeEvent(at(Number.NaN)), RangeError);
  assert.throws(() => serializeEvent(at(1), 2), /before the previous event/);
  assert.doesNotThrow(() => serializeEvent(at(2), 2));
  assert.throws(() => serializeEvent(at(1, 'r', '80 x 24')), /invalid resize data/);
  assert.throws(() => serializeEvent(at(1, 'x', '')), /invalid exit status/);
});

test('serializeHeader writes v2, and what it writes reads back', () => {
  assert.equal(serializeHeader({ cols: 80, rows: 24 }), '{"version":2,"width":80,"height":24}');
  const header: CastHeader = {
    version: 3, // a v3 header is written as v2: the only version we write
    cols: 100,
    rows: 30,
    timestamp: 1700000000,
    title: 'démo\u2028',
    idleTimeLimit: 2,
    env: { TERM: 'xterm-256color' },
    theme: { fg: '#d0d0d0', bg: '#212121', palette: P8.split(':') },
  };
  const line = serializeHeader(header);
  assert.ok(!line.includes('\n') && !line.includes('\u2028'));
  const events: CastEvent[] = [
    { time: 0.5, code: 'o', data: 'é\r\n' },
    { time: 0.75, code: 'r', data: '120x40' },
    { time: 1, code: 'm', data: 'step' },
    { time: 1, code: 'x', data: '130' },
  ];
  const text = [line, ...events.map((e) => serializeEvent(e))].join('\n') + '\n';
  const expected = { header: { ...header, version: 2 }, events, truncated: false };
  assert.deepEqual(parseCast(text), expected);
  assert.throws(() => serializeHeader({ cols: 0, rows: 24 }), RangeError);
  assert.throws(() => serializeHeader({ cols: 80, rows: 24, timestamp: Infinity }), RangeError);
});

test('CastError carries source, line and reason', () => {
  const error = new CastError('demos/ldd/session.cast', 7, 'event time must be a number');
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'CastError');
  assert.equal(error.message, 'demos/ldd/session.cast:7: event time must be a number');
  assert.equal(error.reason, 'event time must be a number');
});
