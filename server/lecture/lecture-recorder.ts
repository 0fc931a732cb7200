// Turns a `livedeck dev` launch into a lecture: listens to the presenters' moves (SyncService),
// the shells and their casts (SessionManager, LiveRecorder), the demo steps typed, each compiled
// deck and the voice service, and writes them on one clock into the launch's timeline
// (lecture-log.ts), with a snapshot of every deck the page showed (deck-snapshot.ts). The
// lecture opens with the first thing worth keeping (a move, a shell, a voice segment): a launch
// nobody presents leaves nothing behind.

import { LECTURE_VERSION, type LectureEvent } from '../../common/lecture.js';
import type { DeckPosition } from '../../common/sync-protocol.js';
import { slideAt, type Deck, type Slide } from '../deck/model.js';
import type { LiveRecorder } from '../recording/live-recorder.js';
import type { SyncService } from '../sync/sync-service.js';
import type { SessionManager } from '../terminal/session-manager.js';
import type { ExitStatus, TerminalSession } from '../terminal/session.js';
import { writeSnapshot } from './deck-snapshot.js';
import { LectureLog } from './lecture-log.js';

export interface LectureRecorderOptions {
  /** The launch's folder, the one its casts go to (LiveRecorder.dir). */
  dir: string;
  /** The deck's file as `livedeck dev` was given it, and its title: the timeline's header. */
  deck: string;
  title: string;
  sync: SyncService;
  sessions: SessionManager;
  casts: LiveRecorder;
  /** Where problems are told (a file that cannot be written); the lecture goes on. */
  log: (line: string) => void;
}

/** An event in the order it happened; a deck's waits for its snapshot to be written. */
interface Slot {
  event: LectureEvent | null;
  ready: boolean;
}

export class LectureRecorder {
  private readonly start = performance.now();
  private readonly lecture: LectureLog;
  private readonly options: LectureRecorderOptions;
  /** Events not yet written, in the order they happened: a deck event holds the ones after it
   * until its snapshot is stored, so the timeline's times never go back. */
  private readonly queue: Slot[] = [];
  /** The snapshots are stored one after the other (two of the same file never race). */
  private snapshots: Promise<void> = Promise.resolve();
  private lastSnapshot: string | null = null;
  /** The newest deck compiled before the lecture opened: snapshotted when it opens. */
  private unstored: { t: number; deck: Deck } | null = null;
  /** The slides of the newest deck, which positions are numbered in. */
  private slides: readonly Slide[] = [];
  private lastPosition: string | null = null;
  /** Shells recorded and not ended: their cast, and the exit listener to remove. */
  private readonly running = new Map<TerminalSession, { cast: string; onExit: (status: ExitStatus) => void }>();
  /** The server is stopping: shells ending from now on were stopped by it (status null). */
  private stopping = false;
  private disposed = false;
  private readonly onPosition = (position: DeckPosition) => this.position(position);
  private readonly onRecording = (session: TerminalSession, cast: string, pane: string | null) => this.sessionStart(session, cast, pane);
  private readonly onStep = (session: TerminalSession, pane: string, step: number, state: 'typing' | 'done') => {
    this.enqueue({ t: this.now(), type: 'step', session: session.id, pane, step, state });
  };

  constructor(options: LectureRecorderOptions) {
    this.options = options;
    this.lecture = new LectureLog({ dir: options.dir, log: options.log });
    this.lecture.write({ t: 0, type: 'lecture', version: LECTURE_VERSION, started: localIso(new Date()), deck: options.deck, title: options.title });
    options.sync.on('position', this.onPosition);
    options.casts.on('recording', this.onRecording);
    options.sessions.on('step', this.onStep);
  }

  /** The lecture's folder: the voice files go there (it exists once voiceStart returned). */
  get dir(): string {
    return this.lecture.dir;
  }

  /** The deck compiled (at start, and after each save): a `deck` event and its snapshot when it
   * differs from the last one stored. */
  deckCompiled(deck: Deck): void {
    if (this.disposed) return;
    this.slides = deck.slides;
    const t = this.now();
    if (this.lecture.opened) this.storeDeck(t, deck);
    else this.unstored = { t, deck };
  }

