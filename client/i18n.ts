// The runtime's own words (terminal status, buttons, notices) in the deck's language (`lang` of
// the front matter), so a French deck shows no English on the projector.

import type { DeckClientData } from '../common/deck.js';

export type Lang = DeckClientData['lang'];

export interface UiStrings {
  connecting: string;
  live: string;
  readOnly: string;
  reconnecting: string;
  waitingForPresenter: string;
  exited(code: number, signal: number | null): string;
  failed: string;
  restart: string;
  restartHint: string;
  /** Shown in a pane when the page was opened without a token. */
  noToken: string;
  badToken: string;
  unknownDemo: string;
  startFailed: string;
  stepNotTyped(step: number): string;
  /** Screen-reader label of the terminal input. */
  terminalLabel(title: string): string;
  /** Shown while a terminal has the keyboard: how to give it back to the slides. */
  focusHint: string;
}

const fr: UiStrings = {
  connecting: 'connexion…',
  live: 'connecté',
  readOnly: 'lecture seule',
  reconnecting: 'reconnexion…',
  waitingForPresenter: 'en attente du présentateur…',
  exited: (code, signal) => (signal !== null ? `terminé (signal ${signal})` : `terminé (code ${code})`),
  failed: 'hors ligne',
  restart: 'Relancer',
  restartHint: 'Relancer un shell neuf',
  noToken: 'Terminal en direct indisponible : ouvrez la présentation avec l’URL « presenter » (ou « audience ») affichée au lancement de livedeck dev, qui se termine par ?token=…',
  badToken: 'jeton refusé : rouvrez l’URL affichée par livedeck dev (les jetons changent à chaque lancement)',
  unknownDemo: 'démo introuvable',
  startFailed: 'le shell n’a pas pu démarrer',
  stepNotTyped: (step) => `étape ${step} non tapée`,
  terminalLabel: (title) => `Terminal ${title}`,
  focusHint: 'Échap : retour aux diapositives',
};

const en: UiStrings = {
  connecting: 'connecting…',
  live: 'connected',
  readOnly: 'read-only',
  reconnecting: 'reconnecting…',
  waitingForPresenter: 'waiting for the presenter…',
  exited: (code, signal) => (signal !== null ? `ended (signal ${signal})` : `ended (code ${code})`),
  failed: 'offline',
  restart: 'Restart',
  restartHint: 'Start a fresh shell',
  noToken: 'Live terminal unavailable: open the deck with the "presenter" (or "audience") URL that livedeck dev prints at start, the one ending in ?token=…',
  badToken: 'token refused: open the URL printed by livedeck dev again (tokens change at every start)',
  unknownDemo: 'demo not found',
  startFailed: 'the shell could not start',
  stepNotTyped: (step) => `step ${step} not typed`,
  terminalLabel: (title) => `Terminal ${title}`,
  focusHint: 'Escape: back to the slides',
};

export function uiStrings(lang: Lang): UiStrings {
  return lang === 'fr' ? fr : en;
}
