// A pane's replay of a recording (static pages, cast= panes): the CastSource, the player's controls
// under the terminal, the build's screen until the terminal has it (the poster), and the font
// fitted to the recording's grid. Its first screen is parsed before the terminal opens.

import type { Terminal } from '@xterm/xterm';
import { REPLAY_SCROLLBACK, type PaneCast } from '../../common/deck.js';
import { afterNextPaint } from '../ui/dom.js';
import { CastSource } from './cast-source.js';
import { DisposableStore } from './disposable.js';
import { domRendererCell } from './font-fit.js';
import { playerKey } from './keys.js';
import type { Grid, PaneBody, PaneOpening, PanePart } from './part.js';
import { FALLBACK_FONT, fitBox, fontFamily, MIN_REPLAY_FONT_SIZE, preferredFontSize, replayFontSize } from './pane-font.js';
import { PlayerControls } from './player-controls.js';
import { ReplayPoster } from './poster.js';
import type { WriteQueue } from './write-queue.js';

export class ReplayPart implements PanePart {
  readonly kind = 'replay';
  readonly source: CastSource;
  readonly scrollback = REPLAY_SCROLLBACK;
  readonly minFontSize = MIN_REPLAY_FONT_SIZE;
  readonly keepsKeyboard = true;
  private readonly controls: PlayerControls;
  /** The first screen until the terminal opens (showSteps). */
  private poster: ReplayPoster | null = null;
  private readonly store = new DisposableStore();

  constructor(
    private readonly body: PaneBody,
    private readonly cast: PaneCast,
  ) {
    this.source = this.store.add(new CastSource({ cast, scrollback: REPLAY_SCROLLBACK }));
    this.controls = this.store.add(new PlayerControls(this.source, {
      strings: body.strings,
      steps: body.spec.steps,
      focusTerminal: () => body.focus(),
      remark: (text) => body.titleBar.flash(text),
    }));
    body.screen.after(this.controls.element);
    body.element.classList.add('ld-terminal-player');
    this.store.defer(() => body.element.classList.remove('ld-terminal-player'));
  }

  get player(): CastSource {
    return this.source;
  }

  /** A replay starts at its recording's size, so its font is fitted once, before anything is
   * written: each font change makes xterm.js measure every glyph on screen again. */
  initialSize(): Grid {
    this.sizeBox();
    return { cols: this.cast.cols, rows: this.cast.rows };
  }

  fontSize(family: string, grid: Grid): number {
    return replayFontSize(fitBox(this.body.host), family, preferredFontSize(this.body.element), grid);
  }

  async beforeOpen(terminal: Terminal, attach: () => void): Promise<void> {
    // Made ahead, the terminal may have had no box to fit its font to: it has now, and a font
    // set before the terminal opens costs no measure.
    const fontSize = this.fontSize(terminal.options.fontFamily ?? FALLBACK_FONT, { cols: terminal.cols, rows: terminal.rows });
    if (terminal.options.fontSize !== fontSize) terminal.options.fontSize = fontSize;
    // A replay's first screen (up to 1000 lines of scrollback and the screen) is parsed before
    // the terminal opens: xterm.js then keeps no viewport, scroll bar or selection in step with
    // every line that scrolls by (that took about half of the time to the first screen), and
    // opening renders the last screen only. The build's screen, if it shows, is painted first:
    // xterm.js's parse is one long task, which would otherwise hold that frame back.
    if (this.poster) await afterNextPaint();
    if (this.body.isDisposed()) return;
    attach();
    await this.source.shown();
    if (this.body.isDisposed()) return;
    // The terminal takes the first screen's place: it renders before the next paint.
    this.poster?.dispose();
    this.poster = null;
  }

  keyHandler(terminal: Terminal): (event: KeyboardEvent) => boolean {
    return (event) => playerKey(event, terminal, (key) => this.controls.handleKey(key));
  }

  afterOpen(terminal: Terminal, writes: WriteQueue, opening: PaneOpening): void {
    // WARNING: xterm.js's viewport learns the buffer's length only from a scroll, a resize or a
    // switch of buffer, and none came while the terminal was closed: its scroll bar and the
    // wheel would not reach the scrollback. A scroll to the top and back to the bottom, where
    // the terminal is, makes it measure again (a switch of buffer would too, but it also
    // renders the whole screen twice, at once, to clear a selection there is none of). Without
    // scrollback (the alternate screen, a short screen) there is nothing to reach.
    writes.apply(() => {
      if (terminal.buffer.active.baseY > 0) {
        terminal.scrollToTop();
        terminal.scrollToBottom();
      }
    });
    // For devtools and bench/replay.ts: from the pane's start (its slide or a neighbour shown)
    // to its first screen on the terminal, loaded and parsed (xterm.js renders it in the next
    // frame).
    if (this.source.state.name !== 'failed') performance.measure(`livedeck replay: ${this.cast.file} loaded and shown`, { start: opening.startedAt, end: performance.now() });
  }

  followsSourceSize(): boolean {
    return true;
  }

  stateChanged(): void {}

  /** The slides show the first `count` steps; with `play`, the last one plays (as "next" types it
   * live), otherwise their screen shows at once. */
  showSteps(count: number, play: boolean): void {
    this.showPoster(count);
    this.source.showStep(count, play);
  }

  reachSteps(): void {}

  /** A recording does not restart. */
  restartable(): boolean {
    return false;
  }

  render(): void {
    this.controls.render();
  }

  dispose(): void {
    this.store.dispose();
  }

  /** The screen after `count` steps as the build made it, in the terminal's place until the
   * terminal opens (see poster.ts), at the font the terminal will open with. */
  private showPoster(count: number): void {
    const screen = this.cast.screens[count];
    const { element, host } = this.body;
    if (!screen || this.body.terminal()?.element || this.body.isDisposed()) return;
    // The pane's box as it is with a terminal (the steps' text hidden), to fit the font to.
    element.classList.add('ld-terminal-live');
    this.sizeBox();
    const family = fontFamily(element);
    this.poster ??= this.store.add(new ReplayPoster(host, this.cast.file));
    this.poster.show(screen, family, this.fontSize(family, { cols: screen.cols, rows: screen.rows }));
  }

  /** A replay whose deck gives rows and no height: its box is as tall as those rows at the
   * preferred font (a live pane's is set by layout(), from its grid; a replay's grid is the
   * recording's, which then fits in the box like any other). Without it the box has no height. */
  private sizeBox(): void {
    const { spec, host, element } = this.body;
    const rows = spec.rows;
    if (rows === null || spec.height !== null || host.style.height !== '') return;
    const cell = domRendererCell(fontFamily(element), preferredFontSize(element), { cols: 80, rows });
    if (cell.height > 0) host.style.height = `${rows * cell.height}px`;
  }
}
