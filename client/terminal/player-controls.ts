// The replay player's controls, in a bar under the terminal of a static page's pane: play/pause,
// a seek bar with the demo's steps as ticks (their captions as tooltips), elapsed/total time, the
// speed, and "copy the commands". Also the player's keys while the pane has the keyboard.

import type { PaneStep } from '../../common/deck.js';
import { el, iconButton, speedSelect } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { PLAYER_SPEEDS, type CastSource, type PlayerSpeed } from './cast-source.js';

export interface PlayerControlsOptions {
  strings: UiStrings;
  /** The pane's steps: their commands are what "copy the commands" copies. */
  steps: PaneStep[];
  /** Gives the keyboard to the pane's terminal (after a click on a control), so the player's keys
   * work at once and "next" does not press a focused button. */
  focusTerminal(): void;
  /** A passing word in the pane's status (commands copied). */
  remark(text: string): void;
}

/** How far ← and → move, in seconds. */
const SEEK_STEP = 5;
/** A pointer this close to a tick (CSS px) points at its step. */
const TICK_REACH = 8;

const ICONS = {
  play: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 4.5v15l12.5-7.5z"/></svg>',
  pause: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 4.5h4.2v15H6zM13.8 4.5H18v15h-4.2z"/></svg>',
  copy: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 3h10a2 2 0 0 1 2 2v12h-2V5H8zM4 8a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2zm2 0v12h9V8z"/></svg>',
};

/** Player keys (the pane has the keyboard), by `KeyboardEvent.key`. */
const KEYS: Record<string, (player: CastSource) => void> = {
  ' ': (player) => player.toggle(),
  ArrowLeft: (player) => player.seekBy(-SEEK_STEP),
  ArrowRight: (player) => player.seekBy(SEEK_STEP),
  '[': (player) => player.previousMarker(),
  ']': (player) => player.nextMarker(),
  '.': (player) => player.playToNextMarker(),
};

/** Whether `event` is one of the player's keys (not a shortcut with Ctrl or Cmd; AltGr, which
 * some layouts need for [ and ], is Ctrl+Alt). */
export function isPlayerKey(event: KeyboardEvent): boolean {
  return event.key in KEYS && !event.metaKey && !(event.ctrlKey && !event.altKey);
}

/** The commands of `steps`, one per line, as they could be pasted into a shell (keys like ^Z,
 * which a paste cannot send, are left out). */
export function stepCommands(steps: PaneStep[]): string {
  // A recording's steps (cast=) have no command: nothing to copy.
  return steps.filter((step) => step.keys === null && step.command !== '').map((step) => `${step.command}\n`).join('');
}

