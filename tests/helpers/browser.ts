// Real Chromium for the e2e tests, through the same finder the export uses. Every page records its
// errors (uncaught exceptions, console errors, failed requests) so a test can insist on none.

import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../server/browser.js';

export interface WatchedPage {
  page: Page;
  errors: string[];
}

let shared: Promise<Browser> | null = null;

/** One browser per test file; closed by `closeBrowser` in an `after` hook. */
export function browser(): Promise<Browser> {
  shared ??= launchChromium();
  return shared;
}

export async function closeBrowser(): Promise<void> {
  if (shared) await (await shared).close();
  shared = null;
}

export async function openPage(url: string, viewport = { width: 1280, height: 720 }, initScript?: string): Promise<WatchedPage> {
  const context = await (await browser()).newContext({ viewport });
  // tsx compiles tests with esbuild's keepNames, which wraps named inner functions in a __name()
  // helper; functions handed to page.evaluate run in the page, where it must exist too.
  await context.addInitScript('globalThis.__name = (target) => target;');
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => {
    // A page that reloads cancels its event stream: that is not an error.
    if (!r.url().endsWith('/_livedeck/events')) errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  return { page, errors };
}

/** Waits until reveal.js has started on the page. */
export async function revealReady(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ld-ready="true"]', { state: 'attached', timeout: 10_000 });
}

/** Resolves once the page's CSS transitions and finite animations have ended (a slide's fade, a
 * fragment's, the progress bar's), or only those of elements inside `within` (a selector). A
 * blinking cursor's animation never ends and is not waited for. */
export async function transitionsDone(page: Page, within?: string): Promise<void> {
  await page.evaluate(async (scope) => {
    // Transitions start on the frame after the class change that causes them.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const running = document.getAnimations().filter((animation) => {
      if (animation.effect?.getComputedTiming().endTime === Infinity) return false;
      const target = animation.effect instanceof KeyframeEffect ? animation.effect.target : null;
      return scope === null || (target !== null && target.closest(scope) !== null);
    });
    await Promise.all(running.map((animation) => animation.finished.catch(() => {})));
  }, within ?? null);
}

/** reveal.js's current position: slide index and fragment index (-1 before the first). */
export async function position(page: Page): Promise<{ h: number; f: number }> {
  return page.evaluate(() => {
    const reveal = (window as unknown as { Reveal: { getIndices(): { h: number; f?: number } } }).Reveal;
    const { h, f } = reveal.getIndices();
    return { h, f: f ?? -1 };
  });
}
