// What plugs into a terminal pane, each part on its own in real Chromium (bundled from
// client/terminal/ as the page's bundle is): the note of a pane with nothing to show (NoticePart),
// a live shell's role and restart rules (LivePart), and a replay's player, poster and box
// (ReplayPart). None is given a terminal here: what they do once one opens is in tests/e2e/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PaneCast, TerminalPaneSpec } from '../../common/deck.js';
import type { LivePart } from '../../client/terminal/live-part.js';
import type { NoticePart } from '../../client/terminal/notice-part.js';
import type { PaneBody } from '../../client/terminal/part.js';
import type { ReplayPart } from '../../client/terminal/replay-part.js';
import type { TitleBar } from '../../client/terminal/title-bar.js';
import { closeBrowser, type WatchedPage } from '../helpers/browser.js';
import { openModulePage } from '../helpers/module-page.js';

declare global {
  interface Window {
    kinds: {
      NoticePart: typeof NoticePart;
      LivePart: typeof LivePart;
      ReplayPart: typeof ReplayPart;
      TitleBar: typeof TitleBar;
      uiStrings: typeof import('../../client/ui/i18n.js').uiStrings;
    };
    /** A fresh pane box and what a pane lends its part, for `spec`. */
    body(spec: TerminalPaneSpec): PaneBody & { renders: () => number };
  }
}

let watched: WatchedPage;

const SPEC: TerminalPaneSpec = {
  id: 's1-t1', demo: 'demo', castFile: null, steps: [], title: null, rows: null, cols: null,
  height: null, cwd: null, autoenter: true, cast: null,
};

const CAST: PaneCast = {
  file: 'casts/demo.cast', cols: 40, rows: 5, duration: 2, frames: 2, markers: [],
  segments: [{ script: 'data:text/javascript,', frame: 0, time: 0, chars: 10, keyframe: 0 }],
  scrollback: 1000,
  screens: [{ cols: 40, rows: 5, html: '$ ' }, { cols: 40, rows: 5, html: '$ ls\nREADME' }],
};

before(async () => {
  watched = await openModulePage(`import { NoticePart } from './client/terminal/notice-part.ts';
        import { LivePart } from './client/terminal/live-part.ts';
        import { ReplayPart } from './client/terminal/replay-part.ts';
        import { TitleBar } from './client/terminal/title-bar.ts';
        import { uiStrings } from './client/ui/i18n.ts';
        window.kinds = { NoticePart, LivePart, ReplayPart, TitleBar, uiStrings };
        window.body = (spec) => {
          const element = document.createElement('div');
          element.className = 'ld-terminal';
          element.innerHTML = '<div class="ld-terminal-bar"><span class="title">demo</span></div>';
          const screen = document.createElement('div');
          const host = document.createElement('div');
          host.style.width = '600px';
          screen.append(host);
          element.append(screen);
          document.body.append(element);
          const strings = uiStrings('en');
          let renders = 0;
          const titleBar = new TitleBar(element, strings, () => {}, () => {});
          return {
            element, host, screen, spec, strings, titleBar,
            terminal: () => null, isDisposed: () => false, focus: () => {},
            renderStatus: () => { renders++; }, renders: () => renders,
          };
        };`);
});

after(closeBrowser);

test('NoticePart: says why there is no terminal, as the pane state, and leaves the box as it was', async () => {
  const seen = await watched.page.evaluate((spec) => {
    const { element } = window.body(spec);
    const notice = document.createElement('div');
    notice.hidden = true;
    const part = new window.kinds.NoticePart(element, notice, 'no-token', 'no token here');
    const shown = { state: part.state, data: element.dataset.state, marked: element.classList.contains('ld-terminal-no-token'), text: notice.textContent, hidden: notice.hidden };
    part.dispose();
    return { shown, after: { data: element.dataset.state ?? null, marked: element.classList.contains('ld-terminal-no-token') } };
  }, SPEC);
  assert.deepEqual(seen, {
    shown: { state: 'no-token', data: 'no-token', marked: true, text: 'no token here', hidden: false },
    after: { data: null, marked: false },
  });
  assert.deepEqual(watched.errors, []);
});

test('LivePart: the grid asked for, a viewer follows the shell\'s size, who may restart, no connection before attach', async () => {
  const seen = await watched.page.evaluate((spec) => {
    const body = window.body({ ...spec, cols: 100, rows: 30 });
    const part = new window.kinds.LivePart(body, { url: 'ws://127.0.0.1:9/term', token: 't' });
    const out: Record<string, unknown> = { size: part.initialSize(), state: part.source.state.name, player: part.player, follows: part.followsSourceSize() };
    const live = (role: 'presenter' | 'viewer') => ({ name: 'live' as const, role, session: 'x', resumed: false });
    out.beforeLive = [part.restartable({ name: 'connecting' }), part.restartable({ name: 'failed', reason: 'protocol', detail: '' }), part.restartable({ name: 'exited', code: 0, signal: null })];
    body.titleBar.remark = 'old remark';
    part.stateChanged(live('viewer'));
    out.viewer = { follows: part.followsSourceSize(), restart: part.restartable(live('viewer')), remark: body.titleBar.remark };
    part.stateChanged(live('presenter'));
    // The role is kept while the shell reconnects or has exited.
    out.presenter = { follows: part.followsSourceSize(), exited: part.restartable({ name: 'exited', code: 0, signal: null }), connecting: part.restartable({ name: 'connecting' }) };
    part.dispose();
    return out;
  }, SPEC);
  assert.deepEqual(seen, {
    size: { cols: 100, rows: 30 },
    state: 'idle',
    player: null,
    follows: false,
    beforeLive: [false, true, false],
    viewer: { follows: true, restart: false, remark: null },
    presenter: { follows: false, exited: true, connecting: false },
  });
  assert.deepEqual(watched.errors, []);
});

test('ReplayPart: its player under the screen, the build\'s screen for a step before the terminal, a box as tall as its rows, all gone on dispose', async () => {
  const seen = await watched.page.evaluate(({ spec, cast }) => {
    const body = window.body({ ...spec, demo: null, rows: 6, cast });
    const part = new window.kinds.ReplayPart(body, cast);
    const out: Record<string, unknown> = {
      player: body.element.classList.contains('ld-terminal-player'),
      controlsAfterScreen: body.screen.nextElementSibling?.className,
      size: part.initialSize(),
      boxHeight: parseFloat(body.host.style.height) > 0,
      follows: part.followsSourceSize(),
      restart: part.restartable(),
      same: part.player === part.source,
    };
    part.showSteps(1, false);
    out.poster = body.host.querySelector('pre.ld-terminal-poster')?.textContent;
    out.live = body.element.classList.contains('ld-terminal-live');
    out.fontFitted = part.fontSize('monospace', { cols: 40, rows: 5 }) >= 7;
    part.dispose();
    out.after = { player: body.element.classList.contains('ld-terminal-player'), controls: body.element.querySelector('.ld-player') !== null, poster: body.host.querySelector('pre') !== null };
    return out;
  }, { spec: SPEC, cast: CAST });
  assert.deepEqual(seen, {
    player: true,
    controlsAfterScreen: 'ld-player ld-player-disabled',
    size: { cols: 40, rows: 5 },
    boxHeight: true,
    follows: true,
    restart: false,
    same: true,
    poster: '$ ls\nREADME',
    live: true,
    fontFitted: true,
    after: { player: false, controls: false, poster: false },
  });
  assert.deepEqual(watched.errors, []);
});
