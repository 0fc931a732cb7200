// The presenter view (`/presenter` in `livedeck dev`): the deck as the room sees it, in a frame
// that is a full presenter window (its terminals are the projector's very shells, and typing in
// them works), what "next" will show (the next step's preview, and the command it types), the
// speaker notes, the slide number, the audience, the lecture timer and the clock, and the microphone
// when the launch records a lecture (voice-button.ts). The view drives its deck frame; the frame's
// sync carries every move to the projector and the students.

import type { RevealApi } from 'reveal.js';
import type { DeckClientData, PresenterData } from '../../common/deck.js';
import { describeKeys } from '../../common/steps.js';
import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { slideNumberAt } from '../ui/slide-number.js';
import type { DeckSync } from '../sync/deck-sync.js';
import { nextStep } from './next-step.js';
import { formatDuration, LectureTimer } from './timer.js';
import { isVoiceKey, type VoiceButton } from './voice-button.js';

/** What the view reaches in its frames' windows (same origin), before and after their page
 * started. */
interface DeckWindow {
  document: Document;
  Reveal?: RevealApi;
  livedeckSync?: DeckSync;
}

const NOTES_SIZE_KEY = 'livedeck:notes-size';
const NOTES_SIZE = { min: 12, max: 48, step: 2, initial: 22 };

export class PresenterView {
  private readonly current: HTMLIFrameElement;
  private readonly preview: HTMLIFrameElement;
  private readonly timer = new LectureTimer();
  private readonly ticker: ReturnType<typeof setInterval>;
  private deck: RevealApi | null = null;
  private deckData: DeckClientData | null = null;
  private readonly onDeckMoved = () => this.update();
  private notesSize: number;
  private readonly parts: {
    slideNumber: HTMLElement;
    audience: HTMLElement;
    elapsed: HTMLElement;
    remaining: HTMLElement;
    pause: HTMLButtonElement;
    clock: HTMLElement;
    nextLabel: HTMLElement;
    nextCommand: HTMLElement;
    notes: HTMLElement;
  };

