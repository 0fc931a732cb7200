// A terminal pane on a slide: xterm.js in the `.ld-terminal` box (in place of the steps printed for
// readers without JavaScript), fed by a TerminalSource, with a status and a restart button in its
// title bar. It sizes itself to its box (or to the rows/cols the deck asks for), takes the keyboard
// while focused, and asks the server to type the demo's steps as their fragments show. In a static page,
// and in any page for a cast= pane, it replays a recording instead (CastSource), with the player's
// controls under it, and shows the build's text of the screen asked for until the terminal has it
// (showPoster).

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { REPLAY_SCROLLBACK, type TerminalPaneSpec } from '../../common/deck.js';
import { COLS_MAX, COLS_MIN, ROWS_MAX, ROWS_MIN, type Role } from '../../common/protocol.js';
import { afterNextPaint, el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { bufferText, screenRows } from './buffer-text.js';
import { CastSource, type ReplayHandle } from './cast-source.js';
import { DisposableStore } from './disposable.js';
import { domRendererCell } from './font-fit.js';
import { playerKey, shellKey } from './keys.js';
import { LiveSource } from './live-source.js';
import { cellSize, FALLBACK_FONT, fitBox, fitTerminalFont, fontFamily, MIN_FONT_SIZE, MIN_REPLAY_FONT_SIZE, preferredFontSize, replayFontSize } from './pane-font.js';
import { PlayerControls } from './player-controls.js';
import { ReplayPoster } from './poster.js';
import type { SourceState, SourceStateName, TerminalSink, TerminalSource } from './source.js';
import { statusWords } from './status.js';
import { TitleBar } from './title-bar.js';
import { paletteTheme } from './theme.js';
import { WriteQueue } from './write-queue.js';

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
  readonly state: SourceStateName | 'no-token' | 'no-recording';
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

/** Lines a live terminal keeps above the screen. A replay keeps fewer (REPLAY_SCROLLBACK): its
 * seek bar goes further back, and a seek rebuilds them all (see common/cast-seek.ts). */
const SCROLLBACK = 5000;
/** To the alternate screen and back (mode 47: no cursor saved or restored, the normal screen
 * kept): a no-op on the screen that xterm.js notices (see makeTerminal()). */
const BUFFER_SWITCH = '\x1b[?47h\x1b[?47l';

export class TerminalPane implements PaneHandle {
  readonly id: string;
  private readonly source: TerminalSource | null;
  /** A live shell's source, which the demo's steps are asked of. */
  private readonly live: LiveSource | null = null;
  /** A replaying pane (static pages, cast= panes): the recording and its controls. */
  private readonly replay: CastSource | null = null;
  /** A replay's first screen until its terminal opens (showPoster). */
  private poster: ReplayPoster | null = null;
  private readonly controls: PlayerControls | null = null;
  /** The role the server gave us last (kept while reconnecting). */
  private role: Role | null = null;
  private terminal: Terminal | null = null;
  private fitAddon: FitAddon | null = null;
  private writes: WriteQueue | null = null;
  private activation: Promise<void> | null = null;
  private preparation: Promise<Terminal | null> | null = null;
  private layoutFrame = 0;
  /** The grid and box the font was last fitted for, when the source decides the size: a seek's
   * reset to the same size needs no new fit (a font change re-measures every glyph). */
  private fittedFor = '';
  /** The source has set the terminal's size (a replay's first reset). */
  private sourceSized = false;
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

    if (context.mode === 'static' || spec.castFile !== null) {
      if (!spec.cast) {
        // The steps stay as the page printed them, with a note.
        this.source = null;
        element.classList.add('ld-terminal-no-recording');
        element.dataset.state = 'no-recording';
        this.showNotice(strings.noRecording);
        return;
      }
      this.replay = this.store.add(new CastSource({ cast: spec.cast, scrollback: REPLAY_SCROLLBACK }));
      this.source = this.replay;
      this.controls = this.store.add(new PlayerControls(this.replay, {
        strings,
        steps: spec.steps,
        focusTerminal: () => this.focus(),
        remark: (text) => this.titleBar.flash(text),
      }));
      this.screen.after(this.controls.element);
      element.classList.add('ld-terminal-player');
      this.renderStatus();
      return;
    }
    if (context.token === null) {
      this.source = null;
      element.classList.add('ld-terminal-no-token');
      element.dataset.state = 'no-token';
      this.showNotice(strings.noToken);
      return;
    }
    const live = this.store.add(new LiveSource({
      url: context.url,
      token: context.token,
      demo: spec.demo,
      pane: spec.id,
      size: () => ({ cols: this.terminal?.cols ?? spec.cols ?? 80, rows: this.terminal?.rows ?? spec.rows ?? 24 }),
    }));
    this.source = live;
    this.live = live;
    this.renderStatus();
  }

  get state(): SourceStateName | 'no-token' | 'no-recording' {
    return this.source?.state.name ?? (this.context.mode === 'static' || this.spec.castFile !== null ? 'no-recording' : 'no-token');
  }

  get player(): ReplayHandle | null {
    return this.replay;
  }

  /** Opens the terminal and connects (once; later calls return the same promise). */
  activate(): Promise<void> {
    if (!this.activation) {
      this.startedAt = performance.now();
      this.activation = this.open();
    }
    return this.activation;
  }

  /** Steps whose fragments were just shown: the server types them (once per shell). A shell that
   * has ended types nothing, and the pane says so. */
  reachSteps(steps: number[]): void {
    const live = this.live;
    if (!live) return;
    if (live.state.name === 'exited') {
      this.titleBar.remark = this.context.strings.stepNotTyped(steps.at(-1)! + 1);
      this.renderStatus();
      return;
    }
    for (const step of steps) live.play(step);
  }

  /** A replaying pane: the slides show the first `count` steps; with `play`, the last one plays
   * (as "next" types it live), otherwise their screen shows at once. */
  showSteps(count: number, play: boolean): void {
    this.showPoster(count);
    this.replay?.showStep(count, play);
  }

  /** Fits the terminal to its box again (the slide became visible, the window changed). */
  layout(): void {
    const terminal = this.terminal;
    // A replay's terminal opens once its first screen is parsed: until then there is nothing to fit.
    if (!terminal?.element || !this.fitAddon || this.host.clientWidth === 0) return;
    if (this.followsSourceSize()) {
      // A viewer shows the presenter's grid as it is, a replay the recording's: only the font
      // adapts to the box. A recording's size comes with it: fitting the font before would change
      // it twice, and xterm.js measures every glyph again after each change.
      if (this.replay && !this.sourceSized) return;
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
    this.source?.resize?.(cols, rows);
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
    this.source?.restart?.();
    this.renderStatus();
  }

  dispose(): void {
    if (this.store.isDisposed) return;
    this.store.dispose();
    // Made ahead (prepare), a terminal may never have opened.
    void this.preparation?.then((terminal) => terminal?.dispose());
    // The box is as the page had it: the steps as text.
    this.screen.remove();
    this.element.classList.remove('ld-terminal-live', 'ld-terminal-writable', 'ld-terminal-no-token', 'ld-terminal-no-recording', 'ld-terminal-player');
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
    if (!this.source) return null;
    const family = fontFamily(this.element);
    const fontSize = preferredFontSize(this.element);
    // Cell metrics are measured once the terminal opens: the real font must be there by then.
    await Promise.all([400, 700].map((weight) => document.fonts.load(`${weight} ${fontSize}px ${family}`).catch(() => [])));
    if (this.store.isDisposed) return null;
    this.sizeReplayBox();
    const size = this.initialSize();
    const terminal = new Terminal({
      fontFamily: family,
      // A replay's is fitted to its box, if it shows yet (made ahead, it may not: open() fits it).
      fontSize: this.replay ? this.replayFontSize(family, size) : fontSize,
      fontWeight: 400,
      fontWeightBold: 700,
      lineHeight: 1,
      ...size,
      scrollback: this.replay ? REPLAY_SCROLLBACK : SCROLLBACK,
      cursorBlink: false,
      cursorStyle: 'block',
      // The audience follows the typed steps by the cursor, focused or not.
      cursorInactiveStyle: 'block',
      theme: paletteTheme(this.element),
      allowProposedApi: false,
      disableStdin: true,
      macOptionIsMeta: true,
    });
    // WARNING: xterm.js hides the cursor until the terminal is first focused or typed into, and
    // has no option for it; an audience follows typed steps by the cursor. Entering and leaving
    // the alternate screen (mode 47) shows it and changes nothing else on an empty terminal.
    terminal.write(BUFFER_SWITCH);
    return terminal;
  }

  private async open(): Promise<void> {
    if (!this.source) return;
    this.element.classList.add('ld-terminal-live');
    const terminal = await this.prepare();
    if (!terminal || this.store.isDisposed) return;
    if (this.replay) {
      // Made ahead, the terminal may have had no box to fit its font to: it has now, and a font
      // set before the terminal opens costs no measure.
      const fontSize = this.replayFontSize(terminal.options.fontFamily ?? FALLBACK_FONT, { cols: terminal.cols, rows: terminal.rows });
      if (terminal.options.fontSize !== fontSize) terminal.options.fontSize = fontSize;
    }
    this.terminal = terminal;
    this.fitAddon = new FitAddon();
    terminal.loadAddon(this.fitAddon);
    this.writes = this.store.add(new WriteQueue(terminal));
    if (this.replay) {
      // A replay's first screen (up to 1000 lines of scrollback and the screen) is parsed before
      // the terminal opens: xterm.js then keeps no viewport, scroll bar or selection in step with
      // every line that scrolls by (that took about half of the time to the first screen), and
      // opening renders the last screen only. The build's screen, if it shows, is painted first:
      // xterm.js's parse is one long task, which would otherwise hold that frame back.
      if (this.poster) await afterNextPaint();
      if (this.store.isDisposed) return;
      this.source.attach(this.sink(terminal));
      await this.replay.shown();
      if (this.store.isDisposed) return;
    }
    // The terminal takes the first screen's place: it renders before the next paint.
    this.poster?.dispose();
    this.poster = null;
    terminal.open(this.host);
    terminal.textarea?.setAttribute('aria-label', this.context.strings.terminalLabel(this.spec.title ?? this.spec.demo ?? this.id));
    // While the terminal has the keyboard, the title bar says how to give it back.
    const textarea = terminal.textarea;
    if (textarea) {
      const render = () => this.renderStatus();
      textarea.addEventListener('focus', render);
      textarea.addEventListener('blur', render);
      this.store.defer(() => {
        textarea.removeEventListener('focus', render);
        textarea.removeEventListener('blur', render);
      });
    }
    const controls = this.controls;
    terminal.attachCustomKeyEventHandler(controls
      ? (event) => playerKey(event, terminal, (key) => controls.handleKey(key))
      : (event) => shellKey(event, terminal, this.element.classList.contains('ld-terminal-writable')));
    // Only a source that takes input (a live shell) hears the keyboard.
    const source = this.source;
    if (source.write) this.store.add(terminal.onData((data) => source.write?.(data)));
    this.layout();
    const observer = new ResizeObserver(() => this.scheduleLayout());
    observer.observe(this.screen);
    this.store.defer(() => observer.disconnect());
    this.store.defer(() => cancelAnimationFrame(this.layoutFrame));
    if (this.replay) {
      // WARNING: xterm.js's viewport learns the buffer's length only from a scroll, a resize or a
      // switch of buffer, and none came while the terminal was closed: its scroll bar and the
      // wheel would not reach the scrollback. A scroll to the top and back to the bottom, where
      // the terminal is, makes it measure again (a switch of buffer would too, but it also
      // renders the whole screen twice, at once, to clear a selection there is none of). Without
      // scrollback (the alternate screen, a short screen) there is nothing to reach.
      this.writes.apply(() => {
        if (terminal.buffer.active.baseY > 0) {
          terminal.scrollToTop();
          terminal.scrollToBottom();
        }
      });
      // For devtools and bench/replay.ts: from the pane's start (its slide or a neighbour shown)
      // to its first screen on the terminal, loaded and parsed (xterm.js renders it in the next
      // frame).
      if (this.replay.state.name !== 'failed') performance.measure(`livedeck replay: ${this.spec.cast!.file} loaded and shown`, { start: this.startedAt, end: performance.now() });
    } else {
      this.source.attach(this.sink(terminal));
    }
  }

  /** A replay's screen after `count` steps as the build made it, in the terminal's place until the
   * terminal opens (see poster.ts), at the font the terminal will open with. */
  private showPoster(count: number): void {
    const screen = this.spec.cast?.screens[count];
    if (!this.replay || !screen || this.terminal?.element || this.store.isDisposed) return;
    // The pane's box as it is with a terminal (the steps' text hidden), to fit the font to.
    this.element.classList.add('ld-terminal-live');
    this.sizeReplayBox();
    const family = fontFamily(this.element);
    this.poster ??= this.store.add(new ReplayPoster(this.host, this.spec.cast!.file));
    this.poster.show(screen, family, this.replayFontSize(family, { cols: screen.cols, rows: screen.rows }));
  }

  /** A replay whose deck gives rows and no height: its box is as tall as those rows at the
   * preferred font (a live pane's is set by layout(), from its grid; a replay's grid is the
   * recording's, which then fits in the box like any other). Without it the box has no height. */
  private sizeReplayBox(): void {
    const rows = this.spec.rows;
    if (!this.replay || rows === null || this.spec.height !== null || this.host.style.height !== '') return;
    const cell = domRendererCell(fontFamily(this.element), preferredFontSize(this.element), { cols: 80, rows });
    if (cell.height > 0) this.host.style.height = `${rows * cell.height}px`;
  }

  /** A replay starts at its recording's size, so its font is fitted once, before anything is
   * written: each font change makes xterm.js measure every glyph on screen again. */
  private initialSize(): { cols: number; rows: number } {
    const cast = this.spec.cast;
    if (this.replay && cast) {
      this.sourceSized = true;
      return { cols: cast.cols, rows: cast.rows };
    }
    return { cols: this.spec.cols ?? 80, rows: this.spec.rows ?? 24 };
  }

  private sink(terminal: Terminal): TerminalSink {
    const writes = this.writes!;
    return {
      reset: (cols, rows) => writes.apply(() => {
        terminal.reset();
        terminal.resize(cols, rows);
        this.sourceSized = true;
        if (this.followsSourceSize()) this.layout();
      }),
      write: (data, parsed) => {
        writes.write(data, parsed);
      },
      resize: (cols, rows) => writes.apply(() => {
        terminal.resize(cols, rows);
        this.sourceSized = true;
        if (this.followsSourceSize()) this.layout();
      }),
      stateChanged: (state) => this.onState(state),
    };
  }

  private onState(state: SourceState): void {
    const terminal = this.terminal;
    if (state.name === 'live') {
      this.role = state.role;
      this.titleBar.remark = null;
    }
    const writable = state.name === 'live' && state.role === 'presenter';
    this.element.classList.toggle('ld-terminal-writable', writable);
    if (terminal) {
      terminal.options.disableStdin = !writable;
      terminal.options.cursorBlink = writable;
      // A dead or read-only terminal gives the keyboard back to the slides (a player keeps it).
      if (!writable && !this.replay && this.element.contains(document.activeElement)) terminal.blur();
    }
    this.renderStatus();
    if (state.name === 'live') this.layout();
  }

  // ---- sizing --------------------------------------------------------------------------------

  /** The source decides the terminal's size (a viewer's shell, a recording), not the box. */
  private followsSourceSize(): boolean {
    return this.role === 'viewer' || this.replay !== null;
  }

  private scheduleLayout(): void {
    cancelAnimationFrame(this.layoutFrame);
    this.layoutFrame = requestAnimationFrame(() => this.layout());
  }

  private fitFont(terminal: Terminal, cols: number | null, rows: number | null): void {
    fitTerminalFont(terminal, fitBox(this.host), preferredFontSize(this.element), this.replay ? MIN_REPLAY_FONT_SIZE : MIN_FONT_SIZE, cols, rows);
  }

  private replayFontSize(family: string, grid: { cols: number; rows: number }): number {
    return replayFontSize(fitBox(this.host), family, preferredFontSize(this.element), grid);
  }

  // ---- status --------------------------------------------------------------------------------

  private renderStatus(): void {
    if (!this.source) return;
    const { strings } = this.context;
    const state = this.source.state;
    const { text, notice } = statusWords(state, strings, this.replay !== null);
    const focused = this.terminal?.textarea !== undefined && this.terminal.textarea === document.activeElement;
    const keepsKeys = (state.name === 'live' && state.role === 'presenter') || this.controls !== null;
    // A presenter restarts its shell; anyone may try again after a failure (not a recording's).
    const restartable = this.replay === null && (state.name === 'failed' || (this.role === 'presenter' && state.name !== 'connecting'));
    this.titleBar.render(text, focused && keepsKeys ? strings.focusHint : null, restartable);
    this.element.dataset.state = state.name;
    if (notice !== null) this.showNotice(notice);
    else this.notice.hidden = true;
    this.controls?.render();
  }

  private showNotice(message: string): void {
    this.notice.textContent = message;
    this.notice.hidden = false;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
