// One client's view of a session: the snapshot first, then output under the client's ack window.
// The driving presenter's window pauses the shell (back-pressure, so `yes` cannot exhaust memory);
// nobody else's does (viewers, and the other presenter windows of the same shell, such as a
// presenter view left in a background tab): past their limit they skip output, and once they have
// caught up they get a fresh snapshot.

import {
  FLOW_HIGH_WATERMARK,
  FLOW_LOW_WATERMARK,
  VIEWER_MAX_LAG_BYTES,
  type Role,
  type ServerMessage,
} from '../../common/protocol.js';
import type { ExitStatus, ScreenSnapshot, TerminalSession, TerminalSize } from './session.js';
import type { StepProgress } from './step-runner.js';

/** The socket side, as an attachment needs it. */
export interface Peer {
  sendBinary(data: Buffer): void;
  sendControl(message: ServerMessage): void;
  /** Bytes handed to the socket and not yet sent. */
  readonly bufferedAmount: number;
}

/** syncing: waiting for a snapshot, queueing what follows it; live: forwarding; lagging (not driving):
 * skipping output until caught up. */
type State = 'syncing' | 'live' | 'lagging' | 'disposed';

/** How often a lagging client is looked at again. */
const LAG_CHECK_MS = 100;
/** Output waiting in the server for a watching client's socket (the server's memory, unlike the
 * kernel's buffers and the client's, which VIEWER_MAX_LAG_BYTES also counts): a classroom of 200
 * stalled viewers holds 50 MB at most. */
const MAX_BUFFERED_BYTES = 256 * 1024;

