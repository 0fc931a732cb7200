// The deck model: what the compiler produces from a Markdown file and every later stage
// (page renderer, dev server, static build, export) consumes.

import type { DemoStep } from '../demos/steps.js';
import type { TerminalPaneSpec } from '../../common/deck.js';

export type { TerminalPaneSpec };

export interface DeckMeta {
  title: string;
  author: string | null;
  /** UI and document language. */
  lang: 'fr' | 'en';
  /** Footer text; null when the deck has no footer. Slide numbers "N/total" are added to it. */
  footer: string | null;
  theme: 'light' | 'dark';
  /** Slide size in CSS pixels, from the aspect ratio. */
  width: number;
  height: number;
  aspect: '16:9' | '16:10' | '4:3';
}

export interface Slide {
  /** 0-based position in the deck. */
  index: number;
  /** 1-based line of the slide's first source line. */
  line: number;
  /** First heading of the slide, as plain text. */
  title: string | null;
  /** Attributes for the <section>, from `<!-- .slide: ... -->`. */
  attributes: Record<string, string>;
  /** Compiled slide body (without footer). */
  html: string;
  /** Speaker notes, compiled to HTML; null when there are none. */
  notes: string | null;
  /** Number of build steps: 1 + the fragment positions of the slide (terminal steps included). */
  steps: number;
  terminals: TerminalPaneSpec[];
}

export interface Deck {
  /** Absolute path of the Markdown file. */
  file: string;
  /** Folder the deck's relative paths start from. */
  baseDir: string;
  meta: DeckMeta;
  slides: Slide[];
  /** Every local file the compiled deck depends on (the deck, its figures, its demos' steps). */
  dependencies: string[];
}

export type { DemoStep };
