// Links to a moment of the class: `#t=754` or `#t=12:34` (parseTimeHash) opens the lecture there,
// `&play` also plays on (a page of another deck snapshot is opened so while the lecture plays). The
// address is kept at the lecture's time when it pauses or is sought, replacing the history entry
// rather than adding one, so Back leaves the lecture instead of stepping through its seeks.

import { parseTimeHash } from '../../common/lecture-site.js';

export interface TimeLink {
  time: number;
  play: boolean;
}

/** The moment an address's hash names, or null. */
export function readTimeLink(hash: string): TimeLink | null {
  const time = parseTimeHash(hash);
  return time === null ? null : { time, play: /(?:^#|&)play(?:&|$)/.test(hash) };
}

/** `#t=754`: whole seconds, as a student would write it; a page switch keeps the milliseconds. */
export function timeHash(time: number, options: { exact?: boolean; play?: boolean } = {}): string {
  const seconds = options.exact ? String(Math.round(time * 1000) / 1000) : String(Math.floor(time));
  return `#t=${seconds}${options.play ? '&play' : ''}`;
}

/** Shows `time` in the address bar without a new history entry (nor a hashchange). */
export function keepTimeInAddress(time: number): void {
  const hash = timeHash(time);
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}
