// A terminal screen in memory (@xterm/headless): fed terminal output, it answers what a person
// would see: the text of each row, the cursor, and the colours and styles of the text. Used to
// render a recording at a given moment (cast-screen.ts) and by the recorder to see when the
// shell's prompt is back.

import xtermHeadless, { type IBufferCell } from '@xterm/headless';

type HeadlessTerminal = InstanceType<typeof xtermHeadless.Terminal>;

export interface CursorPosition {
  /** 0-based column; equals `cols` when the cursor waits past the last column. */
  x: number;
  /** 0-based row of the screen (not of the scrollback). */
  y: number;
  /** False after DECTCEM off (`ESC [ ? 25 l`), as full-screen programs do. */
  visible: boolean;
}

/**
 * A colour as a cell holds it: null for the terminal's default, a number for the 256-colour
 * palette (0-7 normal, 8-15 bright, 16-255 the xterm cube and greys), or "#rrggbb" for true colour.
 */
export type CellColor = null | number | string;

/** A stretch of one row whose cells share colours and styles. */
export interface ScreenRun {
  text: string;
  /** Column where the run starts (wide characters take two columns). */
  column: number;
  fg: CellColor;
  bg: CellColor;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  /** Foreground and background swapped (SGR 7): the renderer swaps them, defaults included. */
  inverse: boolean;
}

export class TerminalScreen {
  private readonly terminal: HeadlessTerminal;
  private cursorVisible = true;

  constructor(cols: number, rows: number, scrollback = 0) {
    // allowProposedApi: the buffer and parser APIs are still "proposed" in @xterm/headless 6.
    this.terminal = new xtermHeadless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
    // Returning false lets xterm's own handler run too: this only watches DECTCEM.
    this.terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => this.watchCursor(params, true));
    this.terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => this.watchCursor(params, false));
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  /** Resolves once `data`, and everything written before it, is on the screen. */
  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => this.terminal.write(data, resolve));
  }

  /** Resizes after everything written so far, as the real terminal did. */
  async resize(cols: number, rows: number): Promise<void> {
    await this.write('');
    this.terminal.resize(cols, rows);
  }

  /** The rows of the screen, trailing blanks removed. Call after the writes have resolved. */
  lines(): string[] {
    const buffer = this.terminal.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.terminal.rows; y++) out.push(this.lineText(buffer.baseY + y));
    return out;
  }

  /** The rows that scrolled off the top of the screen and are still in the scrollback (the
   * constructor's `scrollback` of them at most), oldest first: their text and styled runs. */
  history(): { lines: string[]; runs: ScreenRun[][] } {
    const scrolled = this.terminal.buffer.active.baseY;
    const lines: string[] = [];
    const runs: ScreenRun[][] = [];
    for (let y = 0; y < scrolled; y++) {
      lines.push(this.lineText(y));
      runs.push(this.lineRuns(y));
    }
    return { lines, runs };
  }

  cursor(): CursorPosition {
    const buffer = this.terminal.buffer.active;
    return { x: buffer.cursorX, y: buffer.cursorY, visible: this.cursorVisible };
  }

  /** The text of the cursor's row left of the cursor: where a prompt shows. */
  textBeforeCursor(): string {
    const buffer = this.terminal.buffer.active;
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(false, 0, buffer.cursorX) ?? '';
  }

  /** The styled runs of each row. Trailing blank cells are left out unless something shows in
   * them (a background colour, inverse video). */
  runs(): ScreenRun[][] {
    const buffer = this.terminal.buffer.active;
    const rows: ScreenRun[][] = [];
    for (let y = 0; y < this.terminal.rows; y++) rows.push(this.lineRuns(buffer.baseY + y));
    return rows;
  }

  dispose(): void {
    this.terminal.dispose();
  }

  /** A row of the buffer (scrollback included) as text, trailing blanks removed. */
  private lineText(y: number): string {
    // translateToString(true) keeps spaces that were written, only blank cells are trimmed.
    return (this.terminal.buffer.active.getLine(y)?.translateToString(true) ?? '').replace(/ +$/, '');
  }

  /** A row of the buffer (scrollback included) as styled runs. */
  private lineRuns(y: number): ScreenRun[] {
    const buffer = this.terminal.buffer.active;
    const cell = buffer.getNullCell();
    const line = buffer.getLine(y);
    const runs: ScreenRun[] = [];
    let shownEnd = 0; // runs.length and text length once trailing blanks are cut
    let shownTextEnd = 0;
    for (let x = 0; line !== undefined && x < this.terminal.cols; x++) {
      if (!line.getCell(x, cell) || cell.getWidth() === 0) continue; // right half of a wide character
      const style = styleOf(cell);
      const chars = cell.getChars() || ' ';
      const last = runs[runs.length - 1];
      if (last !== undefined && sameStyle(last, style)) last.text += chars;
      else runs.push({ text: chars, column: x, ...style });
      if (chars.trim() !== '' || style.bg !== null || style.inverse) {
        shownEnd = runs.length;
        shownTextEnd = runs[runs.length - 1]!.text.length;
      }
    }
    runs.length = shownEnd;
    const lastRun = runs[runs.length - 1];
    if (lastRun !== undefined) lastRun.text = lastRun.text.slice(0, shownTextEnd);
    return runs;
  }

  private watchCursor(params: (number | number[])[], visible: boolean): boolean {
    if (params.includes(25)) this.cursorVisible = visible;
    return false;
  }
}

type Style = Omit<ScreenRun, 'text' | 'column'>;

function styleOf(cell: IBufferCell): Style {
  return {
    fg: colorOf(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
    bg: colorOf(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
    bold: cell.isBold() !== 0,
    dim: cell.isDim() !== 0,
    italic: cell.isItalic() !== 0,
    underline: cell.isUnderline() !== 0,
    inverse: cell.isInverse() !== 0,
  };
}

function colorOf(isDefault: boolean, isRgb: boolean, value: number): CellColor {
  if (isDefault) return null;
  if (isRgb) return `#${value.toString(16).padStart(6, '0')}`;
  return value;
}

function sameStyle(a: Style, b: Style): boolean {
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.italic === b.italic
    && a.underline === b.underline && a.inverse === b.inverse;
}
