// reveal.js's print view (`?print-pdf`, what `livedeck export` prints): once reveal has laid out
// its pages, each slide's notes page moves after the slide's last page (reveal puts it after the
// first, in the middle of the slide's steps), and, when the URL asks for it, only some pages stay:
// `ldPages=last` keeps the last step of each slide (the slide as it ends: one page per slide),
// `ldPages=handout` keeps it too, and before it every step whose page shows something a later step
// hides (a stack of figures replacing each other: nothing shown is left out), `ldSlides=2.3.8`
// keeps those slides. What reveal laid out goes to <html data-ld-print-layout> for the export to
// check (steps per slide, the steps a later one replaces, the pages kept), then <html data-ld-print="ready">
// once the fonts and images are in. Nothing here reads a layout: Chromium lays the pages out once,
// to print; a fragment's fate is read from its classes, as reveal.js's CSS reads them.

import type { RevealApi } from 'reveal.js';
import { LAYOUT_ATTRIBUTE, READY_ATTRIBUTE, READY_VALUE, readPrintQuery, type PageChoice, type PrintLayoutReport } from '../common/print-contract.js';

/** The same test reveal.js makes for its legacy `?print-pdf` query. */
export function isPrintView(): boolean {
  return /print-pdf/i.test(window.location.search);
}

export function arrangePrintPages(deck: RevealApi): void {
  deck.on('pdf-ready', () => {
    const container = deck.getSlidesElement();
    if (!container) return;
    const { pages, slides: wanted } = readPrintQuery(new URLSearchParams(window.location.search));

    const groups = groupPages(container);
    const replaced = new Map(groups.map((g) => [g.slide, replacedSteps(g.pages)]));
    let keptCount = 0;
    for (const group of groups) {
      const keep = wanted === null || wanted.has(group.slide);
      const kept = keep ? keptPages(group.pages, pages, replaced.get(group.slide)!) : [];
      keptCount += kept.length;
      for (const element of [...group.pages, ...group.notes]) element.remove();
      // Appended in deck order: the slide's pages, then its notes.
      if (keep) container.append(...kept, ...group.notes);
    }
    const layout: PrintLayoutReport = {
      steps: Object.fromEntries(groups.map((g) => [g.slide, g.pages.length])),
      replaced: Object.fromEntries([...replaced].filter(([, steps]) => steps.length > 0)),
      kept: keptCount,
    };
    document.documentElement.setAttribute(LAYOUT_ATTRIBUTE, JSON.stringify(layout));
    const images = [...container.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined));
    // Every font the theme declares, loaded (the print page preloads them: this is quick). Not
    // document.fonts.ready: reading it makes Chromium lay out the whole document at once, and
    // printing lays it out again (0.6 s for the 102 pages of the course deck's steps).
    const fonts = [...document.fonts].map((face) => face.load().catch(() => undefined));
    void Promise.all([...fonts, ...images]).then(() => {
      document.documentElement.setAttribute(READY_ATTRIBUTE, READY_VALUE);
    });
  });
}

/** A slide's pages that print: all (`ldPages=all`, the default), the last one, or the last one
 * and those of the steps a later step hides something of (`handout`). */
function keptPages(pages: HTMLElement[], choice: PageChoice, replaced: number[]): HTMLElement[] {
  const last = pages.length - 1;
  if (choice === 'last') return pages.slice(-1);
  if (choice === 'handout') return pages.filter((_, step) => step === last || replaced.includes(step));
  return pages;
}

/** Fragments that are layers of one thing, each drawn over the one before: a code block's line
 * steps, a terminal's screens and its step markers. The next layer taking a layer's place hides
 * nothing. */
const LAYERS = '.ld-code-steps > pre, .ld-screens > .ld-screen, .ld-terminal-step';

/** The steps of a slide after which something shown is hidden: the pages a handout keeps besides
 * the last. */
function replacedSteps(pages: HTMLElement[]): number[] {
  const shown = pages.map(shownFragments);
  const steps: number[] = [];
  for (let step = 0; step + 1 < shown.length; step++) {
    if (shown[step]!.some((isShown, k) => isShown && !shown[step + 1]![k])) steps.push(step);
  }
  return steps;
}

/** For each fragment of a page (document order, the same in every page of a slide), whether it is
 * seen: its own classes say so (reveal.js's fragment styles) and so do its fragment ancestors'.
 * Layers count as always seen. */
function shownFragments(page: HTMLElement): boolean[] {
  const fragments = [...page.querySelectorAll<HTMLElement>('section .fragment')];
  const seen = new Map<Element, boolean>();
  for (const fragment of fragments) {
    const parent = fragment.parentElement?.closest('.fragment');
    seen.set(fragment, (fragment.matches(LAYERS) || seenByClass(fragment.classList)) && !replacedInStack(fragment) && (parent ? seen.get(parent) !== false : true));
  }
  return fragments.map((fragment) => seen.get(fragment)!);
}

/** Whether a part of a stack that `::: {.fragment .replaces}` hides holds `element` (theme/slides.css:
 * once a `.replaces` part of a `.r-stack` is visible, its other parts are hidden, a terminal too). */
function replacedInStack(element: HTMLElement): boolean {
  const part = element.closest('.r-stack > *');
  return part !== null && !part.matches('.replaces') && part.parentElement!.querySelector(':scope > .replaces.visible') !== null;
}

function seenByClass(classes: DOMTokenList): boolean {
  const visible = classes.contains('visible');
  if (classes.contains('fade-out')) return !visible;
  if (classes.contains('semi-fade-out')) return true; // dimmed, still there
  if (classes.contains('fade-in-then-out') || classes.contains('current-visible')) return classes.contains('current-fragment');
  return visible;
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
