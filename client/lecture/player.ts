// The lecture player of a lecture's static site (`livedeck build --lecture`): one clock for the
// whole class, and everything follows it: the deck shows the slide and fragment of that moment, the
// terminal panes their live sessions' casts, the voice its segment (the voice, while it plays, is
// the clock's master). A student who moves the deck by hand pauses it, and "back to the lecture"
// resumes it where it was. A moment of another version of the deck (a live edit made a new deck
// snapshot) is shown in this page when the build let the versions share it (deck-versions.ts: its
// slides swapped in, the panes it shares with the version shown kept, its other panes made anew), else it is another page: the player opens it there
// (#t=, playing on). Also `window.livedeck.lecture`, for tests and bench/lecture.ts.

import type { RevealApi } from 'reveal.js';
import type { LectureDeckVersion } from '../../common/lecture-deck.js';
import { LECTURE_SPEEDS, type LecturePage, type LecturePageRef, type LectureSearchEntry, type LectureSiteData } from '../../common/lecture-site.js';
import type { ReplaySpeed } from '../terminal/cast-source.js';
import type { DeckTerminals } from '../terminal/controller.js';
import { afterNextPaint } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { ChapterList } from './chapter-list.js';
import { LectureClock } from './clock.js';
import { keepTimeInAddress, readTimeLink, timeHash } from './deep-link.js';
import { DeckFollower } from './deck-follower.js';
import { DeckVersions, swapSlides } from './deck-versions.js';
import { LectureKeys } from './keys.js';
import { loadLectureData, siteRoot } from './lecture-data.js';
import { PaneFollower } from './pane-follower.js';
import { PlayerBar, type LecturePanelName } from './player-bar.js';
import { SearchIndex } from './search.js';
import { SearchPanel } from './search-panel.js';
import { chapterAt, clampTime, nextChapterTime, pageAt, positionAt, previousChapterTime } from './timeline.js';
import { VoicePlayer } from './voice.js';

/** What tests and the benchmark ask of the player: `window.livedeck.lecture`. */
export interface LectureHandle {
  /** Seconds on the lecture's clock. */
  readonly time: number;
  readonly duration: number;
  readonly playing: boolean;
  /** False while the student browses the deck by hand. */
  readonly following: boolean;
  readonly speed: number;
  /** The version of the deck shown (LecturePage.version). */
  readonly version: number;
  play(): void;
  pause(): void;
  seek(time: number): void;
  setSpeed(speed: number): void;
  /** Back to the lecture after browsing: plays on from where it was. */
  resume(): void;
  /** Resolves once the slide, its fragment, its panes and the voice show the current time. */
  shown(): Promise<void>;
  /** The voice element for the current time, or null. */
  readonly audio: HTMLAudioElement | null;
  search(text: string): Promise<LectureSearchEntry[]>;
}

declare module '../terminal/controller.js' {
  interface LivedeckHandle {
    lecture?: LectureHandle;
  }
}

/** Loads the lecture's data and starts its player on this page (`page`: the page's own data),
 * which takes over the page's terminals. */
export async function startLecture(deck: RevealApi, terminals: DeckTerminals, ref: LecturePageRef, strings: UiStrings): Promise<LecturePlayer> {
  const data = await loadLectureData(ref);
  const player = new LecturePlayer(deck, terminals, data, ref, strings);
  if (window.livedeck) window.livedeck.lecture = player.handle();
  document.documentElement.dataset.ldLecture = 'ready';
  // The other versions this page shows, once its first slide is on screen.
  void afterNextPaint().then(() => player.prefetch());
  return player;
}

export class LecturePlayer {
  private readonly clock: LectureClock;
  private readonly root: string;
  private readonly deckFollower: DeckFollower;
  private readonly versions: DeckVersions;
  /** The page's file, and the version of the deck its slides are. */
  private readonly file: string;
  private version: number;
  /** A version's data is loading: the deck shows it once it has. */
  private loadingVersion: Promise<void> | null = null;
  private readonly panes: PaneFollower;
  private readonly voice: VoicePlayer;
  private readonly bar: PlayerBar;
  private readonly chapters: ChapterList;
  private readonly search: SearchPanel;
  private readonly keys: LectureKeys;
  private following = true;
  private panel: LecturePanelName | null = null;
  /** Another page is opening: nothing more happens here. */
  private leaving = false;
  private frame = 0;
  private readonly onHashChange = () => {
    const link = readTimeLink(location.hash);
    if (!link) return;
    this.seek(link.time);
    if (link.play) this.play();
  };

