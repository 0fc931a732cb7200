// A live shell of `livedeck dev` as a terminal source: one `/term` WebSocket per pane (protocol in
// common/protocol.ts). It says hello with its pane id (the server keeps one shell per pane: a
// reload, the presenter view and the audience all join it, and the screen comes back from the
// server's snapshot), asks the server to type the demo steps the teacher reaches (`play`: the
// server types them, once per shell), acknowledges output once the terminal has parsed it (real
// flow control: a slow page pauses the shell, not the other way round), and reconnects after a
// drop with an exponential backoff.

import {
  ACK_INTERVAL_BYTES,
  CloseCode,
  MAX_MESSAGE_BYTES,
  type ClientMessage,
  type Role,
  type ServerMessage,
} from '../../common/protocol.js';
import type { SourceState, TerminalSink, TerminalSource } from './source.js';

export interface LiveSourceOptions {
  /** The `/term` endpoint, e.g. ws://127.0.0.1:4000/term. */
  url: string;
  token: string;
  demo: string | null;
  /** The deck's pane id ("s8-t1"). */
  pane: string;
  /** The pane's size in characters, asked at every (re)connection. */
  size(): { cols: number; rows: number };
}

/** Reconnection delays: 0.5 s, 1 s, 2 s, ... up to 8 s, each ±25 % so that many panes (or many
 * viewers) do not knock at the same instant. */
export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 8_000;

export function retryDelay(attempt: number, random = Math.random()): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt);
  return Math.round(base * (0.75 + 0.5 * random));
}

export class LiveSource implements TerminalSource {
  state: SourceState = { name: 'idle' };
  private sink: TerminalSink | null = null;
  private socket: WebSocket | null = null;
  /** The shell of the last `ready`, asked for again after a drop. */
  private session: string | null = null;
  /** Steps reached while the shell was not there yet (connecting, reconnecting): asked for once
   * it is. */
  private pendingSteps: number[] = [];
  private role: Role | null = null;
  /** Consecutive failed attempts, for the backoff. */
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by `ready` and `screen`: the next binary frame is a snapshot of this size. */
  private snapshotSize: { cols: number; rows: number } | null = null;
  /** Bytes parsed by the terminal and not acknowledged yet. */
  private unacked = 0;
  /** The size the server last told us about. */
  private size: { cols: number; rows: number } | null = null;
  /** The last `error` message, the details of a close that follows it. */
  private lastError = '';
  private readonly encoder = new TextEncoder();
  private disposed = false;

  constructor(private readonly options: LiveSourceOptions) {
  }

  attach(sink: TerminalSink): void {
    if (this.sink) throw new Error('LiveSource.attach: already attached');
    this.sink = sink;
    this.setState({ name: 'connecting' });
    this.connect();
  }

  write(data: string): void {
    if (!this.canControl()) return;
    const bytes = this.encoder.encode(data);
    // A big paste goes in pieces the server accepts; the pty gets the bytes in order anyway.
    for (let at = 0; at < bytes.length; at += MAX_MESSAGE_BYTES) {
      this.socket!.send(bytes.subarray(at, at + MAX_MESSAGE_BYTES));
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.canControl()) return;
    if (this.size?.cols === cols && this.size.rows === rows) return;
    this.size = { cols, rows };
    this.send({ type: 'resize', cols, rows });
  }

  /** The teacher reached demo step `step`: the server types it, unless the shell already had it
   * (from any window). A viewer asks nothing; a shell that has ended gets nothing (the pane says
   * so). */
  play(step: number): void {
    if (this.canControl()) this.send({ type: 'play', step });
    else if (this.state.name !== 'exited' && this.role !== 'viewer' && !this.pendingSteps.includes(step)) this.pendingSteps.push(step);
  }

  restart(): void {
    if (this.disposed) return;
    if (this.socket?.readyState === WebSocket.OPEN && this.role === 'presenter') {
      this.send({ type: 'restart' });
      return;
    }
    if (this.state.name === 'failed' || this.state.name === 'reconnecting') {
      this.attempt = 0;
      this.connect();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'pane disposed');
  }

