// Browser entry point: starts reveal.js on the compiled slides, then the dev live reload.

import Reveal from 'reveal.js';
import { readDeckData } from './deck-data.js';
import { restorePosition, startLiveReload } from './live-reload.js';

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
  });
  // Like reveal.js's own default instance: scripts, tests and the console reach the deck here.
  window.Reveal = deck;
  const started = deck;
  void started.initialize().then(() => {
    restorePosition(started);
    document.documentElement.dataset.ldReady = 'true';
  });
}

main();
