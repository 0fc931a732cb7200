// The type scale's check, shared by the course's e2e test and scripts/screenshots.ts: which text of
// the slide shown is drawn under 20 px at the deck's design size.

import type { Page } from 'playwright-core';

/** Text of the current slide drawn under 20 px at the 1280x720 design size: HTML text at its
 * computed size, SVG text at its size times the figure's scale. Footers and source credits may be
 * smaller; so may a terminal pane's chrome (title bar, notice, player controls: the pane's UI,
 * theme/terminal.css), not its text. */
export function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const MIN = 20;
    const slide = document.querySelector('.reveal .slides > section.present')!;
    const scale = window.Reveal.getScale();
    const small: string[] = [];
    for (const el of slide.querySelectorAll('*')) {
      if (el.closest('aside.notes, .ld-footer, .credit, .ld-terminal-bar, .ld-terminal-notice, .ld-player')) continue;
      if (![...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '')) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM()!;
        size = (size * Math.hypot(m.a, m.b)) / scale;
      }
      if (size < MIN - 0.05) small.push(`${el.tagName.toLowerCase()} ${size.toFixed(1)} px: ${el.textContent!.trim().slice(0, 40)}`);
    }
    return small;
  });
}
