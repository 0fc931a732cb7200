// The shortened clock of a lecture's site: asciinema's idle time limit applied to the whole class.
// Whatever shows (a move of the slides, a step, a shell starting or ending, a new deck, terminal
// output, the teacher's voice) is activity; a stretch with none longer than the limit is shortened
// to the limit, its end cut. Every time the site holds goes through one IdleMap, so the slides, the
// terminals and the voice stay together on the shortened clock.

/** Something that shows, from `from` to `to` (milliseconds of the lecture; equal for a moment). */
export interface Activity {
  from: number;
  to: number;
}

/** A stretch removed from the lecture, in its milliseconds: [from, to). */
export interface IdleCut {
  from: number;
  to: number;
}

export interface IdleMap {
  /** Milliseconds of the lecture, in order, removed. */
  cuts: IdleCut[];
  /** Lecture milliseconds -> seconds on the shortened clock (a time inside a cut: where the cut
   * is, as it shows nothing that is not already there). Never decreases. */
  shorten(ms: number): number;
}

/** A voice chunk at least this loud (its peak, 0 to 1, about -24 dBFS) is speech rather than a
 * quiet room: it keeps its second. */
export const VOICE_ACTIVITY_LEVEL = 0.06;

/**
 * The map of a lecture from 0 to `end` ms: `activities` in any order, `limit` in seconds (0 or
 * Infinity: nothing is shortened), or the limit of a gap starting at a given ms. The first `limit`
 * seconds of a gap stay, as asciinema's player keeps them: a slide reached after a long silence
 * still shows the silence's start first. Everything before `start` (ms) is cut whole: the class
 * begins there.
 */
export function idleMap(activities: readonly Activity[], end: number, limit: number | ((from: number) => number), start = 0): IdleMap {
  const cuts: IdleCut[] = start > 0 ? [{ from: 0, to: start }] : [];
  const limitAt = typeof limit === 'number' ? () => limit : limit;
  let covered = start;
  const gapUntil = (next: number) => {
    const seconds = limitAt(covered);
    if (seconds > 0 && Number.isFinite(seconds) && next - covered > seconds * 1000) cuts.push({ from: covered + seconds * 1000, to: next });
  };
  for (const activity of [...activities].sort((a, b) => a.from - b.from)) {
    gapUntil(activity.from);
    covered = Math.max(covered, activity.to);
  }
  gapUntil(end);
  // Removed before each cut's end, for a binary search.
  const removed: number[] = [];
  let total = 0;
  for (const cut of cuts) removed.push((total += cut.to - cut.from));
  const shorten = (ms: number): number => {
    let lo = 0;
    let hi = cuts.length;
    // The first cut that ends after `ms`.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]!.to <= ms) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? removed[lo - 1]! : 0;
    const cut = cuts[lo];
    const inside = cut !== undefined && ms > cut.from ? ms - cut.from : 0;
    return roundMs(ms - before - inside) / 1000;
  };
  return { cuts, shorten };
}

/** Milliseconds rounded to the microsecond, as a cast writes its times. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
