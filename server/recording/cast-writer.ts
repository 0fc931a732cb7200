// Records one terminal as an asciicast v2 file, one line per event handed straight to the OS, so
// a crash or a kill -9 leaves a valid file.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { eventLineStart, serializeEvent, serializeHeader } from '../../common/asciicast.js';
import type { CastEventCode, CastHeader } from '../../common/asciicast.js';
import { JsonTextEncoder } from './json-text.js';

/** `"]` and the newline that end an output event's line. */
const OUTPUT_LINE_END = Buffer.from('"]\n', 'latin1');

/**
 * Each call writes one event at once: the caller chooses how coarse events are. Writes are
 * synchronous `write(2)`s with no buffer in this process, so what returned is in the OS, safe from
 * the process dying (not from the machine dying: there is no fsync).
 */
export class CastWriter {
  readonly path: string;
  #fd: number | undefined;
  readonly #start = performance.now();
  #lastTime = 0;
  // One streaming encoder per terminal, output bytes straight to JSON text: it holds back a
  // multi-byte character cut between two chunks, so no event carries half a character, and turns
  // invalid bytes into U+FFFD. A live recording sees every byte a shell prints.
  readonly #encoder = new JsonTextEncoder();
  /** Where output lines are put together; grows to the largest chunk seen. */
  #line = Buffer.alloc(64 * 1024);

  /** Creates (or overwrites) the file and its folders, and starts the clock. */
  static async open(path: string, header: Omit<CastHeader, 'version'>): Promise<CastWriter> {
    const headerLine = serializeHeader(header); // a bad header throws before the disk is touched
    await mkdir(dirname(path), { recursive: true });
    // 'w', not 'a': appending to an existing cast would put a second header in its middle.
    const fd = openSync(path, 'w');
    writeLine(fd, headerLine);
    return new CastWriter(path, fd);
  }

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /** Terminal output, as raw bytes or as text. `time`: seconds since `open`, when the caller
   * stamps events itself (a writer in another thread); otherwise now. */
  output(data: Uint8Array | string, time?: number): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.#writeOutput((line, at) => this.#encoder.encode(bytes, line, at), JsonTextEncoder.capacity(bytes.length), time);
  }

  resize(cols: number, rows: number, time?: number): void {
    this.#write('r', `${cols}x${rows}`, time);
  }

  /** A step or slide marker; the label may be empty. */
  marker(label: string, time?: number): void {
    this.#write('m', label, time);
  }

  /**
   * The shell's exit status, as an `x` event. v2 has no exit event of its own, but its list of
   * codes is open and readers must skip codes they do not know (asciinema 2.x does); `x` is the
   * code v3 gave to exit, so v3-aware readers (ours) understand it. A marker would turn the exit
   * into a bogus step on the seek bar.
   */
  exit(code: number, time?: number): void {
    if (!Number.isInteger(code)) throw new RangeError(`exit status must be integer, not ${code}`);
    this.#flushEncoder(time);
    this.#write('x', String(code), time);
  }

  /** Writes out any incomplete character (as U+FFFD) and closes the file. */
  dispose(): void {
    if (this.#fd === undefined) return;
    this.#flushEncoder();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #flushEncoder(time?: number): void {
    this.#writeOutput((line, at) => this.#encoder.end(line, at), JsonTextEncoder.capacity(0), time);
  }

  #write(code: CastEventCode, data: string, at?: number): void {
    const time = this.#time(at);
    writeLine(this.#checkedFd(), serializeEvent({ time, code, data }, this.#lastTime));
    this.#lastTime = time;
  }

  /** An output event whose text `encode` writes into the line (at most `room` bytes); none if
   * it writes nothing (a character held back whole). */
  #writeOutput(encode: (line: Buffer, at: number) => number, room: number, at?: number): void {
    const fd = this.#checkedFd();
    const time = this.#time(at);
    const start = eventLineStart(time, 'o', this.#lastTime) + '"';
    const size = start.length + room + OUTPUT_LINE_END.length;
    if (this.#line.length < size) this.#line = Buffer.alloc(Math.max(size, this.#line.length * 2));
    const line = this.#line;
    const textAt = line.write(start, 0, 'latin1');
    const textEnd = encode(line, textAt);
    if (textEnd === textAt) return;
    const end = textEnd + OUTPUT_LINE_END.copy(line, textEnd);
    let written = 0;
    while (written < end) written += writeSync(fd, line, written, end - written);
    this.#lastTime = time;
  }

  #checkedFd(): number {
    if (this.#fd === undefined) throw new Error(`cannot record to ${this.path}: it is disposed`);
    return this.#fd;
  }

  /** A caller's stamp, or now; never before the last event (the file's times must not go back). */
  #time(at?: number): number {
    return Math.max(at ?? (performance.now() - this.#start) / 1000, this.#lastTime);
  }
}

function writeLine(fd: number, line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}
