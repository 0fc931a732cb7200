// The print page's contract between `livedeck export` (server/export/print-tab.ts, which opens the
// page) and the page's print view (client/print-view.ts, which arranges reveal.js's pages): the URL
// parameters saying which pages to keep, and what the page reports on <html> once they are laid
// out. Typed once here, so that neither side spells a name the other does not read.

/** The pages kept of each slide: every build step, the last one (the slide as it ends), or the last
 * one and each step whose page shows something a later step hides. */
export type PageChoice = 'all' | 'last' | 'handout';

/** URL parameter: the PageChoice (absent or unknown: all). */
export const PAGES_PARAM = 'ldPages';
/** URL parameter: the slide numbers to keep, joined by dots ("2.3.8"); absent: all. */
export const SLIDES_PARAM = 'ldSlides';
/** <html data-ld-print="ready">: the pages are laid out and their fonts and images are in. */
export const READY_ATTRIBUTE = 'data-ld-print';
export const READY_VALUE = 'ready';
/** <html data-ld-print-layout>: the PrintLayoutReport, as JSON, set before READY_ATTRIBUTE. */
export const LAYOUT_ATTRIBUTE = 'data-ld-print-layout';

/** What the print view reports of reveal.js's layout, by slide number (1-based). */
export interface PrintLayoutReport {
  /** Pages (build steps) reveal.js laid out. */
  steps: Record<number, number>;
  /** The steps (0: no fragment shown yet) whose page shows something that the next step hides;
   * slides without any are left out. */
  replaced: Record<number, number[]>;
  /** Slide pages kept to print, notes pages aside. */
  kept: number;
}

/** The print view's URL parameters for a choice of pages and slides (null: all slides). */
export function printQuery(pages: PageChoice, slides: number[] | null): string[] {
  return [`${PAGES_PARAM}=${pages}`, ...(slides === null ? [] : [`${SLIDES_PARAM}=${slides.join('.')}`])];
}

/** The choice of pages and slides a print view's URL parameters make. */
export function readPrintQuery(query: URLSearchParams): { pages: PageChoice; slides: Set<number> | null } {
  const pages = query.get(PAGES_PARAM);
  const slides = query.get(SLIDES_PARAM);
  return {
    pages: pages === 'last' || pages === 'handout' ? pages : 'all',
    slides: slides ? new Set(slides.split('.').map(Number)) : null,
  };
}