  // ---- connection --------------------------------------------------------------------------

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'reconnecting');
    const socket = new WebSocket(this.options.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.role = null;
    this.snapshotSize = null;
    this.unacked = 0;
    this.lastError = '';
    socket.onopen = () => {
      const { cols, rows } = this.options.size();
      this.size = { cols, rows };
      const { token, demo, pane } = this.options;
      this.send({ type: 'hello', token, demo, pane, session: this.session, cols, rows });
    };
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (socket !== this.socket) return;
      if (typeof event.data === 'string') this.onControl(event.data);
      else this.onOutput(socket, new Uint8Array(event.data));
    };
    // An error is always followed by a close, which decides what to do.
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (socket === this.socket) this.onClose(event.code, event.reason);
    };
  }

  private onControl(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'ready':
        this.role = message.role;
        this.session = message.session;
        this.size = { cols: message.cols, rows: message.rows };
        this.snapshotSize = { cols: message.cols, rows: message.rows };
        this.attempt = 0;
        this.setState({ name: 'live', role: message.role, session: message.session, resumed: message.resumed });
        if (message.role === 'presenter') for (const step of this.pendingSteps) this.send({ type: 'play', step });
        this.pendingSteps = [];
        return;
      case 'screen':
        this.snapshotSize = { cols: message.cols, rows: message.rows };
        return;
      case 'resize':
        this.size = { cols: message.cols, rows: message.rows };
        this.sink?.resize(message.cols, message.rows);
        return;
      case 'exit':
        this.setState({ name: 'exited', code: message.code, signal: message.signal ?? null });
        return;
      case 'error':
        this.lastError = message.message;
        // Not console.error: a refused message is the server doing its job, not a page failure.
        console.warn(`livedeck terminal: ${message.code}: ${message.message}`);
    }
  }

  private onOutput(socket: WebSocket, data: Uint8Array): void {
    const sink = this.sink;
    if (!sink) return;
    if (this.snapshotSize) {
      sink.reset(this.snapshotSize.cols, this.snapshotSize.rows);
      this.snapshotSize = null;
    }
    sink.write(data, () => this.parsed(socket, data.length));
  }

  /** The terminal has parsed `bytes` more bytes that came on `socket`. */
  private parsed(socket: WebSocket, bytes: number): void {
    if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
    this.unacked += bytes;
    if (this.unacked >= ACK_INTERVAL_BYTES) {
      this.send({ type: 'ack', bytes: this.unacked });
      this.unacked = 0;
    }
  }

  private onClose(code: number, reason: string): void {
    this.socket = null;
    this.role = null;
    if (this.disposed) return;
    switch (code) {
      case CloseCode.BadToken:
        return this.setState({ name: 'failed', reason: 'bad-token', detail: reason });
      case CloseCode.BadHello:
        return this.setState({ name: 'failed', reason: 'protocol', detail: reason });
      case CloseCode.StartFailed:
        return this.setState({ name: 'failed', reason: 'start-failed', detail: this.lastError || reason });
      case CloseCode.NotFound:
        // An unknown demo is final. Otherwise a viewer came before the presenter opened this
        // shell (or after it ended): follow the newest session of the demo once there is one.
        if (reason.startsWith('unknown demo')) return this.setState({ name: 'failed', reason: 'unknown-demo', detail: reason });
        this.session = null;
        return this.retry('waiting-for-presenter');
      case CloseCode.TooMany:
        return this.retry('busy');
      default:
        return this.retry('dropped');
    }
  }

  private retry(reason: 'dropped' | 'waiting-for-presenter' | 'busy'): void {
    const delay = retryDelay(this.attempt);
    this.attempt += 1;
    this.setState({ name: 'reconnecting', reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Input, resizes and steps need a running shell and the presenter role. */
  private canControl(): boolean {
    return this.state.name === 'live' && this.role === 'presenter' && this.socket?.readyState === WebSocket.OPEN;
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setState(state: SourceState): void {
    this.state = state;
    this.sink?.stateChanged(state);
  }
}
