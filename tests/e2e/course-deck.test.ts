// The course deck, "Introduction à la Virtualisation", in real Chromium: 18 slides titled as in
// the outline, footers numbered N/18 (none on the title slide), every figure drawn, nothing
// leaving its slide and no text under 20 px (figure labels included) in any build step.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, revealReady, transitionsDone, type WatchedPage } from '../helpers/browser.js';
import { startDev, type RunningServer } from '../helpers/cli.js';
import { COURSE_DECK, COURSE_TITLES } from '../helpers/course.js';
import { smallText } from '../helpers/type-scale.js';

let server: RunningServer;
let watched: WatchedPage;

before(async () => {
  server = await startDev([COURSE_DECK]);
  watched = await openPage(`${server.url}?token=${server.presenterToken}`);
  await revealReady(watched.page);
  await watched.page.evaluate(() => document.fonts.ready);
});

after(async () => {
  await server?.stop();
  await closeBrowser();
});

const normalise = (text: string) => text.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim();

test('18 slides titled as in the outline', async () => {
  const titles = await watched.page.$$eval('.reveal .slides > section', (sections) => sections.map((s) => s.querySelector('h1, h2')?.textContent ?? ''));
  assert.equal(titles.length, 18);
  titles.forEach((title, i) => assert.equal(normalise(title), COURSE_TITLES[i], `slide ${i + 1}`));
});

test('every slide but the title has the footer with N/18', async () => {
  const footers = await watched.page.$$eval('.reveal .slides > section', (sections) => sections.map((s) => ({
    text: s.querySelector('.ld-footer-text')?.textContent ?? null,
    number: s.querySelector('.ld-footer-number')?.textContent ?? null,
  })));
  assert.deepEqual(footers[0], { text: null, number: null });
  footers.slice(1).forEach((footer, i) => {
    assert.equal(footer.number, `${i + 2}/18`);
    assert.equal(footer.text, 'Vincent Autefage · Introduction à la Virtualisation');
  });
});

test('every figure is drawn (inline SVG with content and a label) and no image is broken', async () => {
  const figures = await watched.page.$$eval('svg.ld-svg', (svgs) => svgs.map((svg) => ({
    label: svg.getAttribute('aria-label'),
    shapes: svg.querySelectorAll('rect, path, circle, line, polygon, text').length,
  })));
  assert.ok(figures.length >= 18, `expected the 18+ figures of the outline, found ${figures.length}`);
  for (const figure of figures) {
    assert.ok(figure.label && figure.label.length > 3, 'figure without a text alternative');
    assert.ok(figure.shapes > 3, `figure "${figure.label}" is empty`);
  }
  const broken = await watched.page.$$eval('img', (imgs) => imgs.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src));
  assert.deepEqual(broken, []);
});

/** Elements of the current slide that leave the slide's box (content clipped by a box that is
 * itself inside the slide, like a terminal's scrolled-off lines, does not count). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const slide = document.querySelector('.reveal .slides > section.present')!;
    const box = slide.getBoundingClientRect();
    const outside = (r: DOMRect) => r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
    const clipped = (el: Element) => {
      for (let parent = el.parentElement; parent && parent !== slide; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflow !== 'visible' && !outside(parent.getBoundingClientRect())) return true;
      }
      return false;
    };
    return [...slide.querySelectorAll('*')]
      .filter((el) => {
        if (el.closest('aside.notes, .ld-terminal-step')) return false;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return false;
        return outside(r) && !clipped(el);
      })
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
  });
}

/** Shows every slide and every build step of it ("next" until the slide changes), calling `look`
 * once each is in place (fragments move as they appear: measured once they are). */
async function everyStep(page: Page, look: (slide: number, step: number) => Promise<void>): Promise<void> {
  const total = await page.locator('.reveal .slides > section').count();
  for (let h = 0; h < total; h++) {
    await page.evaluate((index) => window.Reveal.slide(index, 0, -1), h);
    for (let step = 0; ; step++) {
      await transitionsDone(page, 'section.present');
      await look(h + 1, step + 1);
      const moved = await page.evaluate(() => {
        const before = window.Reveal.getIndices().h;
        if (!window.Reveal.availableFragments().next) return true;
        window.Reveal.next();
        return window.Reveal.getIndices().h !== before;
      });
      if (moved) break;
    }
  }
}

test('nothing overflows its slide in any build step', async () => {
  const problems: string[] = [];
  await everyStep(watched.page, async (slide, step) => {
    for (const problem of await overflowing(watched.page)) problems.push(`slide ${slide}, step ${step}: ${problem}`);
  });
  assert.deepEqual(problems, []);
});

test('no text under 20 px in any build step, figure labels included (footers and credits aside)', async () => {
  const problems: string[] = [];
  let measured = 0;
  await everyStep(watched.page, async (slide, step) => {
    measured++;
    for (const problem of await smallText(watched.page)) problems.push(`slide ${slide}, step ${step}: ${problem}`);
  });
  assert.ok(measured >= 18, `the walk saw ${measured} steps`);
  assert.deepEqual(problems, []);
});

test('no page error while showing the whole deck', () => {
  assert.deepEqual(watched.errors, []);
});
