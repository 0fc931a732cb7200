// JsonTextEncoder against the reference path it replaces in the cast writer: TextDecoder (the
// WHATWG decoder) then serializeEvent's JSON. Same bytes for any input, cut anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeEvent } from '../../common/asciicast.js';
import { JsonTextEncoder } from '../../server/recording/json-text.js';

/** The JSON text (no quotes) serializeEvent writes for `bytes` decoded as one stream. */
function reference(bytes: Uint8Array): string {
  const line = serializeEvent({ time: 0, code: 'o', data: new TextDecoder().decode(bytes) });
  return line.slice('[0.0, "o", "'.length, -'"]'.length);
}

/** The encoder's text for `bytes` handed over in pieces cut at `cuts`. */
function encoded(bytes: Uint8Array, cuts: number[]): string {
  const encoder = new JsonTextEncoder();
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const piece = bytes.subarray(from, cut);
    const out = Buffer.alloc(JsonTextEncoder.capacity(piece.length) + 5);
    // Written from an offset, as the writer does after the line's start.
    parts.push(out.subarray(5, encoder.encode(piece, out, 5)));
    from = cut;
  }
  const out = Buffer.alloc(JsonTextEncoder.capacity(0));
  parts.push(out.subarray(0, encoder.end(out, 0)));
  return Buffer.concat(parts).toString('utf8');
}

test('ASCII, controls, quotes and escapes come out as JSON.stringify writes them', () => {
  const text = 'plain "quoted" back\\slash\ttab\r\n\x1b[1mbold\x1b[0m\x00\x07\x08\x0c\x7f end';
  const bytes = Buffer.from(text, 'utf8');
  assert.equal(encoded(bytes, []), reference(bytes));
  assert.equal(JSON.parse(`"${encoded(bytes, [])}"`), text);
});

test('characters of every length, C1 controls and the line separators', () => {
  const text = 'é ß ─ ┌┐ 日本 🙂 \u0085 \u009b \u2028 \u2029 \u{10ffff} \ufeff';
  const bytes = Buffer.from(text, 'utf8');
  const out = encoded(bytes, []);
  assert.equal(out, reference(bytes));
  assert.match(out, /\\u0085 \\u009b \\u2028 \\u2029/);
  assert.equal(JSON.parse(`"${out}"`), text);
});

test('a character cut at every possible point is whole in the output', () => {
  const bytes = Buffer.from('a🙂b┌c', 'utf8');
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.equal(encoded(bytes, [cut]), reference(bytes), `cut at ${cut}`);
  }
});

test('invalid sequences become U+FFFD as the WHATWG decoder makes them', () => {
  const cases = [
    [0x80], [0xbf, 0x41], [0xc0, 0xaf], [0xc1, 0xbf], [0xc2], [0xc2, 0x41], [0xe0, 0x80, 0x80],
    [0xe0, 0xa0], [0xed, 0xa0, 0x80], [0xef, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x9f, 0x99],
    [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80], [0xff, 0xfe], [0xe2, 0x28, 0xa1], [0xf0, 0x9f, 0x41, 0x42],
  ];
  for (const bytes of cases.map((c) => Uint8Array.from(c))) {
    assert.equal(encoded(bytes, []), reference(bytes), `bytes ${Buffer.from(bytes).toString('hex')}`);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.equal(encoded(bytes, [cut]), reference(bytes), `bytes ${Buffer.from(bytes).toString('hex')} cut at ${cut}`);
    }
  }
});

test('fuzz: random bytes cut at random points give the reference text', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  // Mostly plausible terminal output, with bytes of every kind mixed in.
  const pieces = [Buffer.from('ls -l\r\n\x1b[01;34mdir\x1b[0m "x"\\ '), Buffer.from('é─🙂\u2028\u0090'), Buffer.from([0x80, 0xc3, 0xe2, 0x82, 0xf0, 0x9f, 0xed, 0xa0, 0xff, 0x7f, 0x00])];
  for (let round = 0; round < 500; round++) {
    const parts: number[] = [];
    const length = random(200);
    while (parts.length < length) {
      const piece = pieces[random(pieces.length)]!;
      parts.push(piece[random(piece.length)]!);
    }
    const bytes = Uint8Array.from(parts);
    const cuts = Array.from({ length: random(6) }, () => random(bytes.length + 1)).sort((a, b) => a - b);
    assert.equal(encoded(bytes, cuts), reference(bytes), `bytes ${Buffer.from(bytes).toString('hex')} cut at ${cuts}`);
  }
});
