// Fitting a terminal's font to its box without trying sizes on xterm.js: each font size set on a
// terminal makes it measure the font and every glyph on screen again, with a layout of the page
// each. The cells are worked out from the font's metrics instead, as xterm.js's DOM renderer
// works them out, so a pane sets its font once (a replay: before its terminal even exists).

export interface CellSize {
  width: number;
  height: number;
}

/** The largest font size from `preferred` down to `min`, by half pixels, at which `fitsAt` (`min`
 * if none). A smaller font never needs more room, so the sizes are bisected: a measure costs a
 * canvas font change, and a projector's font fitted to a small box is many steps down (20 px to
 * 12 px for a 100-column replay in bench/replay.ts: 16 steps, 5 measures bisected). */
export function fittedFontSize(preferred: number, min: number, fitsAt: (size: number) => boolean): number {
  const sizeAt = (step: number) => Math.max(min, preferred - step / 2);
  if (preferred <= min || fitsAt(preferred)) return Math.max(min, preferred);
  // Step `tooBig` does not fit; step `last` is the answer if no size between them fits.
  let tooBig = 0;
  let last = Math.ceil((preferred - min) * 2);
  while (last - tooBig > 1) {
    const step = (tooBig + last) >> 1;
    if (fitsAt(sizeAt(step))) last = step;
    else tooBig = step;
  }
  return sizeAt(last);
}

/** Whether `cols` x `rows` cells fit `box` (null: that dimension follows the box). */
export function fits(cell: CellSize, cols: number | null, rows: number | null, box: { width: number; height: number }): boolean {
  return (cols === null || cols * cell.width <= box.width) && (rows === null || rows * cell.height <= box.height);
}

/** The cell xterm.js's DOM renderer (6.0) gives a `cols` x `rows` grid in this font, from the
 * same canvas measure of "W" it takes (CharSizeService), rounded as its DomRenderer rounds
 * (line height 1, no letter spacing): what `cellSize()` reads once the terminal renders. */
export function domRendererCell(fontFamily: string, fontSize: number, grid: { cols: number; rows: number }): CellSize {
  const context = measuringContext();
  if (!context) return { width: 0, height: 0 };
  context.font = `${fontSize}px ${fontFamily}`;
  const metrics = context.measureText('W');
  const dpr = window.devicePixelRatio;
  const charHeight = Math.ceil((metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent) * dpr);
  return {
    width: Math.round(metrics.width * grid.cols) / grid.cols,
    height: Math.round((charHeight * grid.rows) / dpr) / grid.rows,
  };
}

let measuring: OffscreenCanvasRenderingContext2D | null | undefined;

/** One canvas for every font measure of the page. Null without a canvas (xterm.js then measures
 * in the page): the rendered cells decide alone. */
function measuringContext(): OffscreenCanvasRenderingContext2D | null {
  measuring ??= typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
  return measuring;
}
