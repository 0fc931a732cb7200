// What feeds a terminal pane: the one small interface between a pane (xterm.js on a slide) and
// where its bytes come from, a live shell over `/term` (LiveSource) or a recording (CastSource, in
// static pages). The pane neither knows nor cares which: both look the same on the slide.
//
// Lifecycle: `new XSource(...)`, then `attach(sink)` once (starts connecting or playing), then
// input and control calls at any time, then `dispose()` (idempotent). A source calls its sink in
// order; the sink keeps that order on screen (a reset waits for the writes before it).

import type { Role } from '../../common/protocol.js';

/** The pane side, as a source drives it. */
export interface TerminalSink {
  /** Clears everything (screen, scrollback, modes) and sets the size: a snapshot follows. */
  reset(cols: number, rows: number): void;
  /** Terminal bytes (UTF-8, may be cut anywhere), or text (a recording's). `parsed` runs once the
   * terminal has processed them: a source's flow control counts bytes there, not on arrival. */
  write(data: Uint8Array | string, parsed?: () => void): void;
  /** The terminal has a new size at the source (another client resized the shell, a cast's
   * resize event). */
  resize(cols: number, rows: number): void;
  /** The state changed (see SourceState). */
  stateChanged(state: SourceState): void;
}

/**
 * The states of a source, each with what a pane needs to show it.
 * - idle: not attached yet;
 *
 * A live shell (LiveSource):
 * - connecting: first connection under way;
 * - live: bytes flow; `role` says whether input is accepted (presenter) or not (viewer),
 *   `session` names the shell, `resumed` is false for a fresh shell (a new one, a restart);
 * - reconnecting: the connection dropped (or the session is not there yet, for a viewer), a
 *   new attempt comes in `retryInMs`;
 * - exited: the shell ended with `code` (or `signal`); output stays on screen, `restart()` starts
 *   a fresh one;
 * - failed: given up, `reason` says why in the reader's words (wrong token, unknown demo, setup
 *   failed); `restart()` tries again.
 *
 * A recording (CastSource, see its state machine):
 * - loading: its script is loading, or it is being parsed;
 * - paused: its screen at some point is shown; `playing`: it plays on; `ended`: at its end;
 * - failed: `cast-missing` (its script did not load) or `cast-invalid` (`detail` names the file
 *   and line at fault).
 */
export type SourceState =
  | { name: 'idle' }
  | { name: 'connecting' }
  | { name: 'live'; role: Role; session: string; resumed: boolean }
  | { name: 'reconnecting'; reason: 'dropped' | 'waiting-for-presenter' | 'busy'; retryInMs: number }
  | { name: 'exited'; code: number; signal: number | null }
  | { name: 'loading' }
  | { name: 'paused' }
  | { name: 'playing' }
  | { name: 'ended' }
  | { name: 'failed'; reason: 'bad-token' | 'unknown-demo' | 'start-failed' | 'protocol' | 'cast-missing' | 'cast-invalid'; detail: string };

export type SourceStateName = SourceState['name'];

/** A source declares what it can do by the methods it has (as asciinema-player's drivers do with
 * `seek`): a recording takes no input, keeps its size and has nothing to restart, so it has none
 * of the optional ones, and the pane offers none of those to it. */
export interface TerminalSource {
  readonly state: SourceState;
  /** Starts feeding `sink`. Called once. */
  attach(sink: TerminalSink): void;
  /** Keyboard input (ignored unless live with the presenter role). */
  write?(data: string): void;
  /** The pane's size in characters changed (ignored unless live with the presenter role). */
  resize?(cols: number, rows: number): void;
  /** A fresh shell (after a failure: a new attempt at once). */
  restart?(): void;
  dispose(): void;
}
