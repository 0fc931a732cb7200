// The runtime's own words (terminal status, buttons, notices) in the deck's language (`lang` of
// the front matter), so a French deck shows no English on the projector.

import type { DeckClientData } from '../../common/deck.js';

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

  // Replay of the recordings (static pages).
  loadingRecording: string;
  /** Status of a recording shown still, playing, at its end. */
  recording: string;
  playing: string;
  recordingEnded: string;
  /** Status when the recording cannot be replayed; notices: its script did not load, it does
   * not parse (the details follow). */
  recordingFailed: string;
  recordingMissing: string;
  recordingInvalid: string;
  /** A pane with no recording: its steps show, with this note. */
  noRecording: string;
  play: string;
  pause: string;
  speed: string;
  /** 0.5 -> "0,5×" in French. */
  speedLabel(speed: number): string;
  seekBar: string;
  /** Tooltip of the seek bar: its keys. */
  seekKeys: string;
  copyCommands: string;
  commandsCopied: string;
  copyFailed: string;

  // Following the presenters (`livedeck dev`).
  /** The audience's button back to the presenters' slide. */
  follow: string;
  followHint: string;
  /** Key help: S opens the presenter view. */
  presenterViewKey: string;

  // The presenter view.
  presenterView: string;
  currentSlide: string;
  upNext: string;
  /** The next step types this command. */
  nextCommand: string;
  nextSlide(n: number, total: number): string;
  endOfDeck: string;
  notes: string;
  noNotes: string;
  notesSmaller: string;
  notesLarger: string;
  slideOf(n: number, total: number): string;
  elapsed: string;
  pauseTimer: string;
  resumeTimer: string;
  resetTimer: string;
  /** Label of the countdown's minutes field (empty: no countdown). */
  countdown: string;
  remaining: string;
  overtime: string;
  clock: string;
  audience(viewers: number): string;
  offline: string;
  previous: string;
  next: string;

  // The presenter view's microphone: the teacher's voice in the lecture (M).
  /** The button's word while it does not record. */
  voice: string;
  voiceRecord: string;
  voicePause: string;
  voiceResume: string;
  voiceStarting: string;
  voicePaused: string;
  /** Read out before the time recorded. */
  voiceRecording: string;
  voiceNoToken: string;
  /** Why the voice does not record. */
  voiceInsecure: string;
  voiceUnsupported: string;
  voiceDenied: string;
  voiceNoMicrophone: string;
  voiceFailed: string;
  voiceBusy: string;
  voiceLost: string;
  voiceServer(message: string): string;

  // The lecture player (`livedeck build --lecture`).
  lecturePlayer: string;
  lectureSeekBar: string;
  /** Tooltip of the lecture's seek bar: its keys. */
  lectureKeys: string;
  /** The slide's number and title, in the chapter list, the ticks and the search results. */
  slideTitle(slide: number, title: string): string;
  chapters: string;
  search: string;
  searchPlaceholder: string;
  searching: string;
  searchNothing: string;
  searchFailed: string;
  /** `shown` moments listed of `total` found. */
  searchCount(shown: number, total: number): string;
  /** A search result found in a terminal. */
  inTerminal: string;
  close: string;
  /** Back to where the lecture was, after browsing the deck by hand. */
  backToLecture: string;
  backToLectureHint: string;
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
  loadingRecording: 'chargement…',
  recording: 'enregistrement',
  playing: 'lecture',
  recordingEnded: 'fin de l’enregistrement',
  recordingFailed: 'enregistrement indisponible',
  recordingMissing: 'Enregistrement introuvable',
  recordingInvalid: 'Enregistrement illisible',
  noRecording: 'Pas d’enregistrement pour cette démonstration : voici ses commandes.',
  play: 'Lecture (Espace)',
  pause: 'Pause (Espace)',
  speed: 'Vitesse',
  speedLabel: (speed) => `${String(speed).replace('.', ',')}×`,
  seekBar: 'Position dans l’enregistrement',
  seekKeys: '← → : 5 s · [ ] : étape précédente, suivante · . : jouer une étape',
  copyCommands: 'Copier les commandes',
  commandsCopied: 'commandes copiées',
  copyFailed: 'copie impossible',
  follow: 'Suivre le présentateur',
  followHint: 'Revenir à la diapositive du présentateur et la suivre',
  presenterViewKey: 'Vue présentateur',
  presenterView: 'Vue présentateur',
  currentSlide: 'Diapositive actuelle',
  upNext: 'À suivre',
  nextCommand: 'Prochaine commande',
  nextSlide: (n, total) => `Diapositive ${n}/${total}`,
  endOfDeck: 'Fin de la présentation',
  notes: 'Notes',
  noNotes: 'Pas de notes pour cette diapositive.',
  notesSmaller: 'Texte plus petit',
  notesLarger: 'Texte plus grand',
  slideOf: (n, total) => `${n} / ${total}`,
  elapsed: 'Écoulé',
  pauseTimer: 'Pause',
  resumeTimer: 'Reprendre',
  resetTimer: 'Remettre à zéro',
  countdown: 'Durée (min)',
  remaining: 'Restant',
  overtime: 'Dépassé',
  clock: 'Heure',
  audience: (viewers) => (viewers === 0 ? 'aucun spectateur' : viewers === 1 ? '1 spectateur' : `${viewers} spectateurs`),
  offline: 'hors ligne',
  previous: 'Précédent',
  next: 'Suivant',
  voice: 'Voix',
  voiceRecord: 'Enregistrer la voix dans la leçon (M)',
  voicePause: 'Mettre la voix en pause (M)',
  voiceResume: 'Reprendre l’enregistrement de la voix (M)',
  voiceStarting: 'micro…',
  voicePaused: 'en pause',
  voiceRecording: 'Voix enregistrée :',
  voiceNoToken: 'Voix indisponible : ouvrez la vue présentateur avec l’URL « presenter » affichée au lancement de livedeck dev, qui se termine par ?token=…',
  voiceInsecure: 'Micro indisponible : le navigateur ne le donne qu’aux pages sûres. Ouvrez la vue présentateur sur la machine qui lance livedeck dev (http://localhost:…).',
  voiceUnsupported: 'Ce navigateur ne sait pas enregistrer en Opus (MediaRecorder, audio/webm) : prenez Chrome, Chromium, Edge ou Firefox.',
  voiceDenied: 'Micro refusé : autorisez-le pour cette page (icône près de l’adresse), puis appuyez de nouveau sur M.',
  voiceNoMicrophone: 'Aucun micro trouvé : branchez-en un, puis appuyez de nouveau sur M.',
  voiceFailed: 'Le micro n’a pas pu démarrer : appuyez de nouveau sur M pour réessayer.',
  voiceBusy: 'Une autre fenêtre présentateur enregistre déjà la voix.',
  voiceLost: 'Le micro s’est arrêté : voix en pause.',
  voiceServer: (message) => `Voix arrêtée : ${message}`,
  lecturePlayer: 'Lecteur du cours',
  lectureSeekBar: 'Position dans le cours',
  lectureKeys: 'Espace : lecture, pause · ← → : 5 s · [ ] : diapositive précédente, suivante',
  slideTitle: (slide, title) => `${slide}. ${title}`,
  chapters: 'Chapitres',
  search: 'Rechercher',
  searchPlaceholder: 'Chercher dans les diapositives et les terminaux',
  searching: 'recherche…',
  searchNothing: 'Aucun résultat',
  searchFailed: 'Index de recherche indisponible',
  searchCount: (shown, total) => (shown < total ? `${shown} moments sur ${total}` : total === 1 ? '1 moment' : `${total} moments`),
  inTerminal: 'terminal',
  close: 'Fermer',
  backToLecture: 'Retour au cours',
  backToLectureHint: 'Reprendre le cours là où il en était',
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
  loadingRecording: 'loading…',
  recording: 'recording',
  playing: 'playing',
  recordingEnded: 'end of the recording',
  recordingFailed: 'recording unavailable',
  recordingMissing: 'Recording not found',
  recordingInvalid: 'Unreadable recording',
  noRecording: 'No recording for this demo: here are its commands.',
  play: 'Play (Space)',
  pause: 'Pause (Space)',
  speed: 'Speed',
  speedLabel: (speed) => `${speed}×`,
  seekBar: 'Position in the recording',
  seekKeys: '← →: 5 s · [ ]: previous, next step · .: play one step',
  copyCommands: 'Copy the commands',
  commandsCopied: 'commands copied',
  copyFailed: 'could not copy',
  follow: 'Follow the presenter',
  followHint: 'Back to the presenter’s slide, and follow it',
  presenterViewKey: 'Presenter view',
  presenterView: 'Presenter view',
  currentSlide: 'Current slide',
  upNext: 'Up next',
  nextCommand: 'Next command',
  nextSlide: (n, total) => `Slide ${n}/${total}`,
  endOfDeck: 'End of the deck',
  notes: 'Notes',
  noNotes: 'No notes for this slide.',
  notesSmaller: 'Smaller text',
  notesLarger: 'Larger text',
  slideOf: (n, total) => `${n} / ${total}`,
  elapsed: 'Elapsed',
  pauseTimer: 'Pause',
  resumeTimer: 'Resume',
  resetTimer: 'Reset',
  countdown: 'Length (min)',
  remaining: 'Remaining',
  overtime: 'Over time',
  clock: 'Time',
  audience: (viewers) => (viewers === 0 ? 'no viewer' : viewers === 1 ? '1 viewer' : `${viewers} viewers`),
  offline: 'offline',
  previous: 'Previous',
  next: 'Next',
  voice: 'Voice',
  voiceRecord: 'Record the voice into the lecture (M)',
  voicePause: 'Pause the voice (M)',
  voiceResume: 'Resume recording the voice (M)',
  voiceStarting: 'microphone…',
  voicePaused: 'paused',
  voiceRecording: 'Voice recorded:',
  voiceNoToken: 'Voice unavailable: open the presenter view with the "presenter" URL that livedeck dev prints at start, the one ending in ?token=…',
  voiceInsecure: 'Microphone unavailable: browsers give it to secure pages only. Open the presenter view on the machine that runs livedeck dev (http://localhost:…).',
  voiceUnsupported: 'This browser cannot record Opus (MediaRecorder, audio/webm): use Chrome, Chromium, Edge or Firefox.',
  voiceDenied: 'Microphone refused: allow it for this page (the icon by the address), then press M again.',
  voiceNoMicrophone: 'No microphone found: plug one in, then press M again.',
  voiceFailed: 'The microphone could not start: press M to try again.',
  voiceBusy: 'Another presenter window is already recording the voice.',
  voiceLost: 'The microphone stopped: voice paused.',
  voiceServer: (message) => `Voice stopped: ${message}`,
  lecturePlayer: 'Lecture player',
  lectureSeekBar: 'Position in the lecture',
  lectureKeys: 'Space: play, pause · ← →: 5 s · [ ]: previous, next slide',
  slideTitle: (slide, title) => `${slide}. ${title}`,
  chapters: 'Chapters',
  search: 'Search',
  searchPlaceholder: 'Search the slides and terminals',
  searching: 'searching…',
  searchNothing: 'Nothing found',
  searchFailed: 'Search index unavailable',
  searchCount: (shown, total) => (shown < total ? `${shown} of ${total} moments` : total === 1 ? '1 moment' : `${total} moments`),
  inTerminal: 'terminal',
  close: 'Close',
  backToLecture: 'Back to the lecture',
  backToLectureHint: 'Resume the lecture where it was',
};

export function uiStrings(lang: Lang): UiStrings {
  return lang === 'fr' ? fr : en;
}
