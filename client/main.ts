// Browser entry point: starts reveal.js on the compiled slides, then the live terminals (in
// `livedeck dev`) and the dev live reload.

import Reveal from 'reveal.js';
import { readDeckData } from './deck-data.js';
import { restorePosition, startLiveReload } from './live-reload.js';
import { isTerminalKey, LiveTerminals } from './terminal/controller.js';
import { takeToken } from './terminal/token.js';

declare global {
  interface Window {
    Reveal: InstanceType<typeof Reveal>;
  }
}

function main(): void {
  const data = readDeckData();
  const isErrorPage = document.body.classList.contains('ld-error-page');
  let deck: InstanceType<typeof Reveal> | null = null;
  if (data?.reload) startLiveReload(data.reload, () => deck);
  if (!data || isErrorPage) return;
  // Before reveal.js writes the slide into the URL: the token leaves the address bar at once.
  const token = data.mode === 'live' ? takeToken() : null;

  deck = new Reveal({
    width: data.width,
    height: data.height,
    margin: 0.02,
    center: false,
    hash: true,
    respondToHashChanges: true,
    history: false,
    controls: true,
    controlsTutorial: false,
    controlsLayout: 'edges',
    progress: true,
    slideNumber: false,
    transition: 'fade',
    transitionSpeed: 'fast',
    backgroundTransition: 'none',
    pdfSeparateFragments: true,
    pdfMaxPagesPerSlide: 1,
    // Keys typed into a live terminal are the shell's (arrows, space, Escape in vi).
    keyboardCondition: (event) => !isTerminalKey(event),
  });
  // Like reveal.js's own default instance: scripts, tests and the console reach the deck here.
  window.Reveal = deck;
  const started = deck;
  void started.initialize().then(() => {
    // Static pages will replay recordings (later); printing keeps the steps as text.
    if (data.mode === 'live' && started.getConfig().view !== 'print') new LiveTerminals(started, data, token);
    restorePosition(started);
    document.documentElement.dataset.ldReady = 'true';
  });
}

main();
