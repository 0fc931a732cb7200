// The lecture player's bar, under the slides: play/pause, a seek bar with a tick per chapter (the
// slide's title on hover), time / duration, the current chapter, the speed (0.75x to 2x), the
// chapter list and search buttons, and "back to the lecture" while the student browses the deck.
// It shows what the player tells it (render) and asks the player for everything (BarActions).

import { formatLectureTime, LECTURE_SPEEDS, type LectureChapter } from '../../common/lecture-site.js';
import { el, iconButton, speedSelect } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';

export type LecturePanelName = 'chapters' | 'search';

export interface BarActions {
  toggle(): void;
  seek(time: number): void;
  setSpeed(speed: number): void;
  togglePanel(panel: LecturePanelName): void;
  resume(): void;
}

export interface BarState {
  time: number;
  playing: boolean;
  following: boolean;
  speed: number;
  /** Index of the current chapter, -1 before the first. */
  chapter: number;
  panel: LecturePanelName | null;
}

/** A pointer this close to a tick (px) points at its chapter. */
const TICK_REACH = 6;

const ICONS = {
  play: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 4.5v15l12.5-7.5z"/></svg>',
  pause: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 4.5h4.2v15H6zM13.8 4.5H18v15h-4.2z"/></svg>',
  chapters: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h2v2H4zm4 0h12v2H8zM4 11h2v2H4zm4 0h12v2H8zM4 17h2v2H4zm4 0h12v2H8z"/></svg>',
  search: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z"/></svg>',
  back: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4a8 8 0 1 1-7.4 5h2.2A6 6 0 1 0 12 6v3L7.5 5 12 1z"/></svg>',
};

export class PlayerBar {
  readonly element: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly seekBar: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly title: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private readonly panelButtons: Record<LecturePanelName, HTMLButtonElement>;
  private readonly back: HTMLButtonElement;
  private readonly ticks: HTMLElement[];
  private showsPause: boolean | null = null;
  private dragging = false;
  /** While dragging, one seek a frame at most: each seeks the slide's panes too. */
  private seekFrame = 0;
  private pendingSeek: number | null = null;

  constructor(
    private readonly chapters: readonly LectureChapter[],
    private readonly duration: number,
    private readonly strings: UiStrings,
    private readonly actions: BarActions,
  ) {
    this.element = el('div', 'ld-lecture-bar');
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', strings.lecturePlayer);

    this.playButton = iconButton('ld-lecture-play', ICONS.play, strings.play);
    this.playButton.addEventListener('click', () => actions.toggle());

    this.seekBar = el('div', 'ld-lecture-seek');
    this.seekBar.setAttribute('role', 'slider');
    this.seekBar.setAttribute('aria-label', strings.lectureSeekBar);
    this.seekBar.setAttribute('aria-valuemin', '0');
    this.seekBar.setAttribute('aria-valuemax', String(Math.round(duration)));
    const track = el('div', 'ld-lecture-track');
    this.progress = el('div', 'ld-lecture-progress');
    track.append(this.progress);
    const ticks = el('div', 'ld-lecture-ticks');
    this.ticks = chapters.map((chapter) => {
      const tick = el('span', 'ld-lecture-tick');
      tick.style.left = `${this.share(chapter.time) * 100}%`;
      return tick;
    });
    ticks.append(...this.ticks);
    this.tooltip = el('div', 'ld-lecture-tooltip');
    this.tooltip.hidden = true;
    this.seekBar.append(track, ticks, this.tooltip);
    this.seekBar.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.seekBar.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.seekBar.addEventListener('pointerup', (event) => this.onPointerUp(event));
    this.seekBar.addEventListener('pointercancel', (event) => this.onPointerUp(event));
    this.seekBar.addEventListener('pointerleave', () => {
      if (!this.dragging) this.tooltip.hidden = true;
    });

    this.clock = el('span', 'ld-lecture-time');
    // The seek bar has its own tooltips (times, chapters): the keys are told here.
    this.clock.title = strings.lectureKeys;
    this.title = el('span', 'ld-lecture-title');

    this.speed = speedSelect('ld-lecture-speed', LECTURE_SPEEDS, strings.speed, strings.speedLabel, (speed) => actions.setSpeed(speed));

    this.panelButtons = {
      chapters: iconButton('ld-lecture-chapters-button', ICONS.chapters, strings.chapters),
      search: iconButton('ld-lecture-search-button', ICONS.search, strings.search),
    };
    for (const [name, control] of Object.entries(this.panelButtons)) {
      control.setAttribute('aria-expanded', 'false');
      control.addEventListener('click', () => actions.togglePanel(name as LecturePanelName));
    }

    this.back = iconButton('ld-lecture-back', ICONS.back, strings.backToLectureHint);
    const label = el('span');
    label.textContent = strings.backToLecture;
    this.back.append(label);
    this.back.hidden = true;
    this.back.addEventListener('click', () => actions.resume());

    // A click on a button does not keep the keyboard there: Space stays the lecture's play/pause.
    for (const control of [this.playButton, this.back, ...Object.values(this.panelButtons)]) {
      control.addEventListener('mousedown', (event) => event.preventDefault());
    }
    this.element.append(this.playButton, this.seekBar, this.clock, this.title, this.back, this.speed, this.panelButtons.chapters, this.panelButtons.search);
  }

