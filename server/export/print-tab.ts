// A Chromium tab that prints the print page: its files are answered from memory through
// Playwright's request routing, on a made-up origin that is never resolved, so no port is opened
// and nothing but the PDF is written. Every problem the page meets (a script error, a request for
// a file that is not the deck's, another site) is collected and fails the export.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { LAYOUT_ATTRIBUTE, printQuery, READY_ATTRIBUTE, READY_VALUE, type PageChoice, type PrintLayoutReport } from '../../common/print-contract.js';
import { LivedeckError } from '../errors.js';
import type { PrintPage } from './print-page.js';

const ORIGIN = 'http://livedeck.export';
const LAYOUT_TIMEOUT_MS = 30_000;

/** In the page: <html data-ld-print-layout> once client/print-view.ts marks the page ready. A
 * MutationObserver answers at once, where waitForSelector polls with a back-off to every 0.5 s after
 * its first 0.3 s (0.2 s lost per export). A string: this module is compiled without the DOM's types. */
const WHEN_READY = `new Promise((resolve) => {
  const html = document.documentElement;
  const check = () => {
    if (html.getAttribute(${JSON.stringify(READY_ATTRIBUTE)}) !== ${JSON.stringify(READY_VALUE)}) return;
    observer.disconnect();
    resolve(html.getAttribute(${JSON.stringify(LAYOUT_ATTRIBUTE)}) || '{}');
  };
  const observer = new MutationObserver(check);
  observer.observe(html, { attributes: true, attributeFilter: [${JSON.stringify(READY_ATTRIBUTE)}] });
  check();
})`;

export interface PrintLayout {
  pages: PageChoice;
  notes: boolean;
  /** Slide numbers to keep; null for all. */
  slides: number[] | null;
}

/** What reveal.js laid out, by slide number. */
export interface LaidOut {
  /** Build steps (one page each before any is dropped). */
  steps: Map<number, number>;
  /** The steps whose page shows something that the next step hides (slides that have some). */
  replaced: Map<number, number[]>;
  /** Slide pages kept to print (PrintLayout.pages), notes pages aside. */
  kept: number;
}

export class PrintTab {
  private readonly problems: string[] = [];
  private site: PrintPage | null = null;

  private constructor(private readonly context: BrowserContext, private readonly tab: Page) {
    tab.on('pageerror', (e) => this.problems.push(`script error: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error') this.problems.push(`console error: ${m.text()}`); });
  }

  /** Opens the tab (before the page is known, so it happens while the deck compiles). */
  static async open(browser: Browser): Promise<PrintTab> {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      // Laid out for print from the start: printing then restyles nothing (screen -> print media
      // restyled and laid out all 102 step pages of the course deck again: 0.5 to 1 s).
      await tab.emulateMedia({ media: 'print' });
      const printTab = new PrintTab(context, tab);
      await context.route('**/*', (route) => printTab.answer(route));
      return printTab;
    } catch (e) {
      await context.close();
      throw e;
    }
  }

  /** Loads the page in reveal.js's print view and waits until its pages are laid out and their
   * fonts and images in. */
  async load(site: PrintPage, size: { width: number; height: number }, layout: PrintLayout): Promise<LaidOut> {
    this.site = site;
    await this.tab.setViewportSize(size);
    const query = [
      'print-pdf', 'pdfSeparateFragments=true', 'pdfMaxPagesPerSlide=1',
      `showNotes=${layout.notes ? 'separate-page' : 'false'}`,
      ...printQuery(layout.pages, layout.slides),
    ];
    await this.tab.goto(`${ORIGIN}/index.html?${query.join('&')}`);
    let timer: NodeJS.Timeout | undefined;
    let layoutJson: string;
    try {
      layoutJson = await Promise.race([
        this.tab.evaluate<string>(WHEN_READY),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), LAYOUT_TIMEOUT_MS); }),
      ]);
    } catch {
      throw new LivedeckError('export-layout', `the print view did not get ready in ${LAYOUT_TIMEOUT_MS / 1000} s${this.problems.length ? `: ${this.problems.join('; ')}` : ''}`, {
        hint: 'open the deck with livedeck dev: an error on a slide shows there',
      });
    } finally {
      clearTimeout(timer);
    }
    this.checkProblems();
    const laidOut = JSON.parse(layoutJson) as Partial<PrintLayoutReport>;
    const bySlide = <T>(record: Record<number, T> = {}) => new Map(Object.entries(record).map(([slide, value]) => [Number(slide), value]));
    return { steps: bySlide(laidOut.steps), replaced: bySlide(laidOut.replaced), kept: laidOut.kept ?? 0 };
  }

  /** Prints the laid-out pages: @page size from reveal (the slide's), backgrounds kept. */
  async pdf(): Promise<Buffer> {
    const pdf = await this.tab.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true });
    this.checkProblems();
    return pdf;
  }

  async dispose(): Promise<void> {
    await this.context.close();
  }

  private checkProblems(): void {
    if (this.problems.length > 0) throw new LivedeckError('export-page', `the print page failed: ${this.problems.join('; ')}`);
  }

  /** Answers a request of the page from memory (or the deck's folder). */
  private async answer(route: Route): Promise<void> {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      this.problems.push(`the page loads ${url.href} from another site (a PDF is made offline)`);
      return route.abort();
    }
    const path = decodeURIComponent(url.pathname.slice(1));
    const generated = this.site?.files.get(path);
    const onDisk = this.site?.deckFiles.get(path);
    if (generated === undefined && onDisk === undefined) {
      this.problems.push(`the page loads ${path}, which is not part of the deck`);
      return route.fulfill({ status: 404 });
    }
    let body: Buffer;
    try {
      body = generated !== undefined ? Buffer.from(generated) : await readFile(onDisk!);
    } catch (e) {
      this.problems.push(`cannot read ${onDisk}: ${(e as Error).message}`);
      return route.fulfill({ status: 500 });
    }
    return route.fulfill({ status: 200, body, contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' });
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.cast': 'text/plain; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.mp4': 'video/mp4', '.webm': 'video/webm',
};
