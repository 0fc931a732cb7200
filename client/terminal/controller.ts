// The live terminals of a deck (`livedeck dev`): one TerminalPane per `.ld-terminal` box, connected
// lazily (once its slide is current or next to the current one, and for good after that, so its
// shell keeps running while the lecture goes on), given the demo steps whose fragments reveal.js
// shows, refitted when slides change or the window does. Also `window.livedeck`, a small handle
// for devtools and tests: `window.livedeck.panes.get('s8-t1').text()` is that pane's text.

import type { RevealApi } from 'reveal.js';
import type { DeckClientData } from '../../common/deck.js';
import { uiStrings } from '../i18n.js';
import { TerminalPane, type PaneHandle } from './pane.js';

export interface LivedeckHandle {
  /** The panes by id ("s<slide>-t<n>", the `id` of their `.ld-terminal` box). */
  readonly panes: ReadonlyMap<string, PaneHandle>;
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

/** Reveal's events carry their data as extra fields. */
type FragmentEvent = Event & { fragments?: Element[] };

export class LiveTerminals {
  private readonly panes = new Map<string, TerminalPane>();
  private readonly onSlideChanged = () => this.showCurrent();
  private readonly onResize = () => this.layoutVisible();
  private readonly onFragmentShown = (event: Event) => this.reachSteps((event as FragmentEvent).fragments ?? []);

  constructor(
    private readonly deck: RevealApi,
    data: DeckClientData,
    token: string | null,
  ) {
    const strings = uiStrings(data.lang);
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/term`;
    for (const element of document.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')) {
      const spec = data.terminals[element.dataset.pane ?? ''];
      if (spec) this.panes.set(spec.id, new TerminalPane(element, spec, { strings, token, url }));
    }
    window.livedeck = { panes: this.panes };
    deck.on('slidechanged', this.onSlideChanged);
    deck.on('resize', this.onResize);
    deck.on('fragmentshown', this.onFragmentShown);
    this.showCurrent();
  }

  dispose(): void {
    this.deck.off('slidechanged', this.onSlideChanged);
    this.deck.off('resize', this.onResize);
    this.deck.off('fragmentshown', this.onFragmentShown);
    for (const pane of this.panes.values()) pane.dispose();
    this.panes.clear();
    if (window.livedeck?.panes === this.panes) delete window.livedeck;
  }

  /** Connects the panes of the current slide and of its neighbours, and gives the keyboard back
   * to the slides if it was in a terminal left behind. */
  private showCurrent(): void {
    const slides = this.deck.getSlides();
    const current = this.deck.getCurrentSlide();
    const index = slides.indexOf(current);
    const near = [current, slides[index + 1], slides[index - 1]].filter((s): s is HTMLElement => s !== undefined);
    for (const slide of near) {
      for (const pane of this.panesIn(slide)) {
        void pane.activate().then(() => {
          if (slide === this.deck.getCurrentSlide()) pane.layout();
        });
      }
    }
    for (const pane of this.panes.values()) {
      const element = document.getElementById(pane.id);
      if (element && !current.contains(element) && element.contains(document.activeElement)) pane.blur();
    }
  }

  private layoutVisible(): void {
    for (const pane of this.panesIn(this.deck.getCurrentSlide())) pane.layout();
  }

  private panesIn(slide: HTMLElement): TerminalPane[] {
    return [...slide.querySelectorAll<HTMLElement>('.ld-terminal[data-pane]')]
      .map((element) => this.panes.get(element.dataset.pane ?? ''))
      .filter((pane): pane is TerminalPane => pane !== undefined);
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
