// Terminal output as a benchmark client sees it: counted, and watched for a pattern (a prompt, an
// echoed key) with the time it showed up. Only a short tail is kept between pieces, so 50 MB cost little.

/** How much output is kept to match patterns against (a prompt fits easily). */
const TAIL_CHARS = 512;


interface Waiter {
  pattern: RegExp;
  /** Only output after this many bytes counts. */
  from: number;
  resolve: (at: number) => void;
}

/** What the echo measurement needs from a terminal: a socket client or a bare pty. */
export interface Typist {
  type(keys: string): void;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<number>;
}

export class OutputMatcher {
  /** Bytes fed so far. */
  processed = 0;
  private tail = '';
  private readonly waiters = new Set<Waiter>();

  feed(data: Buffer): void {
    const at = performance.now();
    this.processed += data.length;
    // Each piece is searched whole: on a busy terminal an echo can come in one read with many
    // lines after it. (On a flood this costs the client ~4 ms per 10 MB of output.)
    const searched = this.tail + data.toString('latin1');
    this.tail = searched.slice(-TAIL_CHARS);
    for (const waiter of this.waiters) {
      if (this.check(waiter, at, searched)) this.waiters.delete(waiter);
    }
  }

  /** Resolves with the time (performance.now()) at which output matching `pattern` was fed,
   * counting only output after byte `from` (default: from now on). */
  waitFor(pattern: RegExp, timeoutMs: number, from = this.processed): Promise<number> {
    let waiter!: Waiter;
    const found = new Promise<number>((resolve) => {
      waiter = { pattern, from, resolve };
    });
    if (!this.check(waiter, performance.now(), this.tail)) this.waiters.add(waiter);
    return withTimeout(found, timeoutMs, `${pattern} in the output`).finally(() => this.waiters.delete(waiter));
  }

  /** `text`: the latest output (its end is the byte `processed`). */
  private check(waiter: Waiter, at: number, text: string): boolean {
    if (this.processed <= waiter.from) return false;
    const fresh = text.slice(-Math.min(text.length, this.processed - waiter.from));
    if (!waiter.pattern.test(fresh)) return false;
    waiter.resolve(at);
    return true;
  }
}

export class TimeoutError extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