  /** The presenter's microphone started recording into `file` (a name in `dir`). */
  voiceStart(file: string, mime: string): void {
    this.keep({ t: this.now(), type: 'voice-start', file, mime });
  }

  /** `bytes`: the file's size so far; `level`: the chunk's loudest moment, 0 to 1. */
  voiceChunk(file: string, bytes: number, level: number): void {
    this.enqueue({ t: this.now(), type: 'voice-chunk', file, bytes, level: Math.min(1, Math.max(0, level)) });
  }

  voiceEnd(file: string): void {
    this.enqueue({ t: this.now(), type: 'voice-end', file });
  }

  /** The server is stopping: the shells it ends from now on end with a null status (they did not
   * exit by themselves). Call before ending them. */
  serverStopping(): void {
    this.stopping = true;
  }

  /** Stops listening; shells still recorded end with a null status, then `end` (when the lecture
   * opened). Resolves once every snapshot is stored and the file closed. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.options.sync.off('position', this.onPosition);
    this.options.casts.off('recording', this.onRecording);
    this.options.sessions.off('step', this.onStep);
    for (const [session, { cast, onExit }] of this.running) {
      session.off('exit', onExit);
      this.push({ t: this.now(), type: 'session-end', session: session.id, cast, status: null });
    }
    this.running.clear();
    this.push({ t: this.now(), type: 'end' });
    await this.snapshots;
    this.lecture.dispose();
  }

  private position({ h, v, f }: DeckPosition): void {
    const slide = slideAt(this.slides, h, v);
    const key = `${h}/${v}/${f}`;
    // A position outside the deck (a page older than the last save) names no slide to replay.
    if (!slide || key === this.lastPosition) return;
    this.lastPosition = key;
    this.keep({ t: this.now(), type: 'position', h, v, f, slide: slide.index + 1 });
  }

  private sessionStart(session: TerminalSession, cast: string, pane: string | null): void {
    // Stamped now: the cast's clock started a moment ago, as LiveRecorder opened it.
    this.keep({ t: this.now(), type: 'session-start', session: session.id, pane, demo: session.demo?.name ?? null, cast, cols: session.cols, rows: session.rows });
    const onExit = (status: ExitStatus) => {
      this.running.delete(session);
      const code = this.stopping ? null : Math.min(255, Math.max(0, status.signal ? 128 + status.signal : status.code));
      this.enqueue({ t: this.now(), type: 'session-end', session: session.id, cast, status: code });
    };
    this.running.set(session, { cast, onExit });
    session.once('exit', onExit);
  }

  /** An event worth a lecture: opens it (the folder, the header, the deck of the moment) first. */
  private keep(event: LectureEvent): void {
    if (this.disposed) return;
    if (!this.lecture.opened) {
      // A folder that cannot be made was told once: no snapshot to try there either.
      if (this.lecture.open() && this.unstored) this.storeDeck(this.unstored.t, this.unstored.deck);
      this.unstored = null;
    }
    this.push(event);
  }

  private enqueue(event: LectureEvent): void {
    if (!this.disposed) this.push(event);
  }

  private push(event: LectureEvent): void {
    this.queue.push({ event, ready: true });
    this.flush();
  }

  private storeDeck(t: number, deck: Deck): void {
    const slot: Slot = { event: null, ready: false };
    this.queue.push(slot);
    this.snapshots = this.snapshots.then(async () => {
      try {
        const snapshot = await writeSnapshot(this.dir, deck);
        if (snapshot !== this.lastSnapshot) slot.event = { t, type: 'deck', snapshot };
        this.lastSnapshot = snapshot;
      } catch (error) {
        this.options.log(`lecture: the deck's snapshot could not be stored in ${this.dir}: ${(error as Error).message}`);
      }
      slot.ready = true;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue[0]?.ready) {
      const { event } = this.queue.shift()!;
      if (event) this.lecture.write(event);
    }
  }

  /** Milliseconds since the launch, on the clock of the casts (performance.now()). */
  private now(): number {
    return Math.round(performance.now() - this.start);
  }
}

/** 2026-12-07T09:30:00.000+01:00: the wall clock with the machine's offset, which the lecture's
 * list and site show as the teacher lived it. */
function localIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');
  const local = new Date(date.getTime() + offset * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  return `${local.toISOString().slice(0, -1)}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
