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
  /** The page's text as rows top to bottom, each row's runs left to right, joined by "\n". Runs
   * apart on a row (by a tenth of the font's size or more) are separated by a space, so a row never
   * glues two words together, but the width of a gap is not kept (compare text with its whitespace
   * collapsed); rows are never joined (a row ending in "-" stays as it is). */
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
    const { info } = await doc.getMetadata();
    const title = typeof (info as { Title?: unknown }).Title === 'string' ? (info as { Title: string }).Title : null;
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
  // verbosity 0: errors only; PDF.js warns about things a test has no use for (no standard font
  // data for fonts the file embeds anyway).
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  try {
    return await read(doc);
  } finally {
    await doc.destroy();
  }
}

/** A gap wider than this many font sizes between two runs of a row is a space (pdftotext's
 * threshold too): a space of Source Sans is 0.2. */
const WORD_GAP = 0.1;

async function readPage(page: PDFPageProxy): Promise<PdfPage> {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const content = await page.getTextContent();
  const placed = content.items
    .filter((item): item is TextItem => 'str' in item && item.str !== '')
    .map((item) => place(item, content.styles[item.fontName], x0, y1));
  const rows = intoRows(placed);
  const text = rows.map((row) => row.reduce((line, { run, size }, i) => {
    const gap = i === 0 ? 0 : run.left - row[i - 1]!.run.right;
    return line + (gap > size * WORD_GAP && !/\s$/.test(line) && !/^\s/.test(run.text) ? ' ' : '') + run.text;
  }, '')).join('\n');
  return { number: page.pageNumber, width: x1 - x0, height: y1 - y0, text, runs: rows.flat().map(({ run }) => run) };
}

interface Placed {
  run: TextRun;
  size: number;
  /** From the page's top, in points. */
  baseline: number;
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

/** Runs whose baselines are within a quarter of the smaller font size are one row. */
function intoRows(placed: Placed[]): Placed[][] {
  const rows: Placed[][] = [];
  for (const entry of [...placed].sort((p, q) => p.baseline - q.baseline)) {
    const row = rows.at(-1);
    if (row && Math.abs(entry.baseline - row[0]!.baseline) <= Math.min(entry.size, row[0]!.size) / 4) row.push(entry);
    else rows.push([entry]);
  }
  return rows.map((row) => row.sort((p, q) => p.run.left - q.run.left));
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
