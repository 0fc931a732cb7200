// The teacher's voice: one <audio> per recorded segment (LectureVoice: its time 0 is the lecture's
// `from`), made when first needed. While it plays in step it is the lecture's clock (`read`); it is
// started, paused and sought to follow the lecture (`follow`). A voice that is not loaded yet, that
// the browser will not play before a click (autoplay), or that is missing, never holds the slides
// and terminals back: the lecture's own clock runs meanwhile, and the voice joins in when it can.

import type { LectureVoice } from '../../common/lecture-site.js';
import { voiceAt } from './timeline.js';

/** Seconds the voice may be off the lecture's clock before it is sought (larger: a late start,
 * a stall); under it, the lecture follows the voice. */
const VOICE_SLACK = 0.25;
/** HTMLMediaElement.readyState. */
const HAVE_CURRENT_DATA = 2;
const HAVE_FUTURE_DATA = 3;

export class VoicePlayer {
  private readonly elements = new Map<number, HTMLAudioElement>();
  /** play() calls not settled yet. */
  private readonly starting = new Set<HTMLAudioElement>();
  /** The browser refused to play before a user gesture: no retry until one. */
  private blocked = false;
  private readonly unblock = () => {
    this.blocked = false;
  };

  constructor(
    private readonly segments: readonly LectureVoice[],
    /** The site's root as seen from the page (voice files are relative to it). */
    private readonly root: string,
  ) {
    for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, this.unblock, true);
  }

  /** The voice element for `time`, or null where there is no voice. */
  element(time: number): HTMLAudioElement | null {
    const index = voiceAt(this.segments, time);
    return index === -1 ? null : this.make(index);
  }

  /** While the lecture plays: the time the voice says, when it is playing in step with `time`;
   * otherwise null (the lecture's own clock then). */
  read(time: number, playing: boolean): number | null {
    if (!playing) return null;
    const index = voiceAt(this.segments, time);
    const audio = index === -1 ? undefined : this.elements.get(index);
    if (!audio || audio.paused || audio.seeking || audio.readyState < HAVE_FUTURE_DATA) return null;
    const voice = audio.currentTime + this.segments[index]!.from;
    return Math.abs(voice - time) <= VOICE_SLACK ? voice : null;
  }

  /** Brings the voice to `time`: the segment covering it plays (or rests) there, any other is paused. */
  follow(time: number, playing: boolean, speed: number): void {
    const index = voiceAt(this.segments, time);
    for (const [other, audio] of this.elements) if (other !== index && !audio.paused) audio.pause();
    if (index === -1) return;
    const audio = this.make(index);
    const local = time - this.segments[index]!.from;
    if (audio.playbackRate !== speed) audio.playbackRate = speed;
    if (audio.error) return;
    // Past the file's end (a segment whose file came out shorter): play() would start it over.
    const ended = Number.isFinite(audio.duration) && local >= audio.duration - 0.05;
    if (!playing || ended) {
      if (!audio.paused) audio.pause();
      if (Math.abs(audio.currentTime - local) > 0.02) audio.currentTime = Math.min(local, Number.isFinite(audio.duration) ? audio.duration : local);
      return;
    }
    if (Math.abs(audio.currentTime - local) > VOICE_SLACK && !audio.seeking) audio.currentTime = local;
    if (audio.paused && !this.starting.has(audio) && !this.blocked) {
      this.starting.add(audio);
      audio.play().then(
        () => this.starting.delete(audio),
        (error: unknown) => {
          this.starting.delete(audio);
          if (error instanceof DOMException && error.name === 'NotAllowedError') this.blocked = true;
        },
      );
    }
  }

  pause(): void {
    for (const audio of this.elements.values()) if (!audio.paused) audio.pause();
  }

  /** Resolves once the voice at `time` (if any) is there: sought, with its data loaded, or failed. */
  shown(time: number): Promise<void> {
    const audio = this.element(time);
    if (!audio) return Promise.resolve();
    return new Promise((resolve) => {
      const events = ['seeked', 'loadeddata', 'canplay', 'error'] as const;
      const check = () => {
        if (audio.error || (!audio.seeking && audio.readyState >= HAVE_CURRENT_DATA)) {
          for (const type of events) audio.removeEventListener(type, check);
          resolve();
        }
      };
      for (const type of events) audio.addEventListener(type, check);
      check();
    });
  }

  dispose(): void {
    for (const type of ['pointerdown', 'keydown']) window.removeEventListener(type, this.unblock, true);
    for (const audio of this.elements.values()) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    }
    this.elements.clear();
  }

  private make(index: number): HTMLAudioElement {
    let audio = this.elements.get(index);
    if (!audio) {
      audio = new Audio();
      audio.preload = 'auto';
      // A faster lecture keeps the teacher's voice at its pitch.
      audio.preservesPitch = true;
      audio.src = this.root + this.segments[index]!.file;
      this.elements.set(index, audio);
    }
    return audio;
  }
}
