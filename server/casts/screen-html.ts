// A terminal screen (castToScreen's rows of styled runs) as selectable HTML text for the PDF:
// palette colours become the theme's --ld-term-* variables, so a printed pane has the colours of
// the live one in either theme; true colours stay as recorded. A printed pane shows the rows that
// scrolled off above its screen too (transcriptHtml).

import type { CastScreen, CellColor, ScreenRun } from './cast-screen.js';
import { escapeHtml } from '../deck/attributes.js';

/** The 16 ANSI colours in palette order, as named in theme/palette.css (--ld-term-<name>). */
const ANSI_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

/** The CSS colour of a cell colour; null stays the pane's default. */
export function cellColorCss(color: CellColor): string | null {
  if (color === null) return null;
  if (typeof color === 'string') return color;
  if (color < 16) return `var(--ld-term-${color < 8 ? '' : 'bright-'}${ANSI_NAMES[color % 8]})`;
  if (color < 232) {
    const n = color - 16;
    return hex(CUBE_LEVELS[Math.floor(n / 36)]!, CUBE_LEVELS[Math.floor(n / 6) % 6]!, CUBE_LEVELS[n % 6]!);
  }
  const grey = 8 + (color - 232) * 10;
  return hex(grey, grey, grey);
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Rows that show something, from the top: the last non-blank row or the cursor's row. */
export function usedRows(screen: CastScreen): number {
  let used = screen.cursor.visible ? screen.cursor.y + 1 : 0;
  screen.runs.forEach((runs, y) => { if (runs.length > 0) used = Math.max(used, y + 1); });
  return used;
}

/** One screen as the rows of a <pre>, `rows` rows tall (blank rows below the last used one are
 * left out by the caller choosing `rows`). The cursor is drawn as a block where it is visible. */
export function screenRowsHtml(screen: CastScreen, rows: number): string {
  const out: string[] = [];
  for (let y = 0; y < rows; y++) {
    const runs = screen.runs[y] ?? [];
    // A cursor waiting past the last column is drawn on the last one, as xterm.js does.
    const cursorX = screen.cursor.visible && screen.cursor.y === y ? Math.min(screen.cursor.x, screen.cols - 1) : null;
    out.push(rowHtml(cursorX === null ? runs : withCursor(runs, cursorX)));
  }
  return out.join('\n');
}

/** Columns that show something on a screen: the longest row, or the cursor's column. */
export function usedColumns(screen: CastScreen): number {
  const cursor = screen.cursor.visible ? Math.min(screen.cursor.x, screen.cols - 1) + 1 : 0;
  return Math.max(cursor, ...screen.lines.map((line) => [...line].length));
}

export interface Transcript {
  /** One block per row (<span class="ld-row">), oldest first. */
  html: string;
  rows: number;
  /** Columns that show something, in the history or on the screen. */
  cols: number;
}

/** What a pane showed up to a screen, as a printed pane shows it: the rows that scrolled off the
 * top (the screen's `history`), then the screen's rows down to its last used one, the cursor
 * drawn where it is visible. Rows are blocks rather than lines of text, so that a pane too small
 * for them all at the smallest print size can show the latest (theme/print.css). */
export function transcriptHtml(screen: CastScreen): Transcript {
  const history = screen.history ?? { lines: [], runs: [] };
  const rows = history.runs.map((runs) => rowHtml(runs));
  const used = usedRows(screen);
  for (let y = 0; y < used; y++) {
    const runs = screen.runs[y] ?? [];
    const cursorX = screen.cursor.visible && screen.cursor.y === y ? Math.min(screen.cursor.x, screen.cols - 1) : null;
    rows.push(rowHtml(cursorX === null ? runs : withCursor(runs, cursorX)));
  }
  const cols = Math.max(usedColumns(screen), ...history.lines.map((line) => [...line].length));
  return { html: rows.map((row) => `<span class="ld-row">${row}</span>`).join(''), rows: rows.length, cols };
}

type Run = ScreenRun & { cursor?: boolean };

function rowHtml(runs: Run[]): string {
  return runs.map((run) => {
    const style = runStyle(run);
    const text = escapeHtml(run.text);
    if (run.cursor) return `<span class="ld-screen-cursor">${text}</span>`;
    return style === '' ? text : `<span style="${style}">${text}</span>`;
  }).join('');
}

function runStyle(run: ScreenRun): string {
  // Like xterm.js (drawBoldTextInBrightColors), bold text in one of the 8 normal colours is bright.
  const fgColor = run.bold && typeof run.fg === 'number' && run.fg < 8 ? run.fg + 8 : run.fg;
  let fg = cellColorCss(fgColor);
  let bg = cellColorCss(run.bg);
  if (run.inverse) [fg, bg] = [bg ?? 'var(--ld-term-background)', fg ?? 'var(--ld-term-foreground)'];
  const parts: string[] = [];
  if (fg !== null) parts.push(`color:${fg}`);
  if (bg !== null) parts.push(`background:${bg}`);
  if (run.bold) parts.push('font-weight:700');
  if (run.italic) parts.push('font-style:italic');
  if (run.underline) parts.push('text-decoration:underline');
  if (run.dim) parts.push('opacity:.6');
  return parts.join(';');
}

/** The runs with the cell at column `x` split out as the cursor (padding the row with blanks when
 * the cursor waits past its end). Columns are counted one per character, which is exact unless
 * the row holds wide (CJK) characters left of the cursor. */
function withCursor(runs: ScreenRun[], x: number): Run[] {
  const out: Run[] = [];
  let column = 0;
  let placed = false;
  for (const run of runs) {
    const chars = [...run.text];
    if (placed || x >= column + chars.length) {
      out.push(run);
      column += chars.length;
      continue;
    }
    const at = x - column;
    if (at > 0) out.push({ ...run, text: chars.slice(0, at).join('') });
    out.push({ ...run, text: chars[at]!, cursor: true });
    if (at + 1 < chars.length) out.push({ ...run, text: chars.slice(at + 1).join(''), column: run.column + at + 1 });
    column += chars.length;
    placed = true;
  }
  if (!placed) {
    const blank = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false };
    if (x > column) out.push({ ...blank, text: ' '.repeat(x - column), column });
    out.push({ ...blank, text: ' ', column: x, cursor: true });
  }
  return out;
}
