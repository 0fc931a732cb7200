// Deck model -> the HTML page: reveal.js markup with every slide compiled in (readable without
// JavaScript; a vertical stack is a <section> of sections), footers with N/total, speaker notes, the
// deck's theme, stylesheets and scripts, and the JSON the browser runtime starts from.

import type { DeckClientData, TerminalPaneSpec } from '../../common/deck.js';
import type { LecturePageRef } from '../../common/lecture-site.js';
import { escapeHtml, renderAttributes } from './attributes.js';
import type { Deck, Slide } from './model.js';

export interface PageOptions {
  /** URL prefix of livedeck's own assets (bundle, styles, fonts), e.g. "/_livedeck/" or "_livedeck/". */
  assets: string;
  mode: 'live' | 'static';
  /** Dev mode: live-reload event stream URL. */
  reload?: string;
  /** The speaker notes in the page (default true); false for an audience, who must not read
   * them in the page source. */
  notes?: boolean;
  /** Fonts (woff2 URLs) preloaded before the stylesheets, and CSS after them: the print page's
   * (server/export/print-page.ts). */
  preloadFonts?: string[];
  extraStyle?: string;
  /** A page of a lecture's site (`livedeck build --lecture`): which page it is, and its data
   * script, loaded before the runtime so the lecture player finds the class there at start. */
  lecture?: LecturePageRef;
}

/** A prompt sign as the tab icon, inline so no request (and no 404) is needed. */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1b1f27"/><path d="M8 10l6 6-6 6" stroke="#a6d189" stroke-width="3" fill="none"/><path d="M16 23h8" stroke="#e6e6e6" stroke-width="3"/></svg>')}`;

export function renderPage(deck: Deck, options: PageOptions): string {
  const { meta } = deck;
  const sections = renderSections(deck, options.notes ?? true);
  const terminals: Record<string, TerminalPaneSpec> = {};
  for (const slide of deck.slides) for (const pane of slide.terminals) terminals[pane.id] = pane;
  const data: DeckClientData = {
    title: meta.title, lang: meta.lang, width: meta.width, height: meta.height, terminals,
    mode: options.mode,
    ...(options.reload ? { reload: options.reload } : {}),
    ...(meta.revealTheme ? { look: 'reveal' as const } : {}),
    ...(Object.keys(meta.revealOptions).length > 0 ? { revealOptions: meta.revealOptions } : {}),
    ...(options.lecture ? { lecture: options.lecture } : {}),
  };
  const styles = [
    meta.revealTheme ? [`${options.assets}reveal-base.css`, `${options.assets}themes/${meta.revealTheme}.css`] : [`${options.assets}livedeck.css`],
    meta.css,
  ].flat().map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">\n`).join('');
  const codeColors = deck.codeColors
    ? `<style>:root[data-theme]{${Object.entries(deck.codeColors).map(([name, value]) => `${name}:${value}`).join(';')}}</style>\n`
    : '';
  const preloads = (options.preloadFonts ?? []).map((href) => `<link rel="preload" href="${escapeHtml(href)}" as="font" type="font/woff2" crossorigin>\n`).join('');
  const extraStyle = options.extraStyle ? `<style>${options.extraStyle}</style>\n` : '';
  const scripts = meta.scripts.map((src) => `<script src="${escapeHtml(src)}"></script>\n`).join('');
  return `<!doctype html>
<html lang="${meta.lang}" data-theme="${meta.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="livedeck">
${meta.author ? `<meta name="author" content="${escapeHtml(meta.author)}">\n` : ''}<title>${escapeHtml(meta.title)}</title>
<link rel="icon" href="${FAVICON}">
${preloads}${styles}<noscript><link rel="stylesheet" href="${options.assets}noscript.css"></noscript>
<style>:root{--ld-slide-width:${meta.width}px;--ld-slide-height:${meta.height}px}</style>
${codeColors}${extraStyle}</head>
<body>
<div class="reveal"><div class="slides">
${sections}
</div></div>
<script type="application/json" id="livedeck-deck">${jsonForScript(data)}</script>
${options.lecture ? `<script src="${escapeHtml(options.lecture.data)}"></script>\n` : ''}<script src="${options.assets}livedeck.js"></script>
${scripts}</body>
</html>
`;
}

/** The slides' markup, what the page's <div class="slides"> holds (a lecture's site also swaps it
 * into a page open, server/build/lecture-site.ts). */
export function renderSections(deck: Deck, withNotes: boolean): string {
  const total = deck.slides.length;
  return stacks(deck.slides).map((stack) => {
    const inner = stack.map((slide) => renderSlide(slide, total, deck, withNotes)).join('\n');
    // A slide alone is a section of the deck; a stack, a section of its slides (reveal.js's
    // vertical slides).
    return stack.length === 1 ? inner : `<section class="ld-stack${stack[0]!.index === 0 ? ' present' : ''}">\n${inner}\n</section>`;
  }).join('\n');
}

/** The slides grouped by their horizontal position: one group per section of the deck. */
function stacks(slides: readonly Slide[]): Slide[][] {
  const groups: Slide[][] = [];
  for (const slide of slides) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.h === slide.h) last.push(slide);
    else groups.push([slide]);
  }
  return groups;
}

function renderSlide(slide: Slide, total: number, deck: Deck, withNotes: boolean): string {
  const attrs = { ...slide.attributes };
  // The first slide is visible before reveal.js starts, so the title shows at once.
  if (slide.index === 0) attrs.class = `${attrs.class ?? ''} present`.trim();
  // reveal.js also takes notes in an attribute (<!-- .slide: data-notes="..." -->).
  if (!withNotes) delete attrs['data-notes'];
  const footer = deck.meta.footer !== null && attrs['data-footer'] !== 'none'
    ? `<footer class="ld-footer"><span class="ld-footer-text">${escapeHtml(deck.meta.footer)}</span><span class="ld-footer-number">${slide.index + 1}/${total}</span></footer>`
    : '';
  const notes = slide.notes && withNotes ? `<aside class="notes">${slide.notes}</aside>` : '';
  return `<section${renderAttributes(attrs)} data-ld-slide="${slide.index + 1}">\n${slide.html}${footer}${notes}</section>`;
}

/** JSON that is safe inside <script>: no "</script>" or "<!--" can end or confuse the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page shown instead of the deck while the deck has an error (dev server). */
export function renderErrorPage(title: string, diagnostic: string, options: { assets: string; reload?: string }): string {
  const data = { reload: options.reload ?? null };
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Error · ${escapeHtml(title)}</title><link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${options.assets}livedeck.css"></head>
<body class="ld-error-page">
<main><h1>The deck has an error</h1><pre class="ld-diagnostic">${escapeHtml(diagnostic)}</pre>
<p>Fix the file and save: this page reloads by itself.</p></main>
<script type="application/json" id="livedeck-deck">${jsonForScript(data)}</script>
<script src="${options.assets}livedeck.js"></script>
</body>
</html>
`;
}
