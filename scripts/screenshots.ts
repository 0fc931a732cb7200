// Looks at a deck as the teacher presents it: starts `livedeck dev` on it, opens the presenter URL
// (live terminals; with --steps, "next" types the demo steps into them) and saves a 1280x720 PNG of
// every slide (and, with --steps, every build step) to a folder, once its transitions have ended
// and its terminals are quiet, reporting any page error, any element that overflows its slide and
// any text under 20 px (the type scale's minimum; footers, credits and terminal chrome aside).
// Usage:
//   node --import tsx scripts/screenshots.ts [deck.md] [--out DIR] [--steps] [--slides 4,8-10] [--theme dark]
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openPage, closeBrowser, revealReady, transitionsDone } from '../tests/helpers/browser.js';
import { startDev } from '../tests/helpers/cli.js';
import { smallText } from '../tests/helpers/type-scale.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: '/tmp/livedeck-shots' }, steps: { type: 'boolean', default: false }, slides: { type: 'string' }, theme: { type: 'string' } },
});
const wanted = values.slides ? new Set(values.slides.split(',').flatMap((part) => {
  const [a, b] = part.split('-').map(Number);
  return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
})) : null;

const QUIET_MS = 600;
const QUIET_TIMEOUT_MS = 10_000;

mkdirSync(values.out, { recursive: true });
const server = await startDev(positionals.length ? positionals : []);
try {
  const { page, errors } = await openPage(`${server.url}?token=${server.presenterToken}`);
  await revealReady(page);
  if (values.theme) await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, values.theme);
  await page.evaluate(() => document.fonts.ready);
  const total = await page.locator('.reveal .slides > section').count();
  for (let n = 1; n <= total; n++) {
    if (wanted && !wanted.has(n)) continue;
    await page.evaluate((i) => window.Reveal.slide(i, 0, -1), n - 1);
    for (let step = 0; ; step++) {
      await transitionsDone(page);
      await terminalsQuiet(page);
      const name = `${values.out}/slide-${String(n).padStart(2, '0')}${values.steps ? `-${step}` : ''}.png`;
      await page.screenshot({ path: name });
      const overflow = await page.evaluate(() => {
        const slide = document.querySelector('section.present')!;
        const box = slide.getBoundingClientRect();
        const outside = (r: DOMRect) => r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.top < box.top - 1;
        // Content clipped by a box that is itself inside the slide is not overflow.
        const clipped = (el: Element) => {
          for (let p = el.parentElement; p && p !== slide; p = p.parentElement) {
            if (getComputedStyle(p).overflow !== 'visible' && !outside(p.getBoundingClientRect())) return true;
          }
          return false;
        };
        return [...slide.querySelectorAll('*')].filter((el) => {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          if (r.width === 0 || style.visibility === 'hidden' || el.closest('aside.notes')) return false;
          return outside(r) && !clipped(el);
        }).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      });
      const small = await smallText(page);
      console.log(`${name}${overflow.length ? `  OVERFLOW: ${overflow.slice(0, 5).join(', ')}` : ''}${small.length ? `  SMALL: ${small.slice(0, 5).join(', ')}` : ''}`);
      if (!values.steps) break;
      // "next" until the slide changes: one screenshot per build step of this slide.
      const moved = await page.evaluate(() => {
        if (!window.Reveal.availableFragments().next) return true;
        window.Reveal.next();
        return false;
      });
      if (moved) break;
    }
  }
  if (errors.length) console.log('page errors:', errors);
} finally {
  await server.stop();
  await closeBrowser();
}

/** Until the terminals of the slide shown have printed nothing for QUIET_MS (a step typed and
 * answered), or for at most QUIET_TIMEOUT_MS (a command that keeps printing). */
async function terminalsQuiet(page: Page): Promise<void> {
  const text = () => page.evaluate(() => [...document.querySelectorAll('section.present .xterm-rows')].map((rows) => rows.textContent).join('\n'));
  const deadline = performance.now() + QUIET_TIMEOUT_MS;
  let last = await text();
  let since = performance.now();
  while (performance.now() < deadline && performance.now() - since < QUIET_MS) {
    await page.waitForTimeout(100);
    const now = await text();
    if (now !== last) [last, since] = [now, performance.now()];
  }
}
