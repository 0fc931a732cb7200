// Entry point of the presenter view's page (`/presenter`, built to presenter.js): takes the token
// from the address (or from the deck window that opened it) and builds the view, with its
// microphone when the launch records a lecture.

import type { PresenterData } from '../../common/deck.js';
import { uiStrings } from '../ui/i18n.js';
import { takeToken } from '../terminal/token.js';
import { PresenterView } from './presenter-view.js';
import { VoiceButton } from './voice-button.js';

function main(): void {
  const text = document.getElementById('livedeck-presenter')?.textContent;
  if (!text) return;
  const data = JSON.parse(text) as PresenterData;
  // The frames read it from this tab's sessionStorage.
  const token = takeToken();
  const strings = uiStrings(data.lang);
  const voice = data.voice ? new VoiceButton({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/voice`, token }, strings) : null;
  new PresenterView(data, strings, voice);
}

main();
