// The terminal panes following the lecture: a pane's cast is on the lecture's clock (the build
// merged its live sessions so that a cast time is the lecture's time), so following is seeking its
// replay to the lecture's time, then letting it play on at the same speed, and seeking it again
// only when it drifts more than MAX_DRIFT (each seek rebuilds the screen). Only the panes of the
// slide shown are kept in step; the others are sought once the slide around them comes. A cast=
// pane is not followed: it shows the steps of the fragments shown, as in class.

import type { RevealApi } from 'reveal.js';
import type { ReplayHandle, ReplaySpeed } from '../terminal/cast-source.js';
import type { DeckTerminals } from '../terminal/controller.js';

/** Seconds a pane may drift from the lecture before it is sought back. */
export const MAX_DRIFT = 0.1;

export class PaneFollower {
  /** The replays last kept in step: those of a slide left behind stop playing. */
  private following = new Set<ReplayHandle>();

  constructor(
    private readonly deck: RevealApi,
    private readonly terminals: DeckTerminals,
  ) {}

  /** Puts the slide's panes at `time`, playing or not. */
  follow(time: number, playing: boolean, speed: ReplaySpeed): void {
    const players = new Set(this.players());
    for (const player of this.following) if (!players.has(player)) player.pause();
    this.following = players;
    for (const player of players) followOne(player, time, playing, speed);
  }

  /** Every replay stops where it is (the lecture paused). */
  pause(): void {
    for (const player of this.following) player.pause();
  }

  /** Resolves once the slide's panes have opened and show `time` (time() says where the lecture
   * is by the time each pane is open). */
  async shown(time: () => number, playing: () => boolean, speed: () => ReplaySpeed): Promise<void> {
    await Promise.all(this.terminals.panesIn(this.deck.getCurrentSlide()).map(async (pane) => {
      await pane.activate();
      const player = pane.player;
      if (!player) return;
      if (!pane.replaysCastFile) followOne(player, time(), playing(), speed());
      await player.shown();
    }));
  }

  private players(): ReplayHandle[] {
    return this.terminals.panesIn(this.deck.getCurrentSlide())
      .filter((pane) => !pane.replaysCastFile)
      .map((pane) => pane.player)
      .filter((player): player is ReplayHandle => player !== null);
  }
}

function followOne(player: ReplayHandle, time: number, playing: boolean, speed: ReplaySpeed): void {
  const state = player.state.name;
  if (state === 'failed') return;
  if (player.speed !== speed) player.setSpeed(speed);
  // Past its last event a pane shows its end (play() there would start it over).
  const target = Math.min(time, player.duration);
  const atEnd = target >= player.duration - 1e-3;
  if (!playing || atEnd) {
    if (state === 'playing') player.pause();
    if (Math.abs(player.time - target) > 1e-3) player.seek(target);
    return;
  }
  if (state === 'playing') {
    if (Math.abs(player.time - target) > MAX_DRIFT) player.seek(target);
    return;
  }
  if (Math.abs(player.time - target) > 1e-3) player.seek(target);
  // Before its first screen (loading) a replay cannot play yet: the next frame asks again.
  if (state === 'paused' || state === 'ended') player.play();
}
