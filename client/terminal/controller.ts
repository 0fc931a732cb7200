// The terminals of a deck: one TerminalPane per `.ld-terminal` box, started lazily (once its slide
// is current or next to the current one, and for good after that, so a live shell keeps running
// while the lecture goes on), refitted when slides change or the window does. Live (`livedeck dev`),
// a pane is given the demo steps whose fragments reveal.js shows, for the server to type them,
// unless another window made that move (see DeckSync): that window asks. Static (`livedeck
// build`), and a cast= pane in any page, a pane replays its recording in step with the fragments,
// in each window on its own: "next" plays the step, any
// other move (previous, a jump, arriving on the slide) shows its screen at once; a neighbour's
// replay waits on the screen its slide will show, and a page opened at a step asks for that step's
// recordings while reveal.js starts (prefetchReplays). Also
// `window.livedeck`, a small handle for devtools and tests:
// `window.livedeck.panes.get('s8-t1').text()` is that pane's text. In a lecture's page (`livedeck
// build --lecture`) the panes of shells no longer follow the fragments: the lecture player seeks
// them to its clock (client/lecture/); a cast= pane still does, as it did in class.

import type { RevealApi } from 'reveal.js';
import { REPLAY_SCROLLBACK, type DeckClientData, type TerminalPaneSpec } from '../../common/deck.js';
import { afterNextPaint } from '../ui/dom.js';
import { uiStrings } from '../ui/i18n.js';
import { prefetchStep } from './cast-source.js';
import { TerminalPane, type PaneContext, type PaneHandle } from './pane.js';

export interface LivedeckHandle {
  /** The panes by id ("s<slide>-t<n>", the `id` of their `.ld-terminal` box). */
  readonly panes: ReadonlyMap<string, PaneHandle>;
}

export interface DeckTerminalsOptions {
  /** Whether the current move came from another window (live decks, see DeckSync). */
  remoteMove(): boolean;
  /** A lecture's page (null elsewhere): its player drives the shells' replays, not the fragments;
   * a cast= pane follows the fragments, playing a step shown only while the lecture plays (a
   * seek shows the step's end at once). */
  lecture: { playing(): boolean } | null;
}

declare global {
  interface Window {
    livedeck?: LivedeckHandle;
  }
}

/** For reveal.js's `keyboardCondition`: a key typed into a focused, writable terminal is the
 * shell's, not a slide command (arrows, space). A key after which the terminal gave the focus
 * back (a clicker's PageDown, any key of a read-only pane) is the slides'. */
export function isTerminalKey(event: KeyboardEvent): boolean {
  const target = event.target;
  return target instanceof Element && target === document.activeElement && target.closest('.ld-terminal-writable .xterm') !== null;
}

/**
 * Static pages opened at a slide or a step (the address says which): reveal.js shows them while it
 * starts, some 50-100 ms before it is ready and the panes are made. The recordings of the slide's
 * panes start loading then, for the steps it shows, and the panes find them loaded (or on their
 * way). Called on reveal.js's `slidechanged` and `fragmentshown` before it is ready.
 */
export function prefetchReplays(deck: RevealApi, data: DeckClientData): void {
  const slide = deck.getCurrentSlide();
  for (const element of slide.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')) {
    const cast = data.terminals[element.dataset.pane ?? '']?.cast;
    if (cast) prefetchStep(cast, REPLAY_SCROLLBACK, visibleSteps(slide, element.dataset.pane!));
  }
}

/** How many steps of pane `id` the slide shows: their fragments that reveal.js made visible. */
function visibleSteps(slide: HTMLElement, id: string): number {
  return slide.querySelectorAll(`.ld-terminal-step.visible[data-pane="${id}"]`).length;
}

/** Reveal's events carry their data as extra fields. */
type FragmentEvent = Event & { fragments?: Element[] };

