// Browser entry point: starts reveal.js on the compiled slides, then the dev live reload.

import Reveal from 'reveal.js';
import { readDeckData } from './deck-data.js';
import { startLiveReload } from './live-reload.js';

function main(): void {
  const data = readDeckData();
  if (data?.reload) startLiveReload(data.reload);
  if (!data || document.body.classList.contains('ld-error-page')) return;

  const deck = new Reveal({
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
  void deck.initialize().then(() => {
    document.documentElement.dataset.ldReady = 'true';
  });
}

main();