  constructor(
    private readonly deck: RevealApi,
    private readonly terminals: DeckTerminals,
    private readonly data: LectureSiteData,
    ref: LecturePageRef,
    strings: UiStrings,
  ) {
    this.clock = new LectureClock(data.duration);
    this.root = siteRoot(ref);
    this.file = data.pages[ref.page]?.file ?? '';
    this.version = data.pages[ref.page]?.version ?? 0;
    this.versions = new DeckVersions(this.root);
    this.deckFollower = new DeckFollower(deck, () => this.browse());
    this.panes = new PaneFollower(deck, terminals);
    this.voice = new VoicePlayer(data.voice, this.root);
    const pick = (time: number) => {
      this.seek(time);
      this.play();
    };
    const close = () => this.togglePanel(this.panel ?? 'chapters');
    this.chapters = new ChapterList(data.chapters, strings, pick, close);
    this.search = new SearchPanel(new SearchIndex(this.root), data.chapters, strings, pick, close);
    this.bar = new PlayerBar(data.chapters, data.duration, strings, {
      toggle: () => this.toggle(),
      seek: (time) => this.seek(time),
      setSpeed: (speed) => this.setSpeed(speed),
      togglePanel: (panel) => this.togglePanel(panel),
      resume: () => this.resume(),
    });
    this.keys = new LectureKeys({
      toggle: () => this.toggle(),
      seekBy: (seconds) => this.seek(this.time + seconds),
      previousChapter: () => this.seek(previousChapterTime(data.chapters, this.time, this.clock.playing)),
      nextChapter: () => {
        const next = nextChapterTime(data.chapters, this.time);
        if (next !== null) this.seek(next);
      },
    });
    document.body.classList.add('ld-lecture');
    document.body.append(this.chapters.panel.element, this.search.panel.element, this.bar.element);
    // The slides are laid out above the bar (reveal.js measures its box only on a resize).
    deck.layout();
    window.addEventListener('hashchange', this.onHashChange);

    const link = readTimeLink(location.hash);
    // A page of a later snapshot opened without a time starts where it starts.
    this.clock.seek(link?.time ?? data.pages[ref.page]?.from ?? 0);
    this.apply();
    if (link?.play) {
      this.play();
      // A reload of this address shows the moment; it does not start playing by itself.
      keepTimeInAddress(this.clock.time);
    }
  }

  get time(): number {
    const time = this.clock.time;
    return this.voice.read(time, this.clock.playing) ?? time;
  }

  get playing(): boolean {
    return this.clock.playing;
  }

  handle(): LectureHandle {
    // Getters: each read is the player's state at that moment.
    const player = this;
    return {
      get time() { return player.time; },
      get duration() { return player.data.duration; },
      get playing() { return player.clock.playing; },
      get following() { return player.following; },
      get speed() { return player.clock.speed; },
      get version() { return player.version; },
      get audio() { return player.voice.element(player.time); },
      play: () => this.play(),
      pause: () => this.pause(),
      seek: (time) => this.seek(time),
      setSpeed: (speed) => this.setSpeed(speed),
      resume: () => this.resume(),
      shown: () => this.shown(),
      search: (text) => {
        if (this.panel !== 'search') this.togglePanel('search');
        return this.search.show(text);
      },
    };
  }

  play(): void {
    if (this.leaving) return;
    if (!this.following) {
      this.resume();
      return;
    }
    if (this.clock.time >= this.data.duration) this.clock.seek(0);
    this.clock.play();
    this.apply();
  }

  pause(): void {
    this.clock.pause();
    this.panes.pause();
    this.voice.pause();
    this.apply();
    keepTimeInAddress(this.clock.time);
  }

  toggle(): void {
    if (this.clock.playing) this.pause();
    else this.play();
  }

  /** Goes to `time` (following the lecture again), playing on if it played. */
  seek(time: number): void {
    if (this.leaving) return;
    this.following = true;
    this.clock.seek(clampTime(this.data, time));
    this.apply();
    keepTimeInAddress(this.clock.time);
  }

  setSpeed(speed: number): void {
    if (!(LECTURE_SPEEDS as readonly number[]).includes(speed)) return;
    this.clock.setSpeed(speed);
    this.apply();
  }

  /** Back to the lecture where it was when the student started browsing, and on playing. */
  resume(): void {
    this.following = true;
    this.play();
  }

  async shown(): Promise<void> {
    this.apply();
    while (this.loadingVersion) await this.loadingVersion;
    const time = this.time;
    await Promise.all([
      this.panes.shown(() => this.time, () => this.clock.playing, () => this.clock.speed as ReplaySpeed),
      this.voice.shown(time),
    ]);
  }

