// Reads a PDF back in-process with Mozilla's PDF.js (pdfjs-dist), so the tests that check an
// export need no system tool: its pages, their size and text, where a word is, the fonts and
// whether they are embedded, and a page rendered to pixels.
//
//   const pdf = await readPdf('course.pdf');
//   pdf.pages.length              // page count
//   pdf.title                     // the document's Title, or null
//   pdf.pages[0].width            // in points (1/72 in): 960 x 540 for a 1280x720 CSS px slide
//   pdf.pages[0].text             // the page's rows, top to bottom, joined by "\n"
//   wordBox(pdf.pages[16], 'Centred')   // where the text run holding a word is, from the top
//   pdf.fonts                     // [{ name: 'AAAAAA+JetBrainsMono-Regular', embedded, subset }]
//   await renderPage('course.pdf', 1, 18)   // RGBA pixels of page 1 at 18 dpi
//
// Each function opens the file, reads what it gives back as plain data and closes the document.

import { readFileSync } from 'node:fs';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextStyle } from 'pdfjs-dist/types/src/display/api.js';

/** A piece of text drawn in one go (a word, a few words, or a whole row), in points from the
 * page's top left: `top` and `bottom` come from the font's ascent and descent at the baseline,
 * as pdftotext's -bbox gives them. */
export interface TextRun {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface PdfPage {
  /** 1-based, as page numbers are written. */
  number: number;
  width: number;
  height: number;
  /** The page's text, its lines joined by "\n", in reading order: blocks (a paragraph, a list
   * item, a terminal's screen, a figure's label) by their top then their left edge, each block's
   * lines top to bottom, so a paragraph beside a figure is not cut by the figure's labels. A line
   * is what is drawn on one baseline without a wide gap (a terminal's row, even with blanks in it);
   * the parts of a line apart by a tenth of the font's size or more are separated by a space, but
   * the width of a gap is not kept (compare text with its whitespace collapsed). Lines are never
   * joined (a line ending in "-" stays as it is). */
  text: string;
  /** The runs in the order of `text`. */
  runs: TextRun[];
}

export interface PdfFont {
  /** As written in the PDF, subset prefix included: `AAAAAA+SourceSans3-Regular`. */
  name: string;
  /** The font's program is in the file (pdffonts' "emb"). */
  embedded: boolean;
  /** Only the glyphs used are embedded (a six-letter `XXXXXX+` prefix; pdffonts' "sub"). */
  subset: boolean;
}

export interface PdfReading {
  title: string | null;
  pages: PdfPage[];
  /** Every font a page uses, once each, in order of first use. */
  fonts: PdfFont[];
}

/** Reads a PDF's pages, text and fonts. */
export async function readPdf(path: string): Promise<PdfReading> {
  return withDocument(path, async (doc) => {
    // PDF.js types the info dictionary as Object.
    const { Title } = (await doc.getMetadata()).info as { Title?: unknown };
    const title = typeof Title === 'string' ? Title : null;
    const pages: PdfPage[] = [];
    const fonts = new Map<string, PdfFont>();
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      pages.push(await readPage(page));
      for (const font of await pageFonts(page)) if (!fonts.has(font.name)) fonts.set(font.name, font);
    }
    return { title, pages, fonts: [...fonts.values()] };
  });
}

/** The run holding `word` on a page; throws (naming the page) when the page has none. */
export function wordBox(page: PdfPage, word: string): TextRun {
  const run = page.runs.find((r) => r.text.split(/\s+/).includes(word)) ?? page.runs.find((r) => r.text.includes(word));
  if (!run) throw new Error(`no word "${word}" on page ${page.number}:\n${page.text}`);
  return run;
}

export interface PageImage {
  width: number;
  height: number;
  /** Red, green, blue, alpha for each pixel, row by row from the top left. */
  rgba: Uint8ClampedArray;
}

/** Renders page `number` (1-based) at `dpi` dots per inch, as pdftoppm -r would. */
export async function renderPage(path: string, number: number, dpi: number): Promise<PageImage> {
  return withDocument(path, async (doc) => {
    const page = await doc.getPage(number);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    // PDF.js's own canvas for Node (@napi-rs/canvas, which it also uses inside the rendering);
    // its types only say Object.
    const factory = doc.canvasFactory as { create(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } };
    const { canvas, context } = factory.create(width, height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    return { width, height, rgba: context.getImageData(0, 0, width, height).data };
  });
}

async function withDocument<T>(path: string, read: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)) }).promise;
  try {
    return await read(doc);
  } finally {
    await doc.destroy();
  }
}

/** A gap wider than this many font sizes between two runs of a line is a space (pdftotext's
 * threshold too): a space of Source Sans is 0.2. */
const WORD_GAP = 0.1;
/** Runs on one baseline further apart than this many font sizes are two lines (two columns, a
 * footer's left and right): a terminal draws its blanks as runs, so its rows stay whole. */
