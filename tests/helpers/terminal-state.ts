// Headless terminals for the replay tests: everything a person (or the next byte) could tell apart
// in a terminal, to compare the screen a seek builds with the screen of playing it all; and random
// but repeatable terminal output, calm or busy, to seek into.

import xtermHeadless from '@xterm/headless';
import type { Cast, CastEvent } from '../../common/asciicast.js';
import type { SeekPlan } from '../../common/cast-seek.js';

export type Headless = InstanceType<typeof xtermHeadless.Terminal>;

export function headless(cols: number, rows: number, scrollback: number): Headless {
  return new xtermHeadless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
}

export function write(term: Headless, data: string): Promise<void> {
  return new Promise((done) => term.write(data, done));
}

/** Every line with its cells' colours and styles, the cursor, the modes, and the pen and charset
 * (a probe written last: the terminal is changed by it). */
export async function screenState(term: Headless): Promise<unknown> {
  await write(term, '');
  const buffer = term.buffer.active;
  const cursor = { x: buffer.cursorX, y: buffer.cursorY, type: buffer.type };
  const modes = { ...term.modes };
  await write(term, 'Xq\x1b[5n');
  const cell = buffer.getNullCell();
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    let attrs = '';
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      attrs += `${cell.getChars() || ' '}${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isInverse()}${cell.isUnderline()}|`;
    }
    lines.push(`${line.isWrapped ? 'w' : '-'}${attrs}`);
  }
  return { cursor, modes, lines };
}

/** A small deterministic random source (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `length` characters of terminal output for a terminal of `rows` rows, cut into chunks at random
 * places (escape sequences and CR LF pairs included). `busy` (0 to 1): how often something else
 * than a line comes (cursor moves, modes, full-screen programs, scroll regions; at 1 a scroll
 * region may be left on, which no seek skip can cross).
 */
export function randomOutput(next: () => number, rows: number, length: number, busy: number): string[] {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const word = () => 'x'.repeat(1 + Math.floor(next() * 30)).replace(/x/g, () => pick(['a', 'b', 'é', 'q', ' ', '─', '字']));
  let output = '';
  let lineCount = 0;
  while (output.length < length) {
    const roll = next();
    if (roll > 0.2 * busy) {
      // A line of text, now and then long enough to wrap, or a coloured word.
      if (next() < 0.1) output += pick(['\x1b[31m', '\x1b[1;44m', '\x1b[0m', '\x1b[m', '\x1b[7m', '\x1b[38;5;208m']);
      output += `${word()}${next() < 0.1 ? word().repeat(6) : ''}\r\n`;
      lineCount++;
      continue;
    }
    const kind = next();
    if (kind < 0.2) output += `\x1b[${1 + Math.floor(next() * 4)}A`;
    else if (kind < 0.4) output += `\x1b7\x1b[1;${60 + Math.floor(next() * 30)}H[${lineCount}]\x1b8`;
    else if (kind < 0.5) output += `\x1b[${1 + Math.floor(next() * rows)};${1 + Math.floor(next() * 50)}H`;
    else if (kind < 0.55) output += '\x1b[?1049h\x1b[H\x1b[2Jfull screen\x1b[5;3Hprogram\x1b[?1049l';
    else if (kind < 0.75) output += pick(['\x1b[?25l', '\x1b[?25h', '\x1b[?7l', '\x1b[?7h', '\x1b[4h', '\x1b[4l', '\x1b(0', '\x1b(B', '\x0e', '\x0f']);
    else if (kind < 0.9) output += pick(['\x1bM', '\x1b[2L', '\x1b[M', '\x1b[K', '\x1b[1J', '\x1b[3S', '\x1b[2T', '\t', '\x1b[20G']);
    else if (kind < 0.97) output += pick(['\x1b[2;6r\x1b[3;1Hin a region\r\n\r\n\x1b[r', '\x1b8', '\x1b]0;title\x07', '\x1b]4;2;rgb:aa/bb/cc\x07']);
    else if (busy === 1) output += '\x1b[3;7r';
  }
  const chunks: string[] = [];
  for (let at = 0; at < output.length;) {
    const size = 1 + Math.floor(next() * 400);
    chunks.push(output.slice(at, at + size));
    at += size;
  }
  return chunks;
}

/** A cast in memory. */
export function cast(cols: number, rows: number, events: CastEvent[], idleTimeLimit?: number): Cast {
  return { header: { version: 2, cols, rows, ...(idleTimeLimit !== undefined ? { idleTimeLimit } : {}) }, events };
}

/** Output events, 10 ms apart. */
export function outputs(chunks: string[]): CastEvent[] {
  return chunks.map((data, i) => ({ time: i * 0.01, code: 'o', data }));
}

/** Plays a seek plan into `term` as the pane does: a reset to its size if it has one, then its
 * writes and resizes in order. */
export async function applyPlan(term: Headless, plan: SeekPlan): Promise<void> {
  if (plan.reset) {
    await write(term, '');
    term.reset();
    term.resize(plan.reset.cols, plan.reset.rows);
  }
  for (const op of plan.ops) {
    if (op.kind === 'write') await write(term, op.data);
    else {
      await write(term, '');
      term.resize(op.cols, op.rows);
    }
  }
}