  /** Loads the other versions of the deck this page shows, before a seek needs them. */
  prefetch(): void {
    for (const page of this.data.pages) {
      if (page.file === this.file && page.deck !== null && page.version !== this.version) this.versions.load(page.deck).catch(() => undefined);
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    window.removeEventListener('hashchange', this.onHashChange);
    this.keys.dispose();
    this.deckFollower.dispose();
    this.terminals.dispose();
    this.versions.dispose();
    this.voice.dispose();
    this.bar.dispose();
    this.chapters.dispose();
    this.search.dispose();
    document.body.classList.remove('ld-lecture', 'ld-lecture-panel-open');
    if (window.livedeck?.lecture) delete window.livedeck.lecture;
  }

  /** The student moved the deck by hand: the lecture pauses, the deck is theirs. The panes of a
   * slide browsed to show the class as it was at the lecture's time. */
  private browse(): void {
    if (this.following) {
      this.following = false;
      this.clock.pause();
      this.voice.pause();
    }
    this.panes.follow(this.clock.time, false, this.clock.speed as ReplaySpeed);
    this.render(this.clock.time);
  }

  private togglePanel(panel: LecturePanelName): void {
    this.panel = this.panel === panel ? null : panel;
    this.chapters.panel.open = this.panel === 'chapters';
    this.search.panel.open = this.panel === 'search';
    document.body.classList.toggle('ld-lecture-panel-open', this.panel !== null);
    this.deck.layout();
    if (this.panel === 'chapters') this.chapters.reveal();
    if (this.panel === 'search') this.search.focus();
    this.render(this.clock.time);
  }

  /** Puts everything at the clock's time; while playing, again at every frame. */
  private apply(): void {
    cancelAnimationFrame(this.frame);
    if (this.leaving) return;
    let time = this.clock.time;
    const playing = this.clock.playing;
    const voice = this.voice.read(time, playing);
    if (voice !== null) {
      this.clock.seek(voice);
      time = voice;
    }
    if (playing && time >= this.data.duration) this.clock.pause();
    const page = this.data.pages[pageAt(this.data.pages, time)]!;
    if (page.version !== this.version) {
      if (page.file !== this.file || page.deck === null) {
        this.open(page, time);
        return;
      }
      const version = this.versions.get(page.deck);
      if (!version) {
        this.loadVersion(page.deck);
        this.render(time);
        return;
      }
      // The voice first: its file loads and seeks while the slides and panes are swapped (the
      // slowest seeks are the first into a version, and the first to a voice's file).
      if (this.following) this.voice.follow(time, this.clock.playing, this.clock.speed);
      this.showVersion(page.version, version, time);
    }
    if (this.following) {
      const position = positionAt(this.data.positions, time);
      if (position) this.deckFollower.show(position);
      this.panes.follow(time, this.clock.playing, this.clock.speed as ReplaySpeed);
      this.voice.follow(time, this.clock.playing, this.clock.speed);
    }
    this.render(time);
    if (this.clock.playing) this.frame = requestAnimationFrame(() => this.apply());
  }

  /** The time is on another page (a version of the deck this one cannot show): opens it there. */
  private open(page: LecturePage, time: number): void {
    const playing = this.clock.playing;
    this.leaving = true;
    this.clock.pause();
    this.voice.pause();
    location.href = this.root + page.file + timeHash(time, { exact: true, play: playing });
  }

  /** Loads a version's data, then puts everything at the clock's time again (the clock runs on
   * meanwhile, the deck waits). */
  private loadVersion(script: string): void {
    if (this.loadingVersion) return;
    this.loadingVersion = this.versions.load(script).then(() => {
      this.loadingVersion = null;
      this.apply();
    }, (error: unknown) => {
      this.loadingVersion = null;
      console.error(error);
    });
  }

  /** Swaps version `index` of the deck into the page: its slides and its panes (those it shares
   * with the version shown kept as they are), at the position of `time`, then the panes of the
   * slide shown open (not before: they open on the slide shown). */
  private showVersion(index: number, version: LectureDeckVersion, time: number): void {
    this.panes.pause();
    swapSlides(this.deck, version, () => this.terminals.replaceSlides(version.terminals));
    this.version = index;
    const { h, v, f } = this.deck.getIndices();
    this.deckFollower.show(positionAt(this.data.positions, time) ?? { time, h, v: v ?? 0, f: f ?? -1, slide: 0 }, true);
    // reveal.js says nothing when the new slide has the indices of the old one.
    this.terminals.showCurrent();
  }

  private render(time: number): void {
    const chapter = chapterAt(this.data.chapters, time);
    this.chapters.render(chapter);
    this.bar.render({ time, playing: this.clock.playing, following: this.following, speed: this.clock.speed, chapter, panel: this.panel });
  }
}