const LINE_GAP = 1.5;
/** A line under another, at most this many font sizes lower and overlapping it, continues its
 * block: a paragraph's lines, a terminal's rows. */
const BLOCK_LEADING = 1.8;

async function readPage(page: PDFPageProxy): Promise<PdfPage> {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const content = await page.getTextContent();
  const placed = content.items
    .filter((item): item is TextItem => 'str' in item && item.str !== '')
    .map((item) => place(item, content.styles[item.fontName], x0, y1));
  const lines = intoBlocks(intoLines(placed)).flat();
  const text = lines.map((line) => line.runs.reduce((joined, { run, size }, i) => {
    const gap = i === 0 ? 0 : run.left - line.runs[i - 1]!.run.right;
    return joined + (gap > size * WORD_GAP && !/\s$/.test(joined) && !/^\s/.test(run.text) ? ' ' : '') + run.text;
  }, '')).join('\n');
  return { number: page.pageNumber, width: x1 - x0, height: y1 - y0, text, runs: lines.flatMap((line) => line.runs.map(({ run }) => run)) };
}

interface Placed {
  run: TextRun;
  size: number;
  /** From the page's top, in points. */
  baseline: number;
}

interface Line {
  runs: Placed[];
  left: number;
  right: number;
  baseline: number;
  size: number;
}

/** Horizontal text only: the slides draw nothing rotated. */
function place(item: TextItem, style: TextStyle | undefined, pageLeft: number, pageTop: number): Placed {
  const [a, b, , , x, y] = item.transform as [number, number, number, number, number, number];
  const size = Math.hypot(a, b);
  const baseline = pageTop - y;
  // PDF.js gives each font's ascent and descent as fractions of its size (descent below zero).
  const ascent = style?.ascent ?? 0.8;
  const descent = style?.descent ?? -0.2;
  const run = { text: item.str, left: x - pageLeft, right: x - pageLeft + item.width, top: baseline - ascent * size, bottom: baseline - descent * size };
  return { run, size, baseline };
}

/** Runs whose baselines are within a quarter of the smaller font size, left to right, cut where
 * they are far apart. */
function intoLines(placed: Placed[]): Line[] {
  const rows: Placed[][] = [];
  for (const entry of [...placed].sort((p, q) => p.baseline - q.baseline)) {
    const row = rows.at(-1);
    if (row && Math.abs(entry.baseline - row[0]!.baseline) <= Math.min(entry.size, row[0]!.size) / 4) row.push(entry);
    else rows.push([entry]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    let line: Line | null = null;
    for (const entry of row.sort((p, q) => p.run.left - q.run.left)) {
      if (line && entry.run.left - line.right <= Math.max(entry.size, line.size) * LINE_GAP) {
        line.runs.push(entry);
        line.right = Math.max(line.right, entry.run.right);
        line.size = Math.max(line.size, entry.size);
      } else {
        line = { runs: [entry], left: entry.run.left, right: entry.run.right, baseline: entry.baseline, size: entry.size };
        lines.push(line);
      }
    }
  }
  return lines;
}

/** Lines into blocks, each under the nearest line above it that it overlaps, in a font of about
 * the same size; blocks in reading order. */
function intoBlocks(lines: Line[]): Line[][] {
  const blocks: Line[][] = [];
  for (const line of [...lines].sort((p, q) => p.baseline - q.baseline || p.left - q.left)) {
    let best: Line[] | null = null;
    for (const block of blocks) {
      const last = block.at(-1)!;
      const drop = line.baseline - last.baseline;
      const continues = drop > 0 && drop <= Math.max(line.size, last.size) * BLOCK_LEADING
        && line.left < last.right && line.right > last.left
        && Math.abs(line.size - last.size) <= 0.2 * Math.max(line.size, last.size);
      if (continues && (!best || last.baseline > best.at(-1)!.baseline)) best = block;
    }
    if (best) best.push(line);
    else blocks.push([line]);
  }
  // Already by their first line's baseline; the top of the first line decides within a row.
  return blocks.sort((p, q) => p[0]!.baseline - p[0]!.size - (q[0]!.baseline - q[0]!.size) || p[0]!.left - q[0]!.left);
}

async function pageFonts(page: PDFPageProxy): Promise<PdfFont[]> {
  const operators = await page.getOperatorList();
  const names = new Set<string>();
  operators.fnArray.forEach((fn, i) => {
    if (fn === OPS.setFont) names.add((operators.argsArray[i] as [string])[0]);
  });
  return [...names].map((loadedName) => {
    const font = page.commonObjs.get(loadedName) as { name: string; missingFile: boolean };
    return { name: font.name, embedded: !font.missingFile, subset: /^[A-Z]{6}\+/.test(font.name) };
  });
}