export class Attachment {
  private current: TerminalSession;
  private state: State = 'syncing';
  /** Bytes of binary frames sent and not yet acknowledged. */
  private unacked = 0;
  private holding = false;
  /** What happened while syncing, in order, to send after the snapshot. */
  private queue: Array<Buffer | ServerMessage> = [];
  private readonly onOutput = (data: Buffer) => this.deliver(data);
  private readonly onResize = (size: TerminalSize) => this.deliver({ type: 'resize', ...size });
  private readonly onExit = (status: ExitStatus) => this.deliver({ type: 'exit', ...status });
  /** Whether this window's acks pace the shell (see SessionManager.drive). */
  private driving = false;
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    session: TerminalSession,
    readonly role: Role,
    private readonly peer: Peer,
    /** The demo steps of the current shell (done, typing), for `ready`. */
    private readonly stepProgress: (session: TerminalSession) => StepProgress,
  ) {
    this.current = session;
  }

  get isDriving(): boolean {
    return this.driving;
  }

  /** Makes this window's acks pace the shell, or stops them doing so. Only presenters drive. */
  setDriving(driving: boolean): void {
    if (this.state === 'disposed' || this.role !== 'presenter' || driving === this.driving) return;
    this.driving = driving;
    if (!driving && this.holding) {
      this.holding = false;
      this.current.release(this);
    } else if (driving && this.unacked > FLOW_HIGH_WATERMARK) {
      this.holding = true;
      this.current.hold(this);
    }
  }

  /** A control message for this client, in order with the output. */
  notify(message: ServerMessage): void {
    this.deliver(message);
  }

  get session(): TerminalSession {
    return this.current;
  }

  /** Sends `ready` and the snapshot, then output as it comes. */
  start(resumed: boolean): void {
    this.sync((snapshot) => this.readyMessage(snapshot, resumed));
  }

  /** Follows another session from now on (a restart): a new `ready` and its snapshot. */
  moveTo(session: TerminalSession): void {
    if (this.state === 'disposed') return;
    this.unsubscribe();
    this.current = session;
    this.sync((snapshot) => this.readyMessage(snapshot, false));
  }

  /** The client processed `bytes` more bytes. */
  ack(bytes: number): void {
    if (this.state === 'disposed') return;
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.holding && this.unacked < FLOW_LOW_WATERMARK) {
      this.holding = false;
      this.current.release(this);
    }
    this.resyncIfCaughtUp();
  }

  /** A lagging client that has taken in what it was sent gets the screen as it is now. Checked on
   * its acks, on output it skips, and every LAG_CHECK_MS: a client that fell behind on its
   * socket's buffer alone (its acks all in) sends no more acks, and a shell gone quiet sends no
   * more output. */
  private resyncIfCaughtUp(): void {
    if (this.state !== 'lagging' || this.unacked > FLOW_LOW_WATERMARK || this.peer.bufferedAmount > FLOW_LOW_WATERMARK) return;
    this.stopLagTimer();
    this.sync((snapshot) => ({ type: 'screen', cols: snapshot.cols, rows: snapshot.rows }));
  }

  private startLagging(): void {
    this.state = 'lagging';
    this.lagTimer ??= setInterval(() => this.resyncIfCaughtUp(), LAG_CHECK_MS);
  }

  private stopLagTimer(): void {
    clearInterval(this.lagTimer);
    this.lagTimer = undefined;
  }

  dispose(): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    this.stopLagTimer();
    this.unsubscribe();
    this.queue = [];
  }

  // Subscribing right after snapshot() makes the snapshot and the output that follows meet
  // exactly (see TerminalSession.snapshot).
  private sync(announce: (snapshot: ScreenSnapshot) => ServerMessage): void {
    this.stopLagTimer();
    this.unsubscribe();
    this.state = 'syncing';
    this.queue = [];
    const snapshot = this.current.snapshot();
    const session = this.current;
    session.on('output', this.onOutput);
    session.on('resize', this.onResize);
    session.on('exit', this.onExit);
    void snapshot.then((screen) => {
      if (this.state !== 'syncing' || this.current !== session) return;
      this.peer.sendControl(announce(screen));
      this.sendFrame(screen.data);
      this.state = 'live';
      const queued = this.queue;
      this.queue = [];
      for (const item of queued) this.deliver(item);
    });
  }

  private deliver(item: Buffer | ServerMessage): void {
    switch (this.state) {
      case 'syncing':
        this.queue.push(item);
        return;
      case 'disposed':
        return;
      case 'lagging':
        // The resync snapshot will carry the screen and its size; the rest must get through.
        if (!Buffer.isBuffer(item) && item.type !== 'resize') this.peer.sendControl(item);
        else this.resyncIfCaughtUp();
        return;
      case 'live':
        if (!Buffer.isBuffer(item)) {
          this.peer.sendControl(item);
        } else if (!this.driving && this.tooFarBehind(item.length)) {
          this.startLagging();
        } else {
          this.sendFrame(item);
        }
    }
  }

  private tooFarBehind(incoming: number): boolean {
    return this.unacked + incoming > VIEWER_MAX_LAG_BYTES || this.peer.bufferedAmount > MAX_BUFFERED_BYTES;
  }

  private sendFrame(data: Buffer): void {
    this.peer.sendBinary(data);
    this.unacked += data.length;
    if (this.driving && !this.holding && this.unacked > FLOW_HIGH_WATERMARK) {
      this.holding = true;
      this.current.hold(this);
    }
  }

  private readyMessage(snapshot: ScreenSnapshot, resumed: boolean): ServerMessage {
    const session = this.current;
    const steps = this.stepProgress(session);
    return {
      type: 'ready',
      session: session.id,
      role: this.role,
      cols: snapshot.cols,
      rows: snapshot.rows,
      demo: session.demo?.name ?? null,
      shell: session.shell,
      resumed,
      steps: steps.done,
      typing: steps.typing,
    };
  }

  private unsubscribe(): void {
    const session = this.current;
    session.off('output', this.onOutput);
    session.off('resize', this.onResize);
    session.off('exit', this.onExit);
    if (this.holding) {
      this.holding = false;
      session.release(this);
    }
  }
}
