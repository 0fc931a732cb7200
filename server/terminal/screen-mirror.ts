// The server's copy of a session's screen, for reattaching clients and resynced viewers: a
// headless xterm fed with the shell's output. It never slows the shell down: parsing is the
// slowest thing on the server (a headless xterm parses ~25 MB/s here, a pty delivers over
// 80 MB/s), so output is parsed only when the shell pauses (SETTLE_MS without output, longer after
// a flood) or when a snapshot is asked for. During a flood the unparsed tail is capped
// (MAX_PENDING_BYTES): older output is dropped and the screen is rebuilt from the tail, which is
// all a screen shows anyway. Snapshots asked for with no output in between are one snapshot: a
// class of viewers resynced after a burst gets one serialisation, not one each.

import { SerializeAddon } from '@xterm/addon-serialize';
import xtermHeadless, { type ITerminalAddon } from '@xterm/headless';

/** The screen (with scrollback) as bytes that rebuild it in a terminal of that size. */
export interface ScreenSnapshot {
  /** UTF-8. Shared by everyone given this snapshot: never written to. */
  data: Buffer;
  cols: number;
  rows: number;
}

/** Output is parsed once the shell has been quiet this long ... */
const SETTLE_MS = 15;
/** ... or this long, when more than FLOOD_BYTES wait: a flood pauses whenever a client is slow to
 * acknowledge, and parsing megabytes in each of those pauses held the server's one thread (the
 * acks that would end the pause included): a fifth of its time in a 50 MB `cat`. */
const FLOOD_SETTLE_MS = 250;
const FLOOD_BYTES = 64 * 1024;
/** Unparsed output kept at most; past it the oldest goes and the screen is rebuilt. */
const MAX_PENDING_BYTES = 2 * 1024 * 1024;
/** RIS: the terminal's full reset. */
const FULL_RESET = '\x1bc';

export class ScreenMirror {
  private readonly terminal: InstanceType<typeof xtermHeadless.Terminal>;
  private readonly serializer = new SerializeAddon();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Output was dropped: the parsed screen no longer leads to the pending tail. */
  private stale = false;
  /** Bytes handed to the terminal and not parsed yet. */
  private parsing = 0;
  private timer: NodeJS.Timeout | null = null;
  /** performance.now() of the last write, for the quiet the parse waits for. */
  private lastWrite = 0;
  /** The snapshot of the screen as it is, once asked for; until the next write or resize. */
  private current: Promise<ScreenSnapshot> | null = null;
  private disposed = false;

  constructor(cols: number, rows: number, scrollback: number) {
    this.terminal = new xtermHeadless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
    // The addon's typings name the browser Terminal; the headless one has the same API surface.
    this.terminal.loadAddon(this.serializer as unknown as ITerminalAddon);
  }

  write(data: Buffer): void {
    if (this.disposed) return;
    this.current = null;
    this.pending.push(data);
    this.pendingBytes += data.length;
    while (this.pendingBytes > MAX_PENDING_BYTES && this.pending.length > 1) {
      this.pendingBytes -= this.pending.shift()!.length;
      this.stale = true;
    }
    // Debounced: a flood keeps pushing the parse back, an interactive burst is parsed at once.
    // One timer that checks the quiet when it fires, not one per write (thousands in a flood).
    this.lastWrite = performance.now();
    if (this.timer === null) this.wait(SETTLE_MS);
  }

  /** Resizes after the output that came before: queued behind it, so the screen reflows at the
   * same point of the stream as the real terminal did. */
  resize(cols: number, rows: number): void {
    this.current = null;
    this.parsePending(true);
    this.terminal.write('', () => this.terminal.resize(cols, rows));
  }

  /** The screen as of every `write` so far. */
  snapshot(): Promise<ScreenSnapshot> {
    if (this.current !== null) return this.current;
    this.parsePending(true);
    this.current = new Promise((resolve) => {
      if (this.disposed) {
        resolve({ data: Buffer.alloc(0), cols: this.terminal.cols, rows: this.terminal.rows });
        return;
      }
      this.terminal.write('', () => resolve({ data: Buffer.from(this.serializer.serialize(), 'utf8'), cols: this.terminal.cols, rows: this.terminal.rows }));
    });
    return this.current;
  }

  /** Lets pending snapshots resolve, then frees the terminal. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    await new Promise<void>((resolve) => this.terminal.write('', resolve));
    this.disposed = true;
    this.terminal.dispose();
  }

  private wait(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const quiet = performance.now() - this.lastWrite;
      const settle = this.pendingBytes > FLOOD_BYTES ? FLOOD_SETTLE_MS : SETTLE_MS;
      if (quiet < settle) this.wait(settle - quiet);
      else this.parsePending();
    }, ms);
    this.timer.unref();
  }

  /** Hands the pending output to the terminal; unless `now`, waits while it is still busy with
   * earlier output, so its own queue stays as bounded as `pending`. */
  private parsePending(now = false): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingBytes === 0 || this.disposed) return;
    if (!now && this.parsing > MAX_PENDING_BYTES) {
      this.wait(SETTLE_MS);
      return;
    }
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    // What the screen held led to output that is gone: start the tail on a blank screen (a full
    // reset, queued in order after whatever is still being parsed).
    if (this.stale) this.terminal.write(FULL_RESET);
    this.stale = false;
    this.parsing += data.length;
    this.terminal.write(data, () => {
      this.parsing -= data.length;
    });
  }
}
