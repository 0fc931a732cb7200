// A pane's font: the family and size the deck's CSS asks for, the room its box has, and the size
// at which a terminal's grid fits that room (worked out with font-fit.ts, set once on xterm.js).

import type { Terminal } from '@xterm/xterm';
import { domRendererCell, fits, fittedFontSize, type CellSize } from './font-fit.js';

/** Font size of the terminal when the deck's CSS does not set `--ld-term-font-size`: legible
 * from the back of a room at the 1280x720 design size. */
const DEFAULT_FONT_SIZE = 20;
export const MIN_FONT_SIZE = 10;
/** A recording keeps the size it was made at, maybe more rows than the pane has room for at 10 px:
 * all of it shows, smaller (reveal.js scales the slide up on a large screen). */
export const MIN_REPLAY_FONT_SIZE = 7;
export const FALLBACK_FONT = '"JetBrains Mono", ui-monospace, "DejaVu Sans Mono", monospace';
/** Room the fit addon keeps for the scrollbar (xterm's default). */
const SCROLLBAR_WIDTH = 14;

type Grid = { cols: number; rows: number };
type Box = { width: number; height: number };

export function fontFamily(element: HTMLElement): string {
  return getComputedStyle(element).getPropertyValue('--ld-mono').trim() || FALLBACK_FONT;
}

export function preferredFontSize(element: HTMLElement): number {
  const size = parseFloat(getComputedStyle(element).getPropertyValue('--ld-term-font-size'));
  return Number.isFinite(size) && size > 0 ? size : DEFAULT_FONT_SIZE;
}

/** The room for the grid in the terminal's box (`host`), in CSS pixels of the slide. */
export function fitBox(host: HTMLElement): Box {
  return { width: host.clientWidth - SCROLLBAR_WIDTH, height: host.clientHeight };
}

/** The size of one character cell as xterm.js renders it, in CSS pixels of the slide (reveal's
 * scaling aside). */
export function cellSize(terminal: Terminal): CellSize {
  const screen = terminal.element?.querySelector<HTMLElement>('.xterm-screen');
  const width = parseFloat(screen?.style.width ?? '') / terminal.cols;
  const height = parseFloat(screen?.style.height ?? '') / terminal.rows;
  return { width: width || 0, height: height || 0 };
}

/** Sets the largest font, from `preferred` down to `min`, with which `cols` x `rows` fit `box`
 * (null: that dimension follows the box). It is worked out from the font's metrics and set once:
 * each change makes xterm.js measure the font and every glyph on screen again. */
export function fitTerminalFont(terminal: Terminal, box: Box, preferred: number, min: number, cols: number | null, rows: number | null): void {
  const grid = { cols: terminal.cols, rows: terminal.rows };
  let size = fittedFontSize(preferred, min, (at) => fits(domRendererCell(terminal.options.fontFamily ?? FALLBACK_FONT, at, grid), cols, rows, box));
  if (terminal.options.fontSize !== size) terminal.options.fontSize = size;
  // The cells xterm.js renders have the last word, should its measure differ from ours.
  while (size > min && !fits(cellSize(terminal), cols, rows, box)) {
    size -= 0.5;
    terminal.options.fontSize = size;
  }
}

/** The font a replay's terminal is made with: the one that fits the recording's grid to `box`,
 * worked out before the terminal exists, so that it opens at its final size. */
export function replayFontSize(box: Box, family: string, preferred: number, grid: Grid): number {
  if (box.width <= 0) return preferred;
  return fittedFontSize(preferred, MIN_REPLAY_FONT_SIZE, (at) => fits(domRendererCell(family, at, grid), grid.cols, grid.rows, box));
}
