// A terminal pane on a slide: xterm.js in the `.ld-terminal` box (in place of the steps printed for
// readers without JavaScript), with a status and a restart button in its title bar. It sizes itself
// to its box (or to the rows/cols the deck asks for) and takes the keyboard while focused. What
// feeds it plugs in as a part (part.ts): a live shell (live-part.ts), or in a static page and for a
// cast= pane a recording's replay (replay-part.ts); without a token or a recording, a note
// (notice-part.ts).

import { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import type { TerminalPaneSpec } from '../../common/deck.js';
import { COLS_MAX, COLS_MIN, ROWS_MAX, ROWS_MIN } from '../../common/protocol.js';
import { el } from '../ui/dom.js';
import { bufferText, screenRows } from './buffer-text.js';
import type { ReplayHandle } from './cast-source.js';
import { DisposableStore } from './disposable.js';
import { LivePart } from './live-part.js';
import { newTerminal } from './new-terminal.js';
import { NoticePart, type NoticeState } from './notice-part.js';
import { cellSize, fitBox, fitTerminalFont, fontFamily, preferredFontSize } from './pane-font.js';
import type { PaneContext, PaneHandle } from './pane-handle.js';
import type { PaneBody, PanePart } from './part.js';
import { ReplayPart } from './replay-part.js';
import type { SourceState, SourceStateName, TerminalSink } from './source.js';
import { statusWords } from './status.js';
import { TitleBar } from './title-bar.js';
import { WriteQueue } from './write-queue.js';

export type { PaneContext, PaneHandle } from './pane-handle.js';

export class TerminalPane implements PaneHandle {
  readonly id: string;
  /** What feeds the terminal (a replay, a live shell), or the note of a pane that has none. */
  private readonly part: PanePart | NoticePart;
  private terminal: Terminal | null = null;
  private fitAddon: FitAddon | null = null;
  private writes: WriteQueue | null = null;
  private activation: Promise<void> | null = null;
  private preparation: Promise<Terminal | null> | null = null;
  private layoutFrame = 0;
  /** The grid and box the font was last fitted for, when the source decides the size: a seek's
   * reset to the same size needs no new fit (a font change re-measures every glyph). */
  private fittedFor = '';
  /** Everything the pane started (listeners, timers, observer, parts, source), undone by dispose(). */
  private readonly store = new DisposableStore();
  /** When the pane started (activate): a replay's "loaded and shown" is timed from there. */
  private startedAt = 0;
  private readonly titleBar: TitleBar;
  private readonly screen: HTMLElement;
  private readonly host: HTMLElement;
  private readonly notice: HTMLElement;

  constructor(
    private readonly element: HTMLElement,
    private readonly spec: TerminalPaneSpec,
    private readonly context: PaneContext,
  ) {
    this.id = spec.id;
    const { strings } = context;

    this.titleBar = this.store.add(new TitleBar(element, strings, () => this.restart(), () => this.renderStatus()));
    this.screen = el('div', 'ld-terminal-screen');
    this.host = el('div', 'ld-terminal-host');
    // Touch drags select text here, they do not swipe the slides away.
    this.host.dataset.preventSwipe = '';
    this.notice = el('div', 'ld-terminal-notice');
    this.notice.hidden = true;
    this.screen.append(this.host, this.notice);
    (element.querySelector('.ld-terminal-steps') ?? this.titleBar.bar).after(this.screen);

    const body: PaneBody = {
      element,
      host: this.host,
      screen: this.screen,
      spec,
      strings,
      titleBar: this.titleBar,
      terminal: () => this.terminal,
      isDisposed: () => this.store.isDisposed,
      focus: () => this.focus(),
      renderStatus: () => this.renderStatus(),
    };
    const replays = context.mode === 'static' || spec.castFile !== null;
    if (replays && spec.cast) this.part = this.store.add(new ReplayPart(body, spec.cast));
    else if (!replays && context.token !== null) this.part = this.store.add(new LivePart(body, { url: context.url, token: context.token }));
    else if (replays) this.part = this.store.add(new NoticePart(element, this.notice, 'no-recording', strings.noRecording));
    else this.part = this.store.add(new NoticePart(element, this.notice, 'no-token', strings.noToken));
    this.renderStatus();
  }

  get state(): SourceStateName | NoticeState {
    return this.part.kind === 'notice' ? this.part.state : this.part.source.state.name;
  }

  /** A cast= pane: it replays a recording of the deck's, whose steps follow the slides' fragments
   * even in a lecture's page (where the other panes follow the lecture's clock). */
  get replaysCastFile(): boolean {
    return this.spec.castFile !== null;
  }

  get player(): ReplayHandle | null {
    return this.part.kind === 'notice' ? null : this.part.player;
  }

  /** Opens the terminal and connects (once; later calls return the same promise). */
  activate(): Promise<void> {
    if (!this.activation) {
      this.startedAt = performance.now();
      this.activation = this.open();
    }
    return this.activation;
  }

  /** Steps whose fragments were just shown, for a live shell to type (LivePart.reachSteps). */
  reachSteps(steps: number[]): void {
    if (this.part.kind !== 'notice') this.part.reachSteps(steps);
  }

  /** The slides show the first `count` steps, for a replay to show (ReplayPart.showSteps). */
  showSteps(count: number, play: boolean): void {
    if (this.part.kind !== 'notice') this.part.showSteps(count, play);
  }

  /** Fits the terminal to its box again (the slide became visible, the window changed). */
  layout(): void {
    const { terminal, part } = this;
    // A replay's terminal opens once its first screen is parsed: until then there is nothing to fit.
    if (!terminal?.element || !this.fitAddon || this.host.clientWidth === 0 || part.kind === 'notice') return;
    if (part.followsSourceSize()) {
      // A viewer shows the presenter's grid as it is, a replay the recording's (which it has
      // before it opens, see ReplayPart.initialSize): only the font adapts to the box.
      const fit = `${terminal.cols}x${terminal.rows} in ${this.host.clientWidth}x${this.host.clientHeight}`;
      if (fit !== this.fittedFor) this.fitFont(terminal, terminal.cols, terminal.rows);
      this.fittedFor = fit;
      return;
    }
    const { cols: fixedCols, rows: fixedRows } = this.spec;
    // rows without a height: the pane is as tall as its rows; with a height, rows must fit in it.
    const rowsSetHeight = fixedRows !== null && this.spec.height === null;
    this.fitFont(terminal, fixedCols, rowsSetHeight ? null : fixedRows);
    if (rowsSetHeight) this.host.style.height = `${fixedRows * cellSize(terminal).height}px`;
    const proposed = this.fitAddon.proposeDimensions();
    const cols = clamp(fixedCols ?? proposed?.cols ?? terminal.cols, COLS_MIN, COLS_MAX);
    const rows = clamp(fixedRows ?? proposed?.rows ?? terminal.rows, ROWS_MIN, ROWS_MAX);
    if (cols !== terminal.cols || rows !== terminal.rows) this.writes!.apply(() => terminal.resize(cols, rows));
    part.source.resize?.(cols, rows);
  }

  written(): Promise<void> {
    const writes = this.writes;
    return writes ? new Promise((done) => writes.write('', done)) : Promise.resolve();
  }

  screenLines(): string[] {
    return this.terminal ? screenRows(this.terminal.buffer.active, this.terminal.rows) : [];
  }

  text(): string {
    return this.terminal ? bufferText(this.terminal.buffer.active) : '';
  }

  focus(): void {
    this.terminal?.focus();
  }

  blur(): void {
    this.terminal?.blur();
  }

  restart(): void {
    this.titleBar.remark = null;
    if (this.part.kind !== 'notice') this.part.source.restart?.();
    this.renderStatus();
  }

  dispose(): void {
    if (this.store.isDisposed) return;
    this.store.dispose();
    // Made ahead (prepare), a terminal may never have opened.
    void this.preparation?.then((terminal) => terminal?.dispose());
    // The box is as the page had it: the steps as text.
    this.screen.remove();
    this.element.classList.remove('ld-terminal-live', 'ld-terminal-writable');
    delete this.element.dataset.state;
  }

  // ---- opening -----------------------------------------------------------------------------

  /** Gets the pane's terminal ready (once), ahead of its opening: its fonts loaded, the terminal
   * made. The deck asks this of every pane once the current slide is shown, so that a pane opened
   * later neither waits for a font file (the bold one, which no slide text uses) while its
   * recording's segment loads, nor makes its terminal then: the first terminal of a page takes
   * 15 ms or more (xterm.js's code runs for the first time), the next ones about 1 ms. */
  prepare(): Promise<Terminal | null> {
    this.preparation ??= this.makeTerminal();
    return this.preparation;
  }

  private async makeTerminal(): Promise<Terminal | null> {
    const part = this.part;
    if (part.kind === 'notice') return null;
    const family = fontFamily(this.element);
    const fontSize = preferredFontSize(this.element);
    // Cell metrics are measured once the terminal opens: the real font must be there by then.
    await Promise.all([400, 700].map((weight) => document.fonts.load(`${weight} ${fontSize}px ${family}`).catch(() => [])));
    if (this.store.isDisposed) return null;
    const size = part.initialSize();
    // A replay's font is fitted to its box, if it shows yet (made ahead, it may not: open() fits it).
    return newTerminal(this.element, family, part.fontSize(family, size) ?? fontSize, size, part.scrollback);
  }

  private async open(): Promise<void> {
    const part = this.part;
    if (part.kind === 'notice') return;
    this.element.classList.add('ld-terminal-live');
    const terminal = await this.prepare();
    if (!terminal || this.store.isDisposed) return;
    this.terminal = terminal;
    this.fitAddon = new FitAddon();
    terminal.loadAddon(this.fitAddon);
    this.writes = this.store.add(new WriteQueue(terminal));
    const attach = () => part.source.attach(this.sink(terminal));
    await part.beforeOpen(terminal, attach);
    if (this.store.isDisposed) return;
    terminal.open(this.host);
    terminal.textarea?.setAttribute('aria-label', this.context.strings.terminalLabel(this.spec.title ?? this.spec.demo ?? this.id));
    // While the terminal has the keyboard, the title bar says how to give it back.
    const listening = new AbortController();
    this.store.defer(() => listening.abort());
    for (const type of ['focus', 'blur']) terminal.textarea?.addEventListener(type, () => this.renderStatus(), { signal: listening.signal });
    terminal.attachCustomKeyEventHandler(part.keyHandler(terminal));
    // Only a source that takes input (a live shell) hears the keyboard.
    const source = part.source;
    if (source.write) this.store.add(terminal.onData((data) => source.write?.(data)));
    this.layout();
    const observer = new ResizeObserver(() => this.scheduleLayout());
    observer.observe(this.screen);
    this.store.defer(() => observer.disconnect());
    this.store.defer(() => cancelAnimationFrame(this.layoutFrame));
    part.afterOpen(terminal, this.writes, { startedAt: this.startedAt, attach });
  }

  private sink(terminal: Terminal): TerminalSink {
    const writes = this.writes!;
    const resize = (cols: number, rows: number) => {
      terminal.resize(cols, rows);
      if (this.part.kind !== 'notice' && this.part.followsSourceSize()) this.layout();
    };
    return {
      reset: (cols, rows) => writes.apply(() => {
        terminal.reset();
        resize(cols, rows);
      }),
      write: (data, parsed) => writes.write(data, parsed),
      resize: (cols, rows) => writes.apply(() => resize(cols, rows)),
      stateChanged: (state) => this.onState(state),
    };
  }

  private onState(state: SourceState): void {
    const { terminal, part } = this;
    if (part.kind === 'notice') return;
    part.stateChanged(state);
    const writable = state.name === 'live' && state.role === 'presenter';
    this.element.classList.toggle('ld-terminal-writable', writable);
    if (terminal) {
      terminal.options.disableStdin = !writable;
      terminal.options.cursorBlink = writable;
      // A dead or read-only terminal gives the keyboard back to the slides (a player keeps it).
      if (!writable && !part.keepsKeyboard && this.element.contains(document.activeElement)) terminal.blur();
    }
    this.renderStatus();
    if (state.name === 'live') this.layout();
  }

  private scheduleLayout(): void {
    cancelAnimationFrame(this.layoutFrame);
    this.layoutFrame = requestAnimationFrame(() => this.layout());
  }

  private fitFont(terminal: Terminal, cols: number | null, rows: number | null): void {
    const min = this.part.kind === 'notice' ? 0 : this.part.minFontSize;
    fitTerminalFont(terminal, fitBox(this.host), preferredFontSize(this.element), min, cols, rows);
  }

  // ---- status --------------------------------------------------------------------------------

  private renderStatus(): void {
    const part = this.part;
    if (part.kind === 'notice') return;
    const { strings } = this.context;
    const state = part.source.state;
    const { text, notice } = statusWords(state, strings, part.kind === 'replay');
    const focused = this.terminal?.textarea !== undefined && this.terminal.textarea === document.activeElement;
    const keepsKeys = (state.name === 'live' && state.role === 'presenter') || part.keepsKeyboard;
    this.titleBar.render(text, focused && keepsKeys ? strings.focusHint : null, part.restartable(state));
    this.element.dataset.state = state.name;
    if (notice !== null) this.notice.textContent = notice;
    this.notice.hidden = notice === null;
    part.render();
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
