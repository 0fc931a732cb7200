// `livedeck export`: the deck as a PDF, printed by Chromium in reveal.js's print view: compile the
// deck, render its terminal screens into the print page (print-page.ts), let a Chromium tab lay it
// out and print it (print-tab.ts). Chromium starts first and comes up while the compiler loads
// and the deck compiles.
// The PDF is written to a temp file beside the target and renamed at the end, so a failed export
// leaves no partial file.

import { existsSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findChromium, HOW_TO_GET_CHROMIUM, launchChromium } from '../browser.js';
import type { Deck, Slide } from '../deck/model.js';
import { formatWarning } from '../deck/warnings.js';
import { describeFsError } from '../output-path.js';
import { LivedeckError } from '../errors.js';
import type { PageChoice } from '../../common/print-contract.js';
import { PrintTab } from './print-tab.js';
import { parseSlideRange } from './slide-range.js';

export interface ExportOptions {
  deck: string;
  /** The PDF's path. */
  out: string;
  /** 'last': one page per slide, as it ends; 'all': one per build step; 'handout': as it ends, and
   * before each step that hides something shown (print-tab.ts). */
  pages: PageChoice;
  /** Speaker notes on a page of their own after each slide. */
  notes: boolean;
  /** Slide numbers to export, e.g. "2-5,8"; null for all. */
  range: string | null;
  /** The browser executable; null finds one (server/browser.ts). */
  browser: string | null;
  /** Progress and warnings, one line each. */
  log: (line: string) => void;
}

export interface ExportSummary {
  out: string;
  pages: number;
  slides: number;
  bytes: number;
  /** Terminal panes of the exported slides: printed from their recording, or as their steps. */
  panes: { recorded: number; steps: number };
  /** Screens printed from the recordings (rendered, or read from the screen cache). */
  screens: number;
  /** Since the process started (loading livedeck's modules included). */
  seconds: number;
  browser: string;
}

