// What a terminal pane is given (PaneContext) and what a page script may ask of it (PaneHandle).

import type { UiStrings } from '../ui/i18n.js';
import type { ReplayHandle } from './cast-source.js';
import type { NoticeState } from './notice-part.js';
import type { SourceStateName } from './source.js';

export interface PaneContext {
  strings: UiStrings;
  /** live: a shell of `livedeck dev`; static: the pane replays its recording (`spec.cast`), as a
   * cast= pane (`spec.castFile`) does in either mode. */
  mode: 'live' | 'static';
  /** Access token of this tab; null: the pane explains how to get one (live only). */
  token: string | null;
  /** The `/term` WebSocket endpoint (live only). */
  url: string;
}

/** What a page script (devtools, tests) can ask a pane: `window.livedeck.panes.get(id)`. */
export interface PaneHandle {
  readonly id: string;
  /** The source's state, or why there is none. */
  readonly state: SourceStateName | NoticeState;
  /** The terminal's whole buffer (scrollback included) as text, wrapped lines joined. */
  text(): string;
  /** The rows of the screen (not the scrollback), trailing blanks removed: what castToScreen gives. */
  screenLines(): string[];
  /** Resolves once what the source wrote so far is on the terminal (xterm.js parses later). */
  written(): Promise<void>;
  /** The replay player of a pane that replays a recording, or null. */
  readonly player: ReplayHandle | null;
  focus(): void;
  restart(): void;
}
