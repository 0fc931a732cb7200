// What the replay player writes to show the screen at a point of a recording, in one go: the
// output up to there, concatenated. For a long recording that is megabytes, which xterm.js parses
// at some 10-30 MB/s; but only the last few thousand lines can still be on the screen or in the
// scrollback. So when the output holds far more line feeds than the terminal keeps, the player
// skips the part that can no longer show, and writes instead the few sequences that set the
// terminal's modes, colours and character sets as that part left them (its "prelude").
//
// Why the skipped part cannot show: the write starts at a CR LF, so from there the cursor is in
// the same column as in a full replay, and on a row no lower. Every later control moves both
// cursors alike, so that order stays, and once this cursor reaches the bottom row (or an absolute
// move or a restore of a cursor saved after the start puts them level) the two replays do the
// same thing to the same cells. After that, rows + scrollback more scrolls push out every line
// written before. So the write starts where at least 2 x rows + scrollback line feeds follow, plus
// one for each row the cursor may go up or a line may go down (CUU, CPL, RI, SD, IL: their count;
// an absolute move, a cursor restore or a reset: a whole screen).
//
// WARNING: this is exact for what shells, REPLs and line-oriented programs print. It does not
// trim (and writes everything, exact but slower) across a resize, the alternate screen, a scroll
// region, left/right margins, tab-stop changes, DCS/APC/PM/SOS strings, or a cursor restore whose
// save is in the skipped part or before a line feed. Sequences it does not know (OSC 8 hyperlinks
// left open, xterm's window ops) are not carried over the skip; they do not change what a screen
// shows. Nor is the saved cursor: output played on from a skip's screen that restores a cursor
// saved in the skipped part differs (the build's keyframes check for it, see cast-segments.ts).
//
// The static build uses the same skip to make the keyframes of a long recording's segments (see
// server/casts/cast-segments.ts): what it proves here is what makes those exact.

import { sizeAt, type Timeline } from './cast-timeline.js';

/** Output to write, or a new terminal size. */
export type ScreenOp = { kind: 'write'; data: string } | { kind: 'resize'; cols: number; rows: number };

export interface SeekPlan {
  /** Clear the terminal to this size first; null: write on top of the screen as it is. */
  reset: { cols: number; rows: number } | null;
  ops: ScreenOp[];
  /** Characters of output left out (0 when nothing could be skipped). */
  skipped: number;
}

/** Below this much output, writing it all is fast enough: no need to look for a skip. */
const TRIM_MIN_CHARS = 256 * 1024;

/**
 * The writes that take a terminal showing frames [0, from) (`from` null: showing anything else)
 * to the screen of frames [0, to). Forward, the frames in between are written on top, unless a
 * reset with a skip writes less; backward, it is a reset and the output from the start.
 */
export function planSeek(timeline: Timeline, from: number | null, to: number, scrollback: number): SeekPlan {
  const forward = from !== null && from <= to;
  // A short way forward: write it on top, no need to look further.
  if (forward && outputLength(timeline, from, to) < TRIM_MIN_CHARS) return { reset: null, ops: frameOps(timeline, from, to), skipped: 0 };
  const start = trimStart(timeline, to, scrollback);
  if (forward && (start === null || start.frame < from)) return { reset: null, ops: frameOps(timeline, from, to), skipped: 0 };
  if (start === null) return { reset: { cols: timeline.cols, rows: timeline.rows }, ops: frameOps(timeline, 0, to), skipped: 0 };
  return { reset: sizeAt(timeline, start.frame), ops: frameOps(timeline, start.frame, to, start.prelude, start.offset), skipped: start.skipped };
}

/** Characters of output in frames [from, to). */
export function outputLength(timeline: Timeline, from: number, to: number): number {
  let length = 0;
  for (let i = from; i < to; i++) {
    const frame = timeline.frames[i]!;
    if (frame.kind === 'output') length += frame.data.length;
  }
  return length;
}

