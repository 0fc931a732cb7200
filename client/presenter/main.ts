// Entry point of the presenter view's page (`/presenter`, built to presenter.js): takes the token
// from the address (or from the deck window that opened it) and builds the view.

import type { PresenterData } from '../../common/deck.js';
import { uiStrings } from '../ui/i18n.js';
import { takeToken } from '../terminal/token.js';
import { PresenterView } from './presenter-view.js';

function main(): void {
  const text = document.getElementById('livedeck-presenter')?.textContent;
  if (!text) return;
  const data = JSON.parse(text) as PresenterData;
  // The frames read it from this tab's sessionStorage.
  takeToken();
  new PresenterView(data, uiStrings(data.lang));
}

main();
