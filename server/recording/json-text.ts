// Terminal output bytes straight to the bytes of a JSON string, for the cast writer: one pass over
// the bytes, instead of decoding them to a JS string, JSON.stringify, a regex for what it leaves
// raw and encoding back to UTF-8 (four passes, about twice the time here; a live recording sees
// every byte a shell prints, see bench/RESULTS.md). The output is what `escapeNonPrintable(JSON.stringify(
// text))` in common/asciicast.ts gives for the decoded text, byte for byte.
//
// Decoding follows the WHATWG UTF-8 decoder (what TextDecoder does): each invalid sequence (its
// longest valid prefix) becomes one U+FFFD, and a character cut at the end of a chunk is held until
// the next one, so an event never carries half a character.

/** Output bytes per input byte at most: a control byte becomes `\u00XX`. */
const MAX_EXPANSION = 6;
const BACKSLASH = 0x5c;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** For each ASCII byte, 0 if it is copied as it is, else its short escape letter or 1 (\u00XX). */
const ASCII_ESCAPES = new Uint8Array(128);
for (let byte = 0; byte < 0x20; byte++) ASCII_ESCAPES[byte] = 1;
ASCII_ESCAPES[0x7f] = 1; // DEL: non-printable, the asciicast spec wants it escaped
for (const [byte, letter] of [[0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0c, 'f'], [0x0d, 'r'], [0x22, '"'], [0x5c, '\\']] as const) {
  ASCII_ESCAPES[byte] = letter.charCodeAt(0);
}

export class JsonTextEncoder {
  // WHATWG decoder state: the code point so far, bytes still needed and seen, and the range the
  // next continuation byte must be in.
  #codePoint = 0;
  #needed = 0;
  #seen = 0;
  #lower = 0x80;
  #upper = 0xbf;

  /** Room `encode` needs in `out` after `at` for `length` input bytes. */
  static capacity(length: number): number {
    // A held character that turns out invalid adds one U+FFFD (3 bytes) to the chunk's own.
    return (length + 1) * MAX_EXPANSION;
  }

  /** Writes the JSON text (no quotes) of `bytes` into `out` from `at`, which must have
   * `capacity(bytes.length)` bytes of room; returns where it stopped. */
  encode(bytes: Uint8Array, out: Uint8Array, at: number): number {
    // The state in locals: this loop runs for every byte a shell prints.
    let codePoint = this.#codePoint;
    let needed = this.#needed;
    let seen = this.#seen;
    let lower = this.#lower;
    let upper = this.#upper;
    const end = bytes.length;
    let i = 0;
    while (i < end) {
      let byte = bytes[i]!;
      if (needed === 0) {
        // Runs of plain ASCII, the bulk of any output.
        while (byte < 0x80 && ASCII_ESCAPES[byte] === 0) {
          out[at++] = byte;
          if (++i === end) break;
          byte = bytes[i]!;
        }
        if (i === end) break;
        i++;
        if (byte < 0x80) {
          const escape = ASCII_ESCAPES[byte]!;
          if (escape === 1) {
            at = writeUnicodeEscape(out, at, byte);
          } else {
            out[at++] = BACKSLASH;
            out[at++] = escape;
          }
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          needed = 1;
          codePoint = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0;
          else if (byte === 0xed) upper = 0x9f; // no surrogates
          needed = 2;
          codePoint = byte & 0x0f;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90;
          else if (byte === 0xf4) upper = 0x8f; // nothing past U+10FFFF
          needed = 3;
          codePoint = byte & 0x07;
        } else {
          at = writeReplacement(out, at);
        }
        continue;
      }
      if (byte < lower || byte > upper) {
        // The sequence so far is one U+FFFD; this byte starts afresh (not consumed).
        codePoint = needed = seen = 0;
        lower = 0x80;
        upper = 0xbf;
        at = writeReplacement(out, at);
        continue;
      }
      i++;
      lower = 0x80;
      upper = 0xbf;
      codePoint = (codePoint << 6) | (byte & 0x3f);
      if (++seen < needed) continue;
      at = writeCodePoint(out, at, codePoint);
      codePoint = needed = seen = 0;
    }
    this.#codePoint = codePoint;
    this.#needed = needed;
    this.#seen = seen;
    this.#lower = lower;
    this.#upper = upper;
    return at;
  }

  /** The end of the stream: a character still incomplete becomes U+FFFD. Returns where it
   * stopped (`out` needs 3 bytes of room). */
  end(out: Uint8Array, at: number): number {
    if (this.#needed === 0) return at;
    this.#reset();
    return writeReplacement(out, at);
  }

  #reset(): void {
    this.#codePoint = 0;
    this.#needed = 0;
    this.#seen = 0;
    this.#lower = 0x80;
    this.#upper = 0xbf;
  }
}

function writeCodePoint(out: Uint8Array, at: number, codePoint: number): number {
  // C1 controls and the Unicode line separators are escaped, as escapeNonPrintable does.
  if (codePoint <= 0x9f || codePoint === 0x2028 || codePoint === 0x2029) return writeUnicodeEscape(out, at, codePoint);
  if (codePoint < 0x800) {
    out[at++] = 0xc0 | (codePoint >> 6);
  } else if (codePoint < 0x10000) {
    out[at++] = 0xe0 | (codePoint >> 12);
    out[at++] = 0x80 | ((codePoint >> 6) & 0x3f);
  } else {
    out[at++] = 0xf0 | (codePoint >> 18);
    out[at++] = 0x80 | ((codePoint >> 12) & 0x3f);
    out[at++] = 0x80 | ((codePoint >> 6) & 0x3f);
  }
  out[at++] = 0x80 | (codePoint & 0x3f);
  return at;
}

/** U+FFFD, in UTF-8. */
function writeReplacement(out: Uint8Array, at: number): number {
  out[at++] = 0xef;
  out[at++] = 0xbf;
  out[at++] = 0xbd;
  return at;
}

/** `\uXXXX`, lower-case hex as JSON.stringify writes it. */
function writeUnicodeEscape(out: Uint8Array, at: number, codePoint: number): number {
  out[at++] = BACKSLASH;
  out[at++] = 0x75; // u
  out[at++] = HEX[(codePoint >> 12) & 0xf]!;
  out[at++] = HEX[(codePoint >> 8) & 0xf]!;
  out[at++] = HEX[(codePoint >> 4) & 0xf]!;
  out[at++] = HEX[codePoint & 0xf]!;
  return at;
}
