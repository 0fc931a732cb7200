// Records one terminal as an asciicast v2 file, one line per event handed straight to the OS, so
// a crash or a kill -9 leaves a valid file.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { serializeEvent, serializeHeader } from '../../common/asciicast.js';
import type { CastEventCode, CastHeader } from '../../common/asciicast.js';

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
  // One streaming decoder per terminal: it holds back a multi-byte character cut between two
  // chunks, so no event carries half a character. Invalid bytes become U+FFFD. StringDecoder, not
  // TextDecoder: on a flood it decodes ~5x faster here (Node 20), and a live recording decodes
  // every byte a shell prints.
  readonly #decoder = new StringDecoder('utf8');

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
    // Text goes through the decoder too, to stay in order behind any bytes it holds back.
    const text = this.#decoder.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (text !== '') this.#write('o', text, time);
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
    this.#flushDecoder(time);
    this.#write('x', String(code), time);
  }

  /** Writes out any incomplete character (as U+FFFD) and closes the file. */
  dispose(): void {
    if (this.#fd === undefined) return;
    this.#flushDecoder();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #flushDecoder(time?: number): void {
    const rest = this.#decoder.end();
    if (rest !== '') this.#write('o', rest, time);
  }

  #write(code: CastEventCode, data: string, at?: number): void {
    if (this.#fd === undefined) throw new Error(`cannot record to ${this.path}: it is disposed`);
    // A caller's stamp never goes back before the last event (the file's times must not).
    const time = Math.max(at ?? (performance.now() - this.#start) / 1000, this.#lastTime);
    writeLine(this.#fd, serializeEvent({ time, code, data }, this.#lastTime));
    this.#lastTime = time;
  }
}

function writeLine(fd: number, line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}