export class DeckTerminals {
  private readonly panes = new Map<string, TerminalPane>();
  /** Each pane's box and its spec (as JSON): what replaceSlides compares a new box with. */
  private readonly boxes = new Map<string, { element: HTMLElement; spec: string }>();
  private readonly context: PaneContext;
  /** The slide the replays were last put in step with, and the steps each pane showed then. */
  private stepsSlide: HTMLElement | null = null;
  private readonly stepsShown = new Map<string, number>();
  private readonly onSlideChanged = () => {
    this.showCurrent();
    this.replaySteps(false);
  };
  private readonly onResize = () => this.layoutVisible();
  private readonly onFragmentShown = (event: Event) => {
    this.replaySteps(true);
    if (!this.options.remoteMove()) this.reachSteps((event as FragmentEvent).fragments ?? []);
  };
  private readonly onFragmentHidden = () => this.replaySteps(false);

  constructor(
    private readonly deck: RevealApi,
    data: DeckClientData,
    token: string | null,
    private readonly options: DeckTerminalsOptions = { remoteMove: () => false, lecture: null },
  ) {
    // Static pages open no socket.
    const url = data.mode === 'live' ? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/term` : '';
    this.context = { strings: uiStrings(data.lang), mode: data.mode, token, url };
    for (const element of document.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')) this.addPane(element, data.terminals);
    window.livedeck = { panes: this.panes };
    deck.on('slidechanged', this.onSlideChanged);
    deck.on('resize', this.onResize);
    deck.on('fragmentshown', this.onFragmentShown);
    deck.on('fragmenthidden', this.onFragmentHidden);
    this.showCurrent();
    this.replaySteps(false);
  }

  dispose(): void {
    this.deck.off('slidechanged', this.onSlideChanged);
    this.deck.off('resize', this.onResize);
    this.deck.off('fragmentshown', this.onFragmentShown);
    this.deck.off('fragmenthidden', this.onFragmentHidden);
    for (const pane of this.panes.values()) pane.dispose();
    this.panes.clear();
    this.boxes.clear();
    if (window.livedeck?.panes === this.panes) delete window.livedeck;
  }

  /**
   * The deck's slides were replaced by other markup (a lecture's other version of the deck), not
   * yet synced by reveal.js; `terminals`: the new markup's panes. A pane whose spec is the same
   * (its box is made from it, server/deck/terminal-fence.ts) goes on with its terminal, its
   * screen and its loaded recording: its box takes the new one's place, with the new one's step
   * fragments (reveal.js numbers a slide's fragments once, in the markup's order). Making it anew
   * would open a terminal and rebuild its screen from the recording, the slowest part of a swap.
   * The other boxes get new panes, and the panes left out are disposed. showCurrent() follows,
   * once the deck shows the slide it is to show.
   */
  replaceSlides(terminals: Record<string, TerminalPaneSpec>): void {
    const kept = new Set<string>();
    for (const element of document.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')) {
      const id = element.dataset.pane ?? '';
      const box = this.boxes.get(id);
      const spec = terminals[id];
      if (!box || !spec || box.element.isConnected || box.spec !== JSON.stringify(spec)) continue;
      for (const marker of box.element.querySelectorAll(':scope > .ld-terminal-step')) marker.remove();
      box.element.append(...element.querySelectorAll(':scope > .ld-terminal-step'));
      element.replaceWith(box.element);
      kept.add(id);
    }
    for (const [id, pane] of this.panes) {
      if (kept.has(id)) continue;
      pane.dispose();
      this.panes.delete(id);
      this.boxes.delete(id);
    }
    for (const element of document.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')) {
      if (!kept.has(element.dataset.pane ?? '')) this.addPane(element, terminals);
    }
    this.stepsSlide = null;
    this.stepsShown.clear();
  }

  /** Connects the panes of the current slide, then those of its neighbours, and gives the keyboard
   * back to the slides if it was in a terminal left behind. */
  showCurrent(): void {
    const current = this.deck.getCurrentSlide();
    const panes = this.panesIn(current);
    for (const pane of panes) {
      void pane.activate().then(() => {
        if (current === this.deck.getCurrentSlide()) pane.layout();
      });
    }
    // The neighbours' panes start early (a live shell is up when its slide comes, a replay shows
    // at once), but only once this slide's panes are open (a replay's on its first screen) and
    // painted: opening a terminal and loading a recording take the page's one thread, and the
    // slide on screen comes first. Every other pane then gets its fonts and its terminal ready
    // (prepare), which a move to a far slide would otherwise wait for.
    void Promise.allSettled(panes.map((pane) => pane.activate())).then(afterNextPaint).then(() => {
      if (current !== this.deck.getCurrentSlide()) return;
      const slides = this.deck.getSlides();
      const index = slides.indexOf(current);
      for (const slide of [slides[index + 1], slides[index - 1]]) {
        for (const pane of slide ? this.panesIn(slide) : []) {
          // A replay next door gets the screen it shows when its slide comes: reveal.js shows
          // a slide before this one with all its fragments ("previous" arrives at its end), one
          // after it with none.
          if (pane.player && this.followsSteps(pane)) pane.showSteps(visibleSteps(slide, pane.id), false);
          void pane.activate();
        }
      }
      for (const pane of this.panes.values()) void pane.prepare();
    });
    for (const pane of this.panes.values()) {
      const element = document.getElementById(pane.id);
      if (element && !current.contains(element) && element.contains(document.activeElement)) pane.blur();
    }
  }

  private addPane(element: HTMLElement, terminals: Record<string, TerminalPaneSpec>): void {
    const spec = terminals[element.dataset.pane ?? ''];
    if (!spec) return;
    this.panes.set(spec.id, new TerminalPane(element, spec, this.context));
    this.boxes.set(spec.id, { element, spec: JSON.stringify(spec) });
  }

  private layoutVisible(): void {
    for (const pane of this.panesIn(this.deck.getCurrentSlide())) pane.layout();
  }

  /** The panes on `slide`. */
  panesIn(slide: HTMLElement): TerminalPane[] {
    return [...slide.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')]
      .map((element) => this.panes.get(element.dataset.pane ?? ''))
      .filter((pane): pane is TerminalPane => pane !== undefined);
  }

  /**
   * Puts the replays of the current slide in step with its fragments. A pane shows
   * the screen after its visible steps. When "next" shows one more step of a pane on the same
   * slide (`shown`), that step plays; anything else (previous, a jump to a fragment, arriving on
   * the slide from anywhere) shows the screen at once.
   */
  private replaySteps(shown: boolean): void {
    const slide = this.deck.getCurrentSlide();
    const sameSlide = slide === this.stepsSlide;
    if (!sameSlide) this.stepsShown.clear();
    this.stepsSlide = slide;
    for (const pane of this.panesIn(slide)) {
      if (!pane.player || !this.followsSteps(pane)) continue;
      const count = visibleSteps(slide, pane.id);
      const before = this.stepsShown.get(pane.id);
      if (before === count && sameSlide) continue;
      this.stepsShown.set(pane.id, count);
      pane.showSteps(count, shown && sameSlide && before !== undefined && count === before + 1 && (this.options.lecture?.playing() ?? true));
    }
  }

  /** A replay follows the slides' steps, but in a lecture's page, where a shell's follows the
   * lecture's clock. */
  private followsSteps(pane: TerminalPane): boolean {
    return this.options.lecture === null || pane.replaysCastFile;
  }

  private reachSteps(fragments: Element[]): void {
    const steps = new Map<string, number[]>();
    for (const fragment of fragments) {
      if (!(fragment instanceof HTMLElement) || !fragment.classList.contains('ld-terminal-step')) continue;
      const pane = fragment.dataset.pane ?? '';
      const step = Number(fragment.dataset.step);
      if (Number.isInteger(step)) steps.set(pane, [...(steps.get(pane) ?? []), step]);
    }
    for (const [id, list] of steps) this.panes.get(id)?.reachSteps(list.sort((a, b) => a - b));
  }
}
