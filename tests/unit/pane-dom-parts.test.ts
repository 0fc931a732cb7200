// The terminal pane's parts that live in the page, each on its own in real Chromium (bundled from
// client/terminal/ as the page's bundle is): the title bar (status, passing remark, restart
// button, teardown) and a replay's poster (the build's screen at the terminal's font, then gone).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplayPoster } from '../../client/terminal/poster.js';
import type { TitleBar } from '../../client/terminal/title-bar.js';
import { closeBrowser, type WatchedPage } from '../helpers/browser.js';
import { openModulePage } from '../helpers/module-page.js';

declare global {
  interface Window {
    parts: { TitleBar: typeof TitleBar; ReplayPoster: typeof ReplayPoster; uiStrings: typeof import('../../client/ui/i18n.js').uiStrings };
  }
}

let watched: WatchedPage;

before(async () => {
  watched = await openModulePage(`import { TitleBar } from './client/terminal/title-bar.ts';
        import { ReplayPoster } from './client/terminal/poster.ts';
        import { uiStrings } from './client/ui/i18n.ts';
        window.parts = { TitleBar, ReplayPoster, uiStrings };`, '<div class="ld-terminal"><div class="ld-terminal-bar"><span class="title">demo</span></div><div class="host"></div></div>');
});

after(closeBrowser);

test('TitleBar: status with a remark or a hint, a remark that passes, restart, and nothing left after dispose', async () => {
  const seen = await watched.page.evaluate(async () => {
    const element = document.querySelector<HTMLElement>('.ld-terminal')!;
    let restarts = 0;
    let changes = 0;
    const strings = window.parts.uiStrings('en');
    const bar = new window.parts.TitleBar(element, strings, () => restarts++, () => changes++);
    const status = () => element.querySelector('.ld-terminal-status')!.textContent;
    const button = element.querySelector<HTMLButtonElement>('.ld-terminal-restart')!;
    const out: Record<string, unknown> = {};
    bar.render('Live', 'Esc to leave', true);
    out.withHint = status();
    out.buttonShown = !button.hidden;
    button.click();
    out.restarts = restarts;
    bar.flash('Copied');
    out.changesAfterFlash = changes;
    bar.render('Live', 'Esc to leave', false);
    out.withRemark = status();
    out.buttonHidden = button.hidden;
    await new Promise((done) => setTimeout(done, 2700));
    out.changesAfterPass = changes;
    bar.render('Live', null, false);
    out.afterPass = status();
    bar.remark = 'Step 3 not typed';
    bar.render('Exited', null, true);
    out.kept = status();
    bar.dispose();
    out.left = [...element.querySelector('.ld-terminal-bar')!.children].map((child) => child.className);
    return out;
  });
  assert.deepEqual(seen, {
    withHint: 'Live · Esc to leave',
    buttonShown: true,
    restarts: 1,
    changesAfterFlash: 1,
    withRemark: 'Live · Copied',
    buttonHidden: true,
    changesAfterPass: 2,
    afterPass: 'Live',
    kept: 'Exited · Step 3 not typed',
    left: ['title'],
  });
  assert.deepEqual(watched.errors, []);
});

test('ReplayPoster: the screen at the given font, sized to its grid, marked once, gone on dispose', async () => {
  const seen = await watched.page.evaluate(() => {
    const host = document.querySelector<HTMLElement>('.host')!;
    const poster = new window.parts.ReplayPoster(host, 'demo.cast');
    const screen = { cols: 40, rows: 2, html: '<span class="x">$ ls</span>\nfile' };
    poster.show(screen, 'monospace', 16);
    const pre = host.querySelector<HTMLElement>('pre.ld-terminal-poster')!;
    const first = { text: pre.textContent, fontSize: pre.style.fontSize, width: parseFloat(pre.style.width), shown: poster.shown };
    poster.show({ ...screen, html: 'later' }, 'monospace', 8);
    const second = { count: host.querySelectorAll('pre').length, text: pre.textContent, width: parseFloat(pre.style.width) };
    poster.dispose();
    return { first, second, marks: performance.getEntriesByName('livedeck replay: demo.cast first screen').length, left: host.children.length, shown: poster.shown };
  });
  assert.equal(seen.first.text, '$ ls\nfile');
  assert.equal(seen.first.fontSize, '16px');
  assert.equal(seen.first.shown, true);
  assert.ok(seen.first.width > 40 * 16 * 0.4 && seen.first.width < 40 * 16, `40 columns at 16 px: ${seen.first.width}px wide`);
  assert.deepEqual([seen.second.count, seen.second.text], [1, 'later'], 'a later step replaces the screen in the same poster');
  assert.ok(Math.abs(seen.second.width * 2 - seen.first.width) < 40, 'half the font, about half the width');
  assert.equal(seen.marks, 1);
  assert.equal(seen.left, 0);
  assert.equal(seen.shown, false);
  assert.deepEqual(watched.errors, []);
});