export class PlayerControls {
  readonly element: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly seekBar: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly ticks: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private tickMarkers = -1;
  /** Whether the play button shows "pause" (it starts as "play"). */
  private showsPause = false;
  private frame = 0;
  /** The time under the pointer while dragging on the seek bar; seeks follow once a frame. */
  private dragging: number | null = null;
  private seekFrame = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly player: CastSource,
    private readonly options: PlayerControlsOptions,
  ) {
    const { strings } = options;
    this.element = el('div', 'ld-player');
    this.element.setAttribute('role', 'group');
    // Drags on the seek bar seek, they do not swipe the slides away.
    this.element.dataset.preventSwipe = '';

    this.playButton = iconButton('ld-player-play', ICONS.play, strings.play);
    this.playButton.addEventListener('click', () => {
      this.player.toggle();
      this.options.focusTerminal();
    });

    this.seekBar = el('div', 'ld-player-seek');
    this.seekBar.setAttribute('role', 'slider');
    this.seekBar.setAttribute('aria-label', strings.seekBar);
    const track = el('div', 'ld-player-track');
    this.progress = el('div', 'ld-player-progress');
    track.append(this.progress);
    this.ticks = el('div', 'ld-player-ticks');
    this.tooltip = el('div', 'ld-player-tooltip');
    this.tooltip.hidden = true;
    this.seekBar.append(track, this.ticks, this.tooltip);
    this.seekBar.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.seekBar.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.seekBar.addEventListener('pointerup', (event) => this.onPointerUp(event));
    this.seekBar.addEventListener('pointercancel', (event) => this.onPointerUp(event));
    this.seekBar.addEventListener('pointerleave', () => {
      if (this.dragging === null) this.tooltip.hidden = true;
    });

    this.clock = el('span', 'ld-player-time');
    // The seek bar has its own tooltips (the steps): the keys are told here.
    this.clock.title = strings.seekKeys;

    this.speed = speedSelect('ld-player-speed', PLAYER_SPEEDS, strings.speed, strings.speedLabel, (speed) => {
      this.player.setSpeed(speed as PlayerSpeed);
      this.options.focusTerminal();
    });

    const copy = iconButton('ld-player-copy', ICONS.copy, strings.copyCommands);
    const copyLabel = el('span', 'ld-player-copy-label');
    copyLabel.textContent = strings.copyCommands;
    copy.append(copyLabel);
    copy.hidden = stepCommands(options.steps) === '';
    copy.addEventListener('click', () => {
      void copyText(stepCommands(options.steps)).then((copied) => this.options.remark(copied ? strings.commandsCopied : strings.copyFailed));
      this.options.focusTerminal();
    });

    // A click on a control does not take the keyboard from the terminal (see focusTerminal).
    for (const control of [this.playButton, copy]) control.addEventListener('mousedown', (event) => event.preventDefault());
    // Keys on a control reached with Tab: the player's, never the slides'.
    this.element.addEventListener('keydown', (event) => this.onControlKey(event));

    this.element.append(this.playButton, this.seekBar, this.clock, this.speed, copy);
    this.unsubscribe = player.subscribe(() => this.render());
    this.render();
  }

  /** A player key typed into the pane's terminal: true if it was one (and it was done). */
  handleKey(event: KeyboardEvent): boolean {
    if (!isPlayerKey(event)) return false;
    event.preventDefault();
    event.stopPropagation();
    KEYS[event.key]!(this.player);
    return true;
  }

  /** Shows the player as it is now; keeps the bar moving while it plays. */
  render(): void {
    const { player } = this;
    const { strings } = this.options;
    const playing = player.state.name === 'playing';
    const ready = player.state.name === 'playing' || player.state.name === 'paused' || player.state.name === 'ended';
    this.element.classList.toggle('ld-player-disabled', !ready);
    this.playButton.disabled = !ready;
    // The player tells every change (each seek, each state): the icon is parsed again only when
    // it changes.
    if (playing !== this.showsPause) {
      this.showsPause = playing;
      this.playButton.innerHTML = playing ? ICONS.pause : ICONS.play;
      this.playButton.title = playing ? strings.pause : strings.play;
      this.playButton.setAttribute('aria-label', this.playButton.title);
    }
    if (this.speed.value !== String(player.speed)) this.speed.value = String(player.speed);
    if (player.markers.length !== this.tickMarkers) this.renderTicks();
    this.renderTime();
    cancelAnimationFrame(this.frame);
    if (playing) {
      const follow = () => {
        this.renderTime();
        this.frame = requestAnimationFrame(follow);
      };
      this.frame = requestAnimationFrame(follow);
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.seekFrame);
    this.unsubscribe();
    this.element.remove();
  }

  private renderTime(): void {
    const { time, duration } = this.player;
    const shown = this.dragging ?? time;
    const share = duration > 0 ? Math.min(1, shown / duration) : 0;
    this.progress.style.width = `${share * 100}%`;
    this.clock.textContent = `${formatTime(shown)} / ${formatTime(duration)}`;
    this.seekBar.setAttribute('aria-valuemin', '0');
    this.seekBar.setAttribute('aria-valuemax', String(Math.round(duration)));
    this.seekBar.setAttribute('aria-valuenow', String(Math.round(shown)));
    this.seekBar.setAttribute('aria-valuetext', this.clock.textContent);
    for (const tick of this.ticks.children) {
      (tick as HTMLElement).classList.toggle('ld-player-tick-passed', Number((tick as HTMLElement).dataset.time) <= shown + 1e-6);
    }
  }

  private renderTicks(): void {
    const { markers, duration } = this.player;
    this.tickMarkers = markers.length;
    this.ticks.replaceChildren(...markers.map((marker, index) => {
      const tick = el('span', 'ld-player-tick');
      tick.style.left = `${duration > 0 ? (marker.time / duration) * 100 : 0}%`;
      tick.dataset.time = String(marker.time);
      tick.dataset.marker = String(index);
      return tick;
    }));
  }

  // ---- seek bar ------------------------------------------------------------------------------

  /** The time under the pointer, and the marker of the tick it points at, if any. */
  private pointed(event: PointerEvent): { time: number; marker: number | null } {
    const box = this.seekBar.getBoundingClientRect();
    // Reveal scales the slide: CSS px of the bar = screen px / scale.
    const scale = box.width / (this.seekBar.offsetWidth || box.width || 1);
    const x = Math.min(Math.max(0, event.clientX - box.left), box.width);
    const time = box.width > 0 ? (x / box.width) * this.player.duration : 0;
    let marker: number | null = null;
    let best = TICK_REACH * scale;
    this.player.markers.forEach((m, index) => {
      const distance = Math.abs((m.time / (this.player.duration || 1)) * box.width - x);
      if (distance <= best) {
        best = distance;
        marker = index;
      }
    });
    return { time, marker };
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || this.playButton.disabled) return;
    event.preventDefault();
    this.seekBar.setPointerCapture(event.pointerId);
    const { time, marker } = this.pointed(event);
    if (marker !== null) this.player.seekToMarker(marker);
    else {
      this.dragging = time;
      this.player.seek(time);
    }
    this.options.focusTerminal();
  }

  /** While dragging, one seek a frame at most: a seek in a long recording takes a while. */
  private seekSoon(time: number): void {
    this.dragging = time;
    this.renderTime();
    cancelAnimationFrame(this.seekFrame);
    this.seekFrame = requestAnimationFrame(() => this.player.seek(time));
  }

  private onPointerMove(event: PointerEvent): void {
    const { time, marker } = this.pointed(event);
    if (this.dragging !== null) this.seekSoon(time);
    this.showTooltip(time, marker);
  }

  private onPointerUp(event: PointerEvent): void {
    if (this.dragging === null) return;
    cancelAnimationFrame(this.seekFrame);
    this.player.seek(this.dragging);
    this.dragging = null;
    if (this.seekBar.hasPointerCapture(event.pointerId)) this.seekBar.releasePointerCapture(event.pointerId);
    this.renderTime();
  }

  private showTooltip(time: number, marker: number | null): void {
    const markers = this.player.markers;
    const text = marker !== null ? markers[marker]!.label : formatTime(time);
    const at = marker !== null ? markers[marker]!.time : time;
    this.tooltip.textContent = text;
    this.tooltip.classList.toggle('ld-player-tooltip-step', marker !== null);
    this.tooltip.hidden = false;
    // Centred on its point, kept inside the bar's width.
    const width = this.seekBar.offsetWidth;
    const left = this.player.duration > 0 ? (at / this.player.duration) * width : 0;
    const half = this.tooltip.offsetWidth / 2;
    this.tooltip.style.left = `${Math.min(Math.max(left, half), Math.max(half, width - half))}px`;
  }

  // ---- keys on the controls ----------------------------------------------------------------

  private onControlKey(event: KeyboardEvent): void {
    if (!isPlayerKey(event)) return;
    // The speed list takes its own arrows and space; the slides must not get them either.
    if (event.target === this.speed) {
      event.stopPropagation();
      return;
    }
    this.handleKey(event);
  }
}

/** 75.3 -> "1:15". */
export function formatTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds + 1e-6));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

/** Puts `text` on the clipboard: the Clipboard API, else (plain http, no permission) the
 * selection of a hidden text area. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
