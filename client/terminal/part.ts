// What plugs into a terminal pane, as xterm.js addons plug into a terminal: a replay (replay-part.ts)
// or a live shell (live-part.ts). The pane keeps the terminal, its fitting, keys and status, and
// asks its part at each point where a replay and a shell differ.

import type { Terminal } from '@xterm/xterm';
import type { TerminalPaneSpec } from '../../common/deck.js';
import type { UiStrings } from '../ui/i18n.js';
import type { ReplayHandle } from './cast-source.js';
import type { Disposable } from './disposable.js';
import type { SourceState, TerminalSource } from './source.js';
import type { TitleBar } from './title-bar.js';
import type { WriteQueue } from './write-queue.js';

export interface Grid {
  cols: number;
  rows: number;
}

/** What a pane lends its part. */
export interface PaneBody {
  readonly element: HTMLElement;
  /** The box xterm.js opens in. */
  readonly host: HTMLElement;
  /** The host's wrapper: a part's own controls go after it. */
  readonly screen: HTMLElement;
  readonly spec: TerminalPaneSpec;
  readonly strings: UiStrings;
  readonly titleBar: TitleBar;
  /** The pane's terminal from its opening on (xterm.js may not have it in the page yet), else null. */
  terminal(): Terminal | null;
  isDisposed(): boolean;
  focus(): void;
  renderStatus(): void;
}

/** What a part is told as its terminal opens. */
export interface PaneOpening {
  /** When the pane started (activate), for a replay's "loaded and shown". */
  startedAt: number;
  /** Gives the source the terminal (once). */
  attach(): void;
}

export interface PanePart extends Disposable {
  readonly kind: 'replay' | 'live';
  readonly source: TerminalSource;
  readonly player: ReplayHandle | null;
  readonly scrollback: number;
  readonly minFontSize: number;
  /** The terminal's size when it is made. */
  initialSize(): Grid;
  /** The font size of a terminal of `grid` in the pane's box, or null for the preferred one. */
  fontSize(family: string, grid: Grid): number | null;
  /** Between the terminal's making and its opening; `attach` gives the source the terminal. */
  beforeOpen(terminal: Terminal, attach: () => void): Promise<void>;
  keyHandler(terminal: Terminal): (event: KeyboardEvent) => boolean;
  /** The terminal has opened and has had its first layout. */
  afterOpen(terminal: Terminal, writes: WriteQueue, opening: PaneOpening): void;
  /** The source decides the terminal's size (a viewer's shell, a recording), not the box. */
  followsSourceSize(): boolean;
  /** A terminal that cannot be typed into keeps the keyboard (a player's keys). */
  readonly keepsKeyboard: boolean;
  stateChanged(state: SourceState): void;
  showSteps(count: number, play: boolean): void;
  reachSteps(steps: number[]): void;
  restartable(state: SourceState): boolean;
  /** The status was drawn again: the part's own controls follow. */
  render(): void;
}