  constructor(
    private readonly data: PresenterData,
    private readonly strings: UiStrings,
    /** The microphone, when the launch records a lecture (PresenterData.voice). */
    private readonly voice: VoiceButton | null = null,
  ) {
    document.title = `${strings.presenterView} · ${data.title}`;
    const aspect = `${data.width} / ${data.height}`;

    // The bar: where we are, who watches, how long it has been.
    const bar = el('header', 'ld-pv-bar');
    const title = el('h1', 'ld-pv-title');
    title.textContent = data.title;
    const slideNumber = el('span', 'ld-pv-slide-number');
    const audience = el('span', 'ld-pv-audience');
    const timerBox = el('div', 'ld-pv-timer');
    const elapsed = el('span', 'ld-pv-elapsed');
    elapsed.title = strings.elapsed;
    const pause = button('ld-pv-pause', '', () => {
      this.timer.toggle();
      this.tick();
    });
    const reset = button('ld-pv-reset', '↺', () => {
      this.timer.reset();
      this.tick();
    });
    reset.title = strings.resetTimer;
    reset.setAttribute('aria-label', strings.resetTimer);
    const planned = el('input', 'ld-pv-planned');
    planned.type = 'number';
    planned.min = '1';
    planned.max = '600';
    planned.placeholder = strings.countdown;
    planned.title = strings.countdown;
    planned.setAttribute('aria-label', strings.countdown);
    planned.value = this.timer.plannedMinutes === null ? '' : String(this.timer.plannedMinutes);
    planned.addEventListener('input', () => {
      const minutes = Number(planned.value);
      this.timer.plan(planned.value === '' || !Number.isFinite(minutes) ? null : minutes);
      this.tick();
    });
    // Enter gives the keyboard back to the slides.
    planned.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === 'Escape') planned.blur();
    });
    const remaining = el('span', 'ld-pv-remaining');
    timerBox.append(elapsed, pause, reset, planned, remaining);
    const clock = el('time', 'ld-pv-clock');
    clock.title = strings.clock;
    bar.append(title, slideNumber, audience, ...(voice ? [voice.element] : []), timerBox, clock);

    // The deck, live.
    const main = el('main', 'ld-pv-main');
    const currentBox = el('section', 'ld-pv-current');
    currentBox.append(label(strings.currentSlide));
    this.current = frame('current', aspect);
    const nav = el('div', 'ld-pv-nav');
    nav.append(
      button('ld-pv-prev', `‹ ${strings.previous}`, () => this.deck?.prev()),
      button('ld-pv-next', `${strings.next} ›`, () => this.deck?.next()),
    );
    currentBox.append(this.current, nav);

    // What comes next, and the notes.
    const side = el('aside', 'ld-pv-side');
    const nextBox = el('section', 'ld-pv-upnext');
    const nextLabel = label(strings.upNext);
    this.preview = frame('next', aspect);
    this.preview.tabIndex = -1;
    const nextCommand = el('p', 'ld-pv-next-command');
    nextBox.append(nextLabel, this.preview, nextCommand);
    const notesBox = el('section', 'ld-pv-notes');
    const notesHead = el('div', 'ld-pv-notes-head');
    const smaller = button('ld-pv-smaller', 'A−', () => this.setNotesSize(this.notesSize - NOTES_SIZE.step));
    smaller.title = strings.notesSmaller;
    const larger = button('ld-pv-larger', 'A+', () => this.setNotesSize(this.notesSize + NOTES_SIZE.step));
    larger.title = strings.notesLarger;
    notesHead.append(label(strings.notes), smaller, larger);
    const notes = el('div', 'ld-pv-notes-body');
    notes.tabIndex = 0;
    notesBox.append(notesHead, notes);
    side.append(nextBox, notesBox);
    main.append(currentBox, side);
    document.body.append(bar, main);

    this.parts = { slideNumber, audience, elapsed, remaining, pause, clock, nextLabel, nextCommand, notes };
    this.notesSize = Number(localStorage.getItem(NOTES_SIZE_KEY)) || NOTES_SIZE.initial;
    this.setNotesSize(this.notesSize);

    // Each (re)load of the deck frame (the deck changed on disk: live reload) binds it afresh.
    this.current.addEventListener('load', () => this.bindDeck());
    this.preview.addEventListener('load', () => whenReady(this.preview, () => this.update()));
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.ticker = setInterval(() => this.tick(), 500);
    this.tick();
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.voice?.dispose();
    this.deck?.off('slidechanged', this.onDeckMoved);
    this.deck?.off('fragmentshown', this.onDeckMoved);
    this.deck?.off('fragmenthidden', this.onDeckMoved);
  }

  private bindDeck(): void {
    // The microphone's key works with the keyboard in the deck frame too (not in its terminals).
    this.current.contentWindow?.addEventListener('keydown', (event) => this.onVoiceKey(event));
    whenReady(this.current, (deck) => {
      this.deck = deck;
      this.deckData = readJson(this.current.contentDocument, 'livedeck-deck') as DeckClientData | null;
      deck.on('slidechanged', this.onDeckMoved);
      deck.on('fragmentshown', this.onDeckMoved);
      deck.on('fragmenthidden', this.onDeckMoved);
      this.update();
    });
  }

  /** The deck moved (here, on the projector, anywhere): notes, number and what comes next. */
  private update(): void {
    const deck = this.deck;
    if (!deck) return;
    const { strings, parts } = this;
    const { h, v } = deck.getIndices();
    parts.slideNumber.textContent = strings.slideOf(slideNumberAt(deck, h, v ?? 0) ?? h + 1, this.data.slides);
    const notes = deck.getSlideNotes();
    if (notes) parts.notes.innerHTML = notes; // compiled by livedeck from the deck's own Markdown
    else parts.notes.textContent = strings.noNotes;
    parts.notes.classList.toggle('ld-pv-notes-empty', !notes);
    parts.notes.scrollTop = 0;

    const next = nextStep(deck, this.deckData);
    const previewDeck = (this.preview.contentWindow as unknown as DeckWindow | null)?.Reveal;
    this.preview.hidden = next === null;
    if (next && previewDeck?.isReady()) previewDeck.slide(next.position.h, next.position.v, next.position.f);
    parts.nextLabel.textContent = next === null
      ? strings.endOfDeck
      : next.newSlide ? `${strings.upNext} · ${strings.nextSlide(slideNumberAt(deck, next.position.h, next.position.v) ?? next.position.h + 1, this.data.slides)}` : strings.upNext;
    parts.nextCommand.replaceChildren();
    if (next?.step) {
      const caption = el('span', 'ld-pv-next-caption');
      caption.textContent = next.step.caption ? `${strings.nextCommand} · ${next.step.caption}` : strings.nextCommand;
      const command = el('code');
      command.textContent = next.step.keys !== null ? describeKeys(next.step.keys) : next.step.command;
      parts.nextCommand.append(caption, command);
    }
    parts.nextCommand.hidden = !next?.step;
  }

  /** Every half second: the timers, the clock, the audience. */
  private tick(): void {
    const { parts, strings, timer } = this;
    parts.elapsed.textContent = formatDuration(timer.elapsed());
    // The icon is drawn by the stylesheet (fonts rarely have the pause sign).
    parts.pause.classList.toggle('ld-pv-running', timer.running);
    parts.pause.title = timer.running ? strings.pauseTimer : strings.resumeTimer;
    parts.pause.setAttribute('aria-label', parts.pause.title);
    const left = timer.remaining();
    parts.remaining.hidden = left === null;
    if (left !== null) {
      parts.remaining.textContent = `${left < 0 ? strings.overtime : strings.remaining} ${formatDuration(Math.abs(left))}`;
      parts.remaining.classList.toggle('ld-pv-overtime', left < 0);
    }
    const now = new Date();
    parts.clock.textContent = now.toLocaleTimeString(this.data.lang, { hour: '2-digit', minute: '2-digit' });
    const sync = (this.current.contentWindow as unknown as DeckWindow | null)?.livedeckSync;
    parts.audience.textContent = sync?.role ? strings.audience(sync.audience) : strings.offline;
    parts.audience.classList.toggle('ld-pv-offline', !sync?.role);
  }

  /** The slide keys, pressed anywhere in the view but in its deck frame (which has them itself)
   * and its form fields. */
  private onKey(event: KeyboardEvent): void {
    if (this.onVoiceKey(event)) return;
    const deck = this.deck;
    if (!deck || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement) return;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
      case 'PageDown':
      case ' ':
      case 'n':
        deck.next();
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
      case 'PageUp':
      case 'p':
        deck.prev();
        break;
      case 'Home':
        deck.slide(0, 0, -1);
        break;
      case 'End':
        deck.slide(deck.getHorizontalSlides().length - 1, 0);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  /** M: the microphone on or paused. */
  private onVoiceKey(event: KeyboardEvent): boolean {
    if (this.voice === null || !isVoiceKey(event)) return false;
    event.preventDefault();
    this.voice.toggle();
    return true;
  }

  private setNotesSize(size: number): void {
    this.notesSize = Math.min(NOTES_SIZE.max, Math.max(NOTES_SIZE.min, size));
    this.parts.notes.style.fontSize = `${this.notesSize}px`;
    localStorage.setItem(NOTES_SIZE_KEY, String(this.notesSize));
  }
}

function frame(kind: 'current' | 'next', aspect: string): HTMLIFrameElement {
  const iframe = el('iframe', `ld-pv-frame ld-pv-frame-${kind}`);
  iframe.src = `/?ld-frame=${kind}`;
  iframe.style.aspectRatio = aspect;
  iframe.title = kind;
  return iframe;
}

/** Runs `then` once the deck page in `iframe` has started reveal.js and its runtime. */
function whenReady(iframe: HTMLIFrameElement, then: (deck: RevealApi) => void): void {
  const check = () => {
    const win = iframe.contentWindow as unknown as DeckWindow | null;
    if (win?.Reveal && win.document.documentElement.dataset.ldReady === 'true') then(win.Reveal);
    else setTimeout(check, 50);
  };
  check();
}

function readJson(doc: Document | null, id: string): unknown {
  const text = doc?.getElementById(id)?.textContent;
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function label(text: string): HTMLElement {
  const h2 = el('h2', 'ld-pv-label');
  h2.textContent = text;
  return h2;
}

function button(className: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', className);
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