export async function exportPdf(options: ExportOptions): Promise<ExportSummary> {
  // Each line says when it happened, in seconds since the process started (performance.now()'s
  // origin), loading the CLI's modules included: the phases' times show where an export spends them.
  const log = (line: string) => options.log(`${(performance.now() / 1000).toFixed(2).padStart(6)} s  ${line}`);
  const out = resolve(options.out);
  checkTarget(out);
  const executable = findChromium(options.browser);
  if (executable === null) throw new LivedeckError('browser-not-found', 'no Chromium or Chrome found to print the PDF', { hint: HOW_TO_GET_CHROMIUM });

  log(`starting ${executable}; compiling ${options.deck}`);
  const launching = launchChromium(executable).catch((e: unknown) => {
    throw new LivedeckError('browser-start', `cannot start the browser ${executable}: ${firstLine(e)}`, { hint: HOW_TO_GET_CHROMIUM });
  });
  const opening = launching.then((browser) => PrintTab.open(browser));
  opening.catch(() => {}); // awaited below, or the export failed before: never an unhandled rejection
  try {
    // The compiler and the terminal screens load while Chromium starts, not before.
    const [{ compileDeck }, { buildPrintPage }, { SCREEN_CACHE_DIR }] = await Promise.all([
      import('../deck/compile.js'), import('./print-page.js'), import('../casts/screen-cache.js'),
    ]);
    const deck = await compileDeck(options.deck);
    for (const warning of deck.warnings) log(formatWarning(warning));
    if (deck.dependencies.includes(out)) {
      throw new LivedeckError('export-bad-out', `cannot write the PDF to ${out}: it is one of the deck's own files`, { hint: 'name another file with --out, e.g. --out slides.pdf' });
    }
    const total = deck.slides.length;
    const slides = options.range === null ? null : parseSlideRange(options.range, total);
    const site = await buildPrintPage(deck, {
      notes: options.notes,
      warn: log,
      screenCache: SCREEN_CACHE_DIR,
      onSlide: (slide) => log(`terminal screens: slide ${slide.index + 1}/${total}`),
    });
    if (site.screens > 0) log(`terminal screens: ${site.screens}, ${site.cachedScreens} of them from the cache`);
    // reveal.js removes the slides marked data-visibility="hidden" before printing.
    const selected = (slides ?? deck.slides.map((s) => s.index + 1)).filter((number) => !isHidden(deck.slides[number - 1]!));
    if (selected.length === 0) throw new LivedeckError('bad-range', 'nothing to export: every slide named is hidden (data-visibility="hidden")');
    const notes = options.notes ? ' and the notes' : '';

    const tab = await opening;
    log(`laying out ${selected.reduce((n, number) => n + deck.slides[number - 1]!.steps, 0)} steps of ${selected.length} slides${notes}`);
    const laidOut = await tab.load(site, { width: deck.meta.width, height: deck.meta.height }, { pages: options.pages, notes: options.notes, slides });
    checkSteps(deck, laidOut.steps);
    const replacing = selected.filter((number) => laidOut.replaced.has(number));
    if (options.pages === 'last' && replacing.length > 0) {
      log(`warning: ${replacing.length === 1 ? 'slide' : 'slides'} ${replacing.join(', ')} hide parts of themselves as they go on (a figure replacing another): `
        + 'each prints as it ends, without them; --handout adds a page before each, --steps prints every step');
    }
    log(`printing ${laidOut.kept} pages${notes}`);
    const pdf = await tab.pdf();

    const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
    try {
      await writeFile(temp, pdf);
      await rename(temp, out);
      log(`wrote ${out}`);
    } catch (e) {
      await rm(temp, { force: true }).catch(() => {});
      throw new LivedeckError('export-write', `cannot write ${out}: ${describeFsError(e)}`, { hint: 'name a file you can write to with --out' });
    }
    const panes = selected.flatMap((number) => deck.slides[number - 1]!.terminals);
    const recorded = panes.filter((pane) => site.recorded.has(pane.id)).length;
    return {
      out, pages: countPdfPages(pdf), slides: selected.length, bytes: pdf.length, panes: { recorded, steps: panes.length - recorded },
      screens: site.screens, seconds: performance.now() / 1000, browser: executable,
    };
  } finally {
    await opening.then((tab) => tab.dispose(), () => {});
    await launching.then((browser) => browser.close(), () => {});
  }
}

/** reveal.js makes one page per build step; the deck model's step counts must agree, or pages
 * would be missing or doubled. */
function checkSteps(deck: Deck, laidOut: Map<number, number>): void {
  for (const slide of deck.slides) {
    const pages = laidOut.get(slide.index + 1);
    if (pages !== (isHidden(slide) ? undefined : slide.steps)) {
      throw new LivedeckError('export-steps', `slide ${slide.index + 1}${slide.title ? ` (${slide.title})` : ''}: reveal.js lays out ${pages ?? 'no'} steps but the deck model counts ${slide.steps}`, {
        file: deck.file, line: slide.line, hint: 'this is a bug in livedeck\'s step counting (server/deck/compile.ts), not in your deck',
      });
    }
  }
}

function isHidden(slide: Slide): boolean {
  return slide.attributes['data-visibility'] === 'hidden';
}

/** Pages of a PDF as Chromium writes it: one "/Type /Page" object each. */
function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** Before Chromium starts: the PDF's folder must be a folder that is there. */
function checkTarget(out: string): void {
  if (!existsSync(dirname(out))) {
    throw new LivedeckError('export-bad-out', `cannot write ${out}: the folder ${dirname(out)} does not exist`, { hint: 'create it first, or name another file with --out' });
  }
  if (!statSync(dirname(out)).isDirectory()) {
    throw new LivedeckError('export-bad-out', `cannot write ${out}: ${dirname(out)} is a file, not a folder`, { hint: 'name a file in a folder with --out' });
  }
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new LivedeckError('export-bad-out', `cannot write ${out}: it is a folder`, { hint: 'name a file, e.g. --out slides.pdf' });
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