  render(state: BarState): void {
    const { strings } = this;
    if (state.playing !== this.showsPause) {
      this.showsPause = state.playing;
      this.playButton.innerHTML = state.playing ? ICONS.pause : ICONS.play;
      this.playButton.title = state.playing ? strings.pause : strings.play;
      this.playButton.setAttribute('aria-label', this.playButton.title);
    }
    if (!this.dragging) this.progress.style.width = `${this.share(state.time) * 100}%`;
    const clock = `${formatLectureTime(state.time)} / ${formatLectureTime(this.duration)}`;
    if (this.clock.textContent !== clock) {
      this.clock.textContent = clock;
      this.seekBar.setAttribute('aria-valuenow', String(Math.floor(state.time)));
      this.seekBar.setAttribute('aria-valuetext', clock);
    }
    const chapter = this.chapters[state.chapter];
    const title = chapter ? strings.slideTitle(chapter.slide, chapter.title) : '';
    if (this.title.textContent !== title) {
      this.title.textContent = title;
      this.title.title = title;
    }
    this.ticks.forEach((tick, index) => tick.classList.toggle('ld-lecture-tick-passed', index <= state.chapter));
    if (this.speed.value !== String(state.speed)) this.speed.value = String(state.speed);
    this.back.hidden = state.following;
    this.element.classList.toggle('ld-lecture-browsing', !state.following);
    for (const [name, control] of Object.entries(this.panelButtons)) {
      const open = state.panel === name;
      control.classList.toggle('ld-lecture-active', open);
      control.setAttribute('aria-expanded', String(open));
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.seekFrame);
    this.element.remove();
  }

  private share(time: number): number {
    return this.duration > 0 ? Math.min(1, Math.max(0, time / this.duration)) : 0;
  }

  /** The time under the pointer, snapped to a chapter's tick when it is that close. */
  private pointed(event: PointerEvent): { time: number; chapter: number | null } {
    const box = this.seekBar.getBoundingClientRect();
    const x = Math.min(Math.max(0, event.clientX - box.left), box.width);
    let chapter: number | null = null;
    let best = TICK_REACH;
    this.chapters.forEach((c, index) => {
      const distance = Math.abs(this.share(c.time) * box.width - x);
      if (distance <= best) {
        best = distance;
        chapter = index;
      }
    });
    const time = chapter !== null ? this.chapters[chapter]!.time : box.width > 0 ? (x / box.width) * this.duration : 0;
    return { time, chapter };
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    this.seekBar.setPointerCapture(event.pointerId);
    this.dragging = true;
    const { time } = this.pointed(event);
    this.progress.style.width = `${this.share(time) * 100}%`;
    this.actions.seek(time);
  }

  private onPointerMove(event: PointerEvent): void {
    const { time, chapter } = this.pointed(event);
    if (this.dragging) this.seekSoon(time);
    const text = chapter !== null
      ? `${formatLectureTime(time)} · ${this.strings.slideTitle(this.chapters[chapter]!.slide, this.chapters[chapter]!.title)}`
      : formatLectureTime(time);
    this.tooltip.textContent = text;
    this.tooltip.classList.toggle('ld-lecture-tooltip-chapter', chapter !== null);
    this.tooltip.hidden = false;
    // Centred on its point, kept inside the bar.
    const width = this.seekBar.offsetWidth;
    const half = this.tooltip.offsetWidth / 2;
    this.tooltip.style.left = `${Math.min(Math.max(this.share(time) * width, half), Math.max(half, width - half))}px`;
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.dragging) return;
    this.dragging = false;
    cancelAnimationFrame(this.seekFrame);
    if (this.pendingSeek !== null) this.actions.seek(this.pendingSeek);
    this.pendingSeek = null;
    if (this.seekBar.hasPointerCapture(event.pointerId)) this.seekBar.releasePointerCapture(event.pointerId);
  }

  private seekSoon(time: number): void {
    this.progress.style.width = `${this.share(time) * 100}%`;
    this.pendingSeek = time;
    cancelAnimationFrame(this.seekFrame);
    this.seekFrame = requestAnimationFrame(() => {
      this.pendingSeek = null;
      this.actions.seek(time);
    });
  }
}
