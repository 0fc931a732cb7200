// Browser entry point: starts reveal.js on the compiled slides, then the terminals (live shells in
// `livedeck dev`, recordings replayed in a static build), the sync with the other windows of the
// lecture (`livedeck dev`) and the dev live reload. The same page is the presenter view's frames
// (see frame.ts).

import Reveal from 'reveal.js';
import type { DeckClientData } from '../common/deck.js';
import { readDeckData } from './deck-data.js';
import { restorePosition, startLiveReload } from './live-reload.js';
import { arrangePrintPages, isPrintView } from './print-view.js';
import { deckFrame, type DeckFrame } from './frame.js';
import { uiStrings } from './ui/i18n.js';
import { DeckSync } from './sync/deck-sync.js';
import { FollowButton } from './sync/follow-button.js';
import { startLecture, type LecturePlayer } from './lecture/player.js';
import { DeckTerminals, isTerminalKey, prefetchReplays } from './terminal/controller.js';
import { takeToken } from './terminal/token.js';

declare global {
  interface Window {
    Reveal: InstanceType<typeof Reveal>;
    /** The window's sync with the lecture (live decks), for the presenter view and tests. */
    livedeckSync?: DeckSync;
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
  const frame = deckFrame();
  const preview = frame === 'next';

  deck = new Reveal({
    width: data.width,
    height: data.height,
    // livedeck's look; a deck with a reveal.js theme keeps reveal.js's defaults for it.
    ...(data.look === 'reveal' ? {} : LIVEDECK_LOOK),
    controlsTutorial: false,
    slideNumber: false,
    // Links to a slide and a step (#/3/1/2), and a reload on the same slide.
    hash: true,
    respondToHashChanges: true,
    // The deck's own choices (checked by the compiler against reveal.js's configuration).
    ...data.revealOptions,
    // From here on, what the rest of livedeck relies on, whatever the deck says. Printed, a page is
    // exactly the slide's size.
    ...(isPrintView() ? { margin: 0 } : {}),
    // The presenter view's frames follow the view, not their address; a lecture's address is its
    // time (#t=), which its player keeps.
    ...(frame === 'deck' && !data.lecture ? {} : { hash: false, respondToHashChanges: false }),
    history: false,
    // A window that follows the presenters or a lecture's time shows one slide at a time, with the
    // step they are at: reveal.js's scroll view (the slides stacked, their steps shown as one
    // scrolls, which it turns on in a narrow window such as a phone held upright) follows neither.
    ...(data.mode === 'live' || data.lecture ? { scrollActivationWidth: undefined } : {}),
    // A preview is a still picture that the view moves.
    ...(preview ? { keyboard: false, touch: false, controls: false, progress: false, transition: 'none' as const } : {}),
    pdfSeparateFragments: true,
    pdfMaxPagesPerSlide: 1,
    // Keys typed into a live terminal are the shell's (arrows, space, Escape in vi).
    keyboardCondition: (event: KeyboardEvent) => !isTerminalKey(event),
  });
  // Like reveal.js's own default instance: scripts, tests and the console reach the deck here.
  window.Reveal = deck;
  const started = deck;
  if (isPrintView()) arrangePrintPages(started);
  // Opened at a slide or a step of it, reveal.js shows them before it is ready (a slide other than
  // the first one changes, or fragments show): its recordings start loading then.
  const early = () => prefetchReplays(started, data);
  const startEvents = ['slidechanged', 'fragmentshown'];
  if (!isPrintView() && !preview) for (const type of startEvents) started.on(type, early);
  void started.initialize().then(() => {
    for (const type of startEvents) started.off(type, early);
    const printing = started.getConfig().view === 'print';
    // Every window of a live lecture follows the presenters (a preview is moved by its view).
    const sync = data.mode === 'live' && token !== null && !printing && !preview ? startSync(started, data, token, frame) : null;
    // Live shells, or in static pages the recordings' replay; printing and previews keep the
    // steps as text.
    let lecture: LecturePlayer | null = null;
    const terminals = !printing && !preview
      ? new DeckTerminals(started, data, token, {
        remoteMove: () => sync?.remoteMove ?? false,
        lecture: data.lecture ? { playing: () => lecture?.playing ?? false } : null,
      })
      : null;
    // A lecture's page: its player drives the deck and the panes.
    if (terminals && data.lecture) {
      startLecture(started, terminals, data.lecture, uiStrings(data.lang)).then((player) => {
        lecture = player;
      }, (error: unknown) => console.error(error));
    }
    restorePosition(started);
    document.documentElement.dataset.ldReady = 'true';
  });
}

/** livedeck's own presentation: slides top-aligned, a quick fade, controls at the edges. */
const LIVEDECK_LOOK = {
  margin: 0.02,
  center: false,
  controlsLayout: 'edges',
  transition: 'fade',
  transitionSpeed: 'fast',
  backgroundTransition: 'none',
} as const;

function startSync(deck: InstanceType<typeof Reveal>, data: DeckClientData, token: string, frame: DeckFrame): DeckSync {
  const strings = uiStrings(data.lang);
  let button: FollowButton | null = null;
  const sync = new DeckSync(deck, {
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`,
    token,
    changed: () => button?.update(),
  });
  button = new FollowButton(sync, strings);
  // S, as in reveal.js's speaker notes: the presenter view, in a window of its own (it shares
  // this tab's token).
  if (frame === 'deck') {
    deck.addKeyBinding({ keyCode: 83, key: 'S', description: strings.presenterViewKey }, () => {
      if (sync.role === 'presenter') window.open('/presenter', 'livedeck-presenter', 'popup,width=1400,height=850');
    });
  }
  window.livedeckSync = sync;
  return sync;
}

main();
