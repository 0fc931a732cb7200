// Browser entry point: starts reveal.js on the compiled slides, then the terminals (live shells in
// `livedeck dev`, recordings replayed in a static build) and the dev live reload.

import Reveal from 'reveal.js';
import { readDeckData } from './deck-data.js';
import { restorePosition, startLiveReload } from './live-reload.js';
import { arrangePrintPages, isPrintView } from './print-view.js';
import { DeckTerminals, isTerminalKey } from './terminal/controller.js';
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
    // Printed, a page is exactly the slide's size.
    margin: isPrintView() ? 0 : 0.02,
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
  if (isPrintView()) arrangePrintPages(started);
  void started.initialize().then(() => {
    // Live shells, or in static pages the recordings' replay; printing keeps the steps as text.
    if (started.getConfig().view !== 'print') new DeckTerminals(started, data, token);
    restorePosition(started);
    document.documentElement.dataset.ldReady = 'true';
  });
}

main();
