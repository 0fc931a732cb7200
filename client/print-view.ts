// reveal.js's print view (`?print-pdf`, what `livedeck export` prints): once reveal has laid out
// its pages, each slide's notes page moves after the slide's last page (reveal puts it after the
// first, in the middle of the slide's steps), and, when the URL asks for it, only some pages stay:
// `ldPages=last` keeps the last step of each slide (the slide as it ends: one page per slide),
// `ldSlides=2.3.8` keeps those slides. The number of steps reveal laid out per slide goes to
// <html data-ld-print-steps> for the export to check, then <html data-ld-print="ready"> once the
// fonts and images are in. Nothing here reads a layout: Chromium lays the pages out once, to print.

import type { RevealApi } from 'reveal.js';

/** The same test reveal.js makes for its legacy `?print-pdf` query. */
export function isPrintView(): boolean {
  return /print-pdf/i.test(window.location.search);
}

export function arrangePrintPages(deck: RevealApi): void {
  deck.on('pdf-ready', () => {
    const container = deck.getSlidesElement();
    if (!container) return;
    const query = new URLSearchParams(window.location.search);
    const lastOnly = query.get('ldPages') === 'last';
    const slides = query.get('ldSlides');
    const wanted = slides ? new Set(slides.split('.').map(Number)) : null;

    const groups = groupPages(container);
    document.documentElement.dataset.ldPrintSteps = JSON.stringify(Object.fromEntries(groups.map((g) => [g.slide, g.pages.length])));
    for (const group of groups) {
      const keep = wanted === null || wanted.has(group.slide);
      const kept = !keep ? [] : lastOnly ? group.pages.slice(-1) : group.pages;
      for (const element of [...group.pages, ...group.notes]) element.remove();
      // Appended in deck order: the slide's pages, then its notes.
      if (keep) container.append(...kept, ...group.notes);
    }
    const images = [...container.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined));
    // Every font the theme declares, loaded (the print page preloads them: this is quick). Not
    // document.fonts.ready: reading it makes Chromium lay out the whole document at once, and
    // printing lays it out again (0.6 s for the 102 pages of the course deck's steps).
    const fonts = [...document.fonts].map((face) => face.load().catch(() => undefined));
    void Promise.all([...fonts, ...images]).then(() => {
      document.documentElement.dataset.ldPrint = 'ready';
    });
  });
}

interface SlidePages {
  /** 1-based slide number (data-ld-slide of its section). */
  slide: number;
  /** reveal's pages for the slide: no fragment shown, then one more step shown per page. */
  pages: HTMLElement[];
  /** Its separate notes page, if any (reveal puts it right after the slide's first page). */
  notes: HTMLElement[];
}

function groupPages(container: HTMLElement): SlidePages[] {
  const groups: SlidePages[] = [];
  for (const child of [...container.children]) {
    if (!(child instanceof HTMLElement)) continue;
    const section = child.classList.contains('pdf-page') ? child.querySelector<HTMLElement>('section[data-ld-slide]') : null;
    const last = groups[groups.length - 1];
    if (section) {
      const slide = Number(section.dataset.ldSlide);
      if (last?.slide === slide) last.pages.push(child);
      else groups.push({ slide, pages: [child], notes: [] });
    } else if (child.classList.contains('speaker-notes-pdf') && last) {
      last.notes.push(child);
    }
  }
  return groups;
}