/** Frames [from, to) as writes (consecutive output joined into one) and resizes. */
export function frameOps(timeline: Timeline, from: number, to: number, prelude = '', offset = 0): ScreenOp[] {
  const ops: ScreenOp[] = [];
  let pending: string[] = prelude ? [prelude] : [];
  const flush = () => {
    if (pending.length > 0) ops.push({ kind: 'write', data: pending.join('') });
    pending = [];
  };
  for (let i = from; i < to; i++) {
    const frame = timeline.frames[i]!;
    if (frame.kind === 'output') {
      pending.push(i === from && offset > 0 ? frame.data.slice(offset) : frame.data);
    } else {
      flush();
      ops.push({ kind: 'resize', cols: frame.cols, rows: frame.rows });
    }
  }
  flush();
  return ops;
}

interface TrimStart {
  /** The first frame written, from `offset` (a CR LF). */
  frame: number;
  offset: number;
  prelude: string;
  skipped: number;
}

/** Where the write for the screen of frames [0, to) can start, or null to write them all (also
 * when there is less than `minChars` of output: not worth looking). */
export function trimStart(timeline: Timeline, to: number, scrollback: number, minChars = TRIM_MIN_CHARS): TrimStart | null {
  const { frames } = timeline;
  if (outputLength(timeline, 0, to) < minChars) return null;
  const { rows } = sizeAt(timeline, to);
  const base = 2 * rows + scrollback;
  // Frames [first, to) are taken; more are taken while moves up raise the line feeds wanted.
  let wanted = base;
  let first = to;
  let lineFeeds = 0;
  const take = (): boolean => {
    const frame = frames[--first]!;
    if (frame.kind === 'resize') return false;
    lineFeeds += countLineFeeds(frame.data);
    return true;
  };
  for (let round = 0; round < 8; round++) {
    // A margin of a screen, for line feeds before the CR LF the write starts at.
    while (first > 0 && lineFeeds < wanted + rows) if (!take()) return null;
    while (first > 0 && !startsWriteAt(frames[first]!)) if (!take()) return null;
    const head = frames[first]!;
    if (head.kind !== 'output' || lineFeeds < wanted) return null;
    const crlf = head.data.indexOf('\r\n');
    if (crlf === -1) return null;
    const ops = frameOps(timeline, first, to, '', crlf);
    const data = ops.length === 1 && ops[0]!.kind === 'write' ? ops[0].data : null;
    const moves = data === null ? null : movesUp(data, rows);
    if (data === null || moves === null) return null;
    const needed = base + moves;
    if (countLineFeeds(data) >= needed) {
      const before = frameOps(timeline, 0, first).map((op) => (op.kind === 'write' ? op.data : ''));
      before.push(head.data.slice(0, crlf));
      const prefix = before.join('');
      const prelude = terminalState(prefix, rows);
      return prelude === null ? null : { frame: first, offset: crlf, prelude, skipped: prefix.length };
    }
    wanted = needed;
  }
  return null;
}

function startsWriteAt(frame: Timeline['frames'][number]): boolean {
  return frame.kind === 'output' && frame.data.includes('\r\n');
}

function countLineFeeds(data: string): number {
  let count = 0;
  for (let at = data.indexOf('\n'); at !== -1; at = data.indexOf('\n', at + 1)) count++;
  return count;
}

