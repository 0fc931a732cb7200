// The presenter view's page (`/presenter` in `livedeck dev`): a frame of the deck as it is (its
// terminals the very shells of the projector), a frame showing what comes next, the speaker notes,
// the timers, and the microphone when the launch records a lecture. The page itself is a shell;
// client/presenter/ fills it.

import type { PresenterData } from '../../common/deck.js';
import { escapeHtml } from '../deck/attributes.js';
import type { Deck } from '../deck/model.js';
import { FAVICON, jsonForScript } from '../deck/page.js';

/** `voice`: the view offers the microphone (the launch records a lecture); default false. */
export function renderPresenterPage(deck: Deck, options: { assets: string; voice?: boolean }): string {
  const { meta } = deck;
  const data: PresenterData = {
    title: meta.title,
    lang: meta.lang,
    width: meta.width,
    height: meta.height,
    slides: deck.slides.length,
    voice: options.voice ?? false,
  };
  return `<!doctype html>
<html lang="${meta.lang}" data-theme="${meta.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)} · presenter</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${options.assets}presenter.css">
</head>
<body class="ld-presenter">
<script type="application/json" id="livedeck-presenter">${jsonForScript(data)}</script>
<script src="${options.assets}presenter.js"></script>
</body>
</html>
`;
}
