// A /term client for the benchmarks, standing in for a browser pane. It "processes" output (counts
// it, acks it, looks for patterns in it) either as it arrives, like a fast browser, or at a fixed
// rate behind a bounded receive window, like a busy one: once the window is full it stops reading
// the socket, so back-pressure reaches the server through TCP as well as through acks.

import { WebSocket } from 'ws';
import { ACK_INTERVAL_BYTES, type ServerMessage } from '../../common/protocol.js';
import { OutputMatcher, withTimeout, type Typist } from './output-matcher.js';
import type { Target } from './server-process.js';

const CONNECT_TIMEOUT_MS = 15_000;
const TICK_MS = 10;

export interface ConnectOptions {
  /** Join as a read-only viewer (the audience token), not as the presenter. */
  viewer?: boolean;
  /** The session to join (a viewer without one follows the newest shell). */
  session?: string | null;
}

export interface ReadRate {
  bytesPerSecond: number;
  /** Bytes received and not yet processed at most; past it the socket is paused. */
  window: number;
}

export class BenchClient implements Typist {
  private readonly output = new OutputMatcher();
  private unacked = 0;
  private rate: ReadRate | null = null;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ticker: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private budget = 0;
  private readonly listeners: Array<(data: Buffer) => void> = [];
  /** The session joined (livedeck only). */
  session = '';
  /** Times the server resynchronised this client from a snapshot (a viewer that fell behind). */
  resyncs = 0;

  private constructor(
    private readonly ws: WebSocket,
    private readonly protocol: Target['protocol'],
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.receive(data as Buffer);
    });
  }

  /** Connects (and for livedeck says hello and waits for `ready`) with an 80x24 terminal. */
  static async connect(target: Target, options: ConnectOptions = {}): Promise<BenchClient> {
    const ws = new WebSocket(target.url, { headers: { Origin: target.origin }, perMessageDeflate: false });
    const client = new BenchClient(ws, target.protocol);
    const token = options.viewer ? target.audienceToken : target.token;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('close', (code, reason) => reject(new Error(`closed: ${code} ${reason.toString()}`)));
        ws.once('open', () => {
          if (target.protocol === 'raw') return resolve();
          ws.send(JSON.stringify({ type: 'hello', token, demo: null, session: options.session ?? null, cols: 80, rows: 24 }));
          ws.on('message', (data, isBinary) => {
            if (isBinary) return;
            const message = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage;
            if (message.type === 'ready') {
              client.session = message.session;
              resolve();
            } else if (message.type === 'screen') {
              client.resyncs++;
            } else if (message.type === 'error') {
              reject(new Error(`server error: ${message.message}`));
            }
          });
        });
      }),
      CONNECT_TIMEOUT_MS,
      'the terminal to connect',
    );
    ws.removeAllListeners('error');
    ws.removeAllListeners('close');
    ws.on('error', () => {});
    return client;
  }

  /** Bytes of output processed so far (the livedeck snapshot included). */
  get processed(): number {
    return this.output.processed;
  }

  /** Keyboard input. */
  type(keys: string): void {
    this.ws.send(Buffer.from(keys, 'utf8'), { binary: true });
  }

  /** See OutputMatcher.waitFor: the time at which matching output was processed. */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<number> {
    return this.output.waitFor(pattern, timeoutMs, from);
  }

  /** Called with each piece of output as it is processed. */
  onOutput(listener: (data: Buffer) => void): void {
    this.listeners.push(listener);
  }

  /** Stops reading the socket for good, like a frozen browser tab: nothing more is processed or
   * acknowledged, and the server's sends pile up in TCP and then in its own buffers. */
  stall(): void {
    clearInterval(this.ticker);
    this.ws.pause();
  }

  /** From now on, process output at this rate, not as it arrives. */
  readSlowly(rate: ReadRate): void {
    this.rate = rate;
    this.lastTick = performance.now();
    this.budget = 0;
    this.ticker ??= setInterval(() => this.tick(), TICK_MS);
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.ws.terminate();
  }

  private receive(data: Buffer): void {
    if (this.rate === null) return this.process(data);
    this.queue.push(data);
    this.queued += data.length;
    if (this.queued >= this.rate.window && !this.ws.isPaused) this.ws.pause();
  }

  private tick(): void {
    const rate = this.rate!;
    const now = performance.now();
    this.budget = Math.min(this.budget + ((now - this.lastTick) / 1000) * rate.bytesPerSecond, rate.bytesPerSecond);
    this.lastTick = now;
    while (this.queue.length > 0 && this.budget >= 1) {
      const head = this.queue[0]!;
      const take = Math.min(head.length, Math.floor(this.budget));
      if (take === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(take);
      this.budget -= take;
      this.queued -= take;
      this.process(head.subarray(0, take));
    }
    if (this.queue.length === 0) this.budget = 0; // idle time does not buy a later burst
    if (this.ws.isPaused && this.queued < rate.window / 2) this.ws.resume();
  }

  private process(data: Buffer): void {
    this.output.feed(data);
    for (const listener of this.listeners) listener(data);
    if (this.protocol !== 'livedeck') return;
    this.unacked += data.length;
    if (this.unacked >= ACK_INTERVAL_BYTES) {
      this.ws.send(JSON.stringify({ type: 'ack', bytes: this.unacked }));
      this.unacked = 0;
    }
  }
}