// ESC 7/8 save/restore, ESC M reverse index, ESC c reset, ESC H tab set, ESC # line attributes,
// string introducers; CSI with its private marker, parameters and final byte, but SGR (m), which
// moves nothing and is the most frequent.
const WINDOW_SEQUENCES = /\x1b(?:([78MHcPX^_])|#(.)|\[([?>=]?)([0-9;:]*)[ !"$']?([@-ln-~]))/g;

/** The rows the cursor may move up, or lines move down, in `data`, counted as the comment at the
 * top says, or null when `data` does something a skip cannot follow. */
function movesUp(data: string, rows: number): number | null {
  let up = 0;
  /** Where the cursor was last saved, or -1. */
  let savedAt = -1;
  // xterm.js keeps a saved row as a line of the buffer: once the scrollback is full, the rows a
  // line feed scrolls no longer move it, while they do in a replay whose scrollback is not full
  // yet. A restore with a line feed since its save can land elsewhere: no skip across it.
  const restorable = (at: number): boolean => {
    if (savedAt === -1) return false;
    SCROLLS.lastIndex = savedAt;
    const scroll = SCROLLS.exec(data);
    return scroll === null || scroll.index > at;
  };
  WINDOW_SEQUENCES.lastIndex = 0;
  for (let match = WINDOW_SEQUENCES.exec(data); match !== null; match = WINDOW_SEQUENCES.exec(data)) {
    const [, escape, hash, marker, params, final] = match;
    if (escape !== undefined) {
      if (escape === '7') savedAt = match.index;
      else if (escape === '8') {
        if (!restorable(match.index)) return null;
        up += rows;
      } else if (escape === 'M') up += 1;
      else if (escape === 'c') up += rows;
      else return null; // tab stop, DCS, SOS, PM, APC
      continue;
    }
    if (hash !== undefined) {
      if (hash === '8') return null; // DECALN fills the screen
      continue;
    }
    if (marker === '?') {
      if (final === 'h' || final === 'l') {
        if (params!.split(';').some((mode) => ALTERNATE_SCREENS.has(mode) || mode === '69')) return null;
      } else if (final === 'r' || final === 's') return null; // XTRESTORE / XTSAVE of modes
      continue;
    }
    if (marker !== '') continue;
    const count = Math.max(1, Number.parseInt(params!, 10) || 1);
    switch (final) {
      case 'A': case 'F': case 'T': case 'L':
        up += count;
        break;
      case 'H': case 'f': case 'd':
        up += rows;
        break;
      case 's':
        if (params !== '') return null; // DECSLRM
        savedAt = match.index;
        break;
      case 'u':
        if (!restorable(match.index)) return null;
        up += rows;
        break;
      case 'r': case 'g':
        return null; // scroll region, tab clear
    }
  }
  return up;
}

const ALTERNATE_SCREENS = new Set(['47', '1047', '1049']);
/** What scrolls the screen up: LF, VT, FF, IND, NEL. */
const SCROLLS = /[\n\x0b\x0c]|\x1b[DE]/g;

// What the prelude carries over: modes (CSI [?] Pm h/l), scroll region, XTSAVE and XTRESTORE,
// cursor style, tab clears, the pen (SGR), cursor saves and restores (ESC 7 / ESC 8, CSI s / CSI u:
// they save and restore the pen and the charset in use), charsets, keypad mode, full reset, tab
// sets, OSC colours, shifts.
const STATE_SEQUENCES = /\x1b(?:\[([?]?)([0-9;:]*)( ?)([hlrsqgum])|([()*+])(.)|([=>cH78])|\](4|1[0-9]|10[4-9]|11[0-9])([;\x07][^\x07\x1b]*(?:\x07|\x1b\\)))|([\x0e\x0f])/g;
/** An SGR sequence that starts from the default pen: no parameter, or 0 first. */
const PEN_RESET = /^\x1b\[(?:0*|0*[;:][0-9;:]*)m/;
/** US ASCII: what a slot holds until something else is designated. */
const ASCII = 'B';

/** What a cursor save keeps (besides the position): the pen, and the charset in use. */
interface Saved {
  pen: string;
  charset: string;
}

/** The sequences that put a fresh terminal in the state `prefix` leaves it in (modes, colours,
 * pen, charsets; not the screen or the cursor), or null when that state is one a skip cannot
 * follow: the alternate screen, a scroll region, tab stops, left/right margins. */
export function terminalState(prefix: string, rows: number): string | null {
  const modes = new Map<string, string>();
  let region = '';
  let cursorStyle = '';
  const charsets = new Map<string, string>();
  let shift = '';
  /** The charset in use: the shifted-in slot's, unless a cursor restore brought back another. */
  let charset = ASCII;
  let keypad = '';
  let colours: string[] = [];
  let tabsChanged = false;
  /** The SGR sequences since the pen was last reset. */
  let pen = '';
  let saved: Saved = { pen: '', charset: ASCII };
  const slotInUse = () => (shift === '\x0e' ? ')' : '(');
  STATE_SEQUENCES.lastIndex = 0;
  for (let match = STATE_SEQUENCES.exec(prefix); match !== null; match = STATE_SEQUENCES.exec(prefix)) {
    const [whole, marker, params, space, final, slot, designated, single, osc, , shiftChar] = match;
    if (final !== undefined) {
      if (space === ' ') {
        if (final === 'q') cursorStyle = whole;
      } else if (final === 'm') {
        if (marker === '') pen = PEN_RESET.test(whole) ? whole : pen + whole;
      } else if (final === 'h' || final === 'l') {
        for (const mode of params!.split(';')) if (mode !== '') modes.set(`${marker}${mode}`, final);
      } else if (final === 'r') {
        if (marker === '?') return null;
        region = isFullRegion(params!, rows) ? '' : params!;
      } else if (final === 's') {
        if (marker === '?' || params !== '') return null; // XTSAVE, DECSLRM
        saved = { pen, charset };
      } else if (final === 'u') {
        if (marker === '' && params === '') ({ pen, charset } = saved);
      } else if (final === 'g' && marker === '') {
        tabsChanged = true;
      }
    } else if (slot !== undefined) {
      charsets.set(slot, designated!);
      if (slot === slotInUse()) charset = designated!;
    } else if (single !== undefined) {
      if (single === 'c') {
        modes.clear();
        region = '';
        cursorStyle = '';
        charsets.clear();
        shift = '';
        charset = ASCII;
        keypad = '';
        colours = [];
        tabsChanged = false;
        pen = '';
        saved = { pen: '', charset: ASCII };
      } else if (single === '7') {
        saved = { pen, charset };
      } else if (single === '8') {
        ({ pen, charset } = saved);
      } else if (single === 'H') {
        tabsChanged = true;
      } else {
        keypad = single;
      }
    } else if (osc !== undefined) {
      colours.push(whole);
    } else if (shiftChar !== undefined) {
      shift = shiftChar;
      charset = charsets.get(slotInUse()) ?? ASCII;
    }
  }
  if (region !== '' || tabsChanged || modes.get('?69') === 'h') return null;
  if ([...ALTERNATE_SCREENS].some((mode) => modes.get(`?${mode}`) === 'h')) return null;
  let state = '';
  for (const [slot, designated] of charsets) state += `\x1b${slot}${designated}`;
  if (shift === '\x0e') state += shift;
  // A restore brought back a charset that is not the slot's any more: designate it, save the
  // cursor (at the top left, where it is), designate the slot's, and restore.
  const inSlot = charsets.get(slotInUse()) ?? ASCII;
  if (charset !== inSlot) state += `\x1b${slotInUse()}${charset}\x1b7\x1b${slotInUse()}${inSlot}\x1b8`;
  for (const [mode, setting] of modes) {
    if (ALTERNATE_SCREENS.has(mode.slice(1)) && mode.startsWith('?')) continue;
    state += `\x1b[${mode}${setting}`;
  }
  if (keypad === '=') state += '\x1b=';
  return state + cursorStyle + colours.join('') + pen;
}

function isFullRegion(params: string, rows: number): boolean {
  const [top = '', bottom = ''] = params.split(';');
  return (top === '' || top === '0' || top === '1') && (bottom === '' || bottom === '0' || Number(bottom) >= rows);
}
