// The page `livedeck export` prints: the static build's page (same assets, same recordings, checked
// the same way) with terminal panes holding their screens as text and each slide's notes headed by
// its number and title. Returned as files in memory; pdf-export.ts serves them to Chromium.

import { pageFiles } from '../deck/page-files.js';
import { collectCasts, type SiteCasts } from '../casts/site-casts.js';
import { clientAssets } from '../assets/client-bundle.js';
import { escapeHtml } from '../deck/attributes.js';
import type { Deck, Slide } from '../deck/model.js';
import { renderPage } from '../deck/page.js';
import { findDemosDir, RECORDING_FILE, shownDemoFile } from '../demos/layout.js';
import { LivedeckError } from '../errors.js';
import { printPanes } from './print-panes.js';

const ASSETS = '_livedeck/';
/** While the runtime loads, Chromium lays the whole deck out once for nothing (reveal.js then
 * rebuilds it into pages): 0.3 s and more for the course deck. The print page keeps the slides out
 * of the layout until reveal's print view starts (html.reveal-print; reveal's CSS for printing
 * without it shows them with !important, hence the same here). */
const NO_EARLY_LAYOUT = 'html:not(.reveal-print):not(.print-pdf) .reveal .slides{display:none!important}';

export interface PrintPage {
  /** Generated files by path in the page's folder ("index.html", "_livedeck/livedeck.js", ...). */
  files: Map<string, Uint8Array | string>;
  /** Files of the deck's folder the page loads (images, stylesheets and their fonts and
   * backgrounds), by path: their path on disk. */
  deckFiles: Map<string, string>;
  /** Ids of the panes printed from their recording. */
  recorded: Set<string>;
  /** Screens printed, and how many of them came from the screen cache. */
  screens: number;
  cachedScreens: number;
}

export interface PrintPageOptions {
  /** Notes get a heading (their slide's number and title), as they print on pages of their own. */
  notes: boolean;
  warn: (line: string) => void;
  /** The screen cache's folder (screen-cache.ts), or null to render every screen. */
  screenCache: string | null;
  /** Called as each slide's panes are rendered. */
  onSlide?: (slide: Slide) => void;
}

export async function buildPrintPage(compiled: Deck, options: PrintPageOptions): Promise<PrintPage> {
  const { deck, casts, missing } = collectCastsBySlide(compiled);
  for (const demo of missing) {
    options.warn(`warning: demo ${demo} has no recording (${shownDemoFile(demo, RECORDING_FILE)}): its pane prints its steps only; `
      + `record it with: livedeck record ${demo}`);
  }
  const printed = await printPanes(deck.slides, casts, { screenCache: options.screenCache, onSlide: options.onSlide, warn: options.warn });
  const total = deck.slides.length;
  const slides = options.notes ? printed.slides.map((slide) => withNotesHeading(slide, total)) : printed.slides;
  const assets = await clientAssets();
  const fonts = [...assets.keys()].filter((name) => name.endsWith('.woff2')).map((name) => `${ASSETS}${name}`);
  // Chromium asks for a font only once a layout uses it, and lays the whole deck out again when
  // it arrives: the first layout of the course deck (0.2 s) was done with fallback fonts, for
  // nothing. Preloaded, the theme's fonts (every woff2 of the assets: the print page uses them all)
  // are in before reveal's print view lays anything out.
  const html = renderPage({ ...deck, slides }, { assets: ASSETS, mode: 'static', preloadFonts: fonts, extraStyle: NO_EARLY_LAYOUT });

  const files = new Map<string, Uint8Array | string>([['index.html', html]]);
  for (const [name, contents] of assets) files.set(`${ASSETS}${name}`, contents);
  // The recordings themselves are not served: the print view starts no player (client/main.ts), and
  // a request for one would fail the export (print-tab.ts) rather than go unnoticed.
  const deckFiles = new Map<string, string>();
  for (const file of pageFiles(html, deck.baseDir, ASSETS).files) {
    if (files.has(file.path)) continue;
    if (file.from === null && (file.rooted || file.source === null)) {
      throw new LivedeckError('export-missing-file', `the deck loads "${file.ref}", which is not a file of its folder ${deck.baseDir}`, {
        hint: 'keep the files a deck uses (images, videos) in its folder, and check the path',
      });
    }
    // A stylesheet's reference to nothing may be a leftover no element uses: the export fails
    // only if the page asks for it (print-tab.ts).
    if (file.source === null) {
      options.warn(`warning: ${file.from} loads "${file.ref}", which is not a file of the deck's folder ${deck.baseDir}`);
      continue;
    }
    deckFiles.set(file.path, file.source);
  }
  return { files, deckFiles, recorded: printed.recorded, screens: printed.screens, cachedScreens: printed.cachedScreens };
}

/** The static build's recordings (checked the same way), collected slide by slide so that a bad
 * recording is reported with the slide that shows it. */
function collectCastsBySlide(compiled: Deck): SiteCasts {
  const demosDir = findDemosDir(compiled.baseDir);
  const casts: SiteCasts['casts'] = new Map();
  const missing = new Set<string>();
  const slides = compiled.slides.map((slide) => {
    if (slide.terminals.length === 0) return slide;
    try {
      const part = collectCasts({ ...compiled, slides: [slide] }, demosDir);
      part.casts.forEach((cast, demo) => casts.set(demo, cast));
      part.missing.forEach((demo) => missing.add(demo));
      return part.deck.slides[0]!;
    } catch (e) {
      if (!(e instanceof LivedeckError)) throw e;
      const { file, line, column, source, hint } = e;
      throw new LivedeckError(e.code, `slide ${slide.index + 1}: ${e.message}`, { file, line, column, source, hint });
    }
  });
  return { deck: { ...compiled, slides }, casts, missing: [...missing] };
}

/** Notes print on a page of their own, after their slide: say which slide they belong to. */
function withNotesHeading(slide: Slide, total: number): Slide {
  if (slide.notes === null) return slide;
  const title = slide.title ? ` · ${escapeHtml(slide.title)}` : '';
  return { ...slide, notes: `<p class="ld-notes-slide">${slide.index + 1}/${total}${title}</p>${slide.notes}` };
}
