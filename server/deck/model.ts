// The deck model: what the compiler produces from a Markdown file and every later stage
// (page renderer, dev server, static build, export) consumes.

import type { DemoStep } from '../demos/steps.js';
import type { TerminalPaneSpec } from '../../common/deck.js';
import type { RevealThemeName } from './themes.js';
import type { DeckWarning } from './warnings.js';

export type { TerminalPaneSpec, DeckWarning };

export interface DeckMeta {
  title: string;
  author: string | null;
  /** UI and document language. */
  lang: 'fr' | 'en';
  /** Footer text; null when the deck has no footer. Slide numbers "N/total" are added to it. */
  footer: string | null;
  /** livedeck's palette (code, blocks, figures): chosen, or the one that reads on the reveal.js
   * theme's background. */
  theme: 'light' | 'dark';
  /** Slide size in CSS pixels, from the aspect ratio (or revealOptions' width and height). */
  width: number;
  height: number;
  aspect: '16:9' | '16:10' | '4:3';
  /** A reveal.js theme in place of livedeck's look (reveal-md decks), or null. */
  revealTheme: RevealThemeName | null;
  /** The shiki theme code takes its colours from, or null for the palette's. */
  highlightTheme: string | null;
  /** reveal.js options the deck sets (checked: see reveal-options.ts). */
  revealOptions: Record<string, unknown>;
  /** reveal-md's slide separators (regular expressions), null for livedeck's own rules. */
  separator: string | null;
  verticalSeparator: string | null;
  /** Stylesheets and scripts of the deck's folder the page loads, relative to the deck (in a
   * compiled deck, with `?v=` and a hash of their content). */
  css: string[];
  scripts: string[];
}

export interface Slide {
  /** 0-based position in the deck, in reading order (a vertical stack's slides one after the
   * other): pane ids, footers' N/total and `export --range` count slides this way. */
  index: number;
  /** reveal.js's indices: the horizontal position, and the position in its vertical stack (0 for
   * a slide alone). */
  h: number;
  v: number;
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
  /** The palette's code colours from the deck's `highlightTheme` (CSS variables), or null. */
  codeColors: Record<string, string> | null;
  /** Every local file the compiled deck depends on (the deck, its figures, its demos' steps, its
   * css and scripts). */
  dependencies: string[];
  /** What the author should know but does not stop the deck (printed by every command). */
  warnings: DeckWarning[];
}

/** The slide reveal.js shows at (h, v), or undefined outside the deck: the one place the server
 * maps reveal's indices to a slide. */
export function slideAt(slides: readonly Slide[], h: number, v: number): Slide | undefined {
  return slides.find((slide) => slide.h === h && slide.v === v);
}

export type { DemoStep };
