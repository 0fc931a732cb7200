// One `/term` WebSocket: the hello handshake (token, demo, pane, session), then routing its messages to
// the attached session. Every refusal is an `error` reply or a close with a 44xx code and a reason;
// nothing a client sends can throw out of here.

import type { RawData, WebSocket } from 'ws';
import {
  CloseCode,
  MAX_MESSAGE_BYTES,
  parseClientMessage,
  type ClientHello,
  type ClientMessage,
  type ErrorCode,
  type Role,
  type ServerMessage,
} from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import type { Attachment, Peer } from './attachment.js';
import { OutputCoalescer } from './output-coalescer.js';
import type { SessionManager } from './session-manager.js';
import type { TerminalSession } from './session.js';
import type { DemoFolder } from './working-copy.js';

export interface ConnectionContext {
  manager: SessionManager;
  /** The role a token grants, or null. */
  authenticate(token: string): Role | null;
  /** Once the token is proven: null when a socket of this role may stay, else why not (the
   * role's connections are at their limit). */
  admit(role: Role): string | null;
  /** Closes the socket of a refused hello with this code and reason (a moment later: a client
   * retrying in a loop must not cost the server a handshake each time). */
  refuse(code: number, reason: string): void;
  resolveDemo(name: string): Promise<DemoFolder | null>;
}

/** hello: waiting for it; starting: session being found or made; attached; closed. */
type State = 'hello' | 'starting' | 'attached' | 'closed';

export class TerminalConnection {
  private state: State = 'hello';
  private attachment: Attachment | null = null;
  private readonly peer: Peer;
  /** A viewer's output is gathered per display frame (output-coalescer.ts); a presenter's is not. */
  private readonly viewerOutput = new OutputCoalescer((data) => this.sendRaw(data));
  private coalesce = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectionContext,
  ) {
    const viewerOutput = this.viewerOutput;
    this.peer = {
      sendBinary: (data) => (this.coalesce ? viewerOutput.push(data) : this.sendRaw(data)),
      sendControl: (message) => {
        viewerOutput.flush();
        this.send(message);
      },
      get bufferedAmount() {
        return ws.bufferedAmount + viewerOutput.pendingBytes;
      },
    };
    ws.on('message', (data, isBinary) => {
      try {
        this.onMessage(toBuffer(data), isBinary);
      } catch (error) {
        this.reply('bad-message', `internal error: ${(error as Error).message}`);
      }
    });
    // ws reports protocol violations (bad UTF-8, frames over maxPayload) here and closes itself.
    ws.on('error', () => {});
    ws.on('close', () => this.dispose());
  }

  /** Closes the socket (the session lives on). */
  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, truncateReason(reason));
    }
    this.dispose();
  }

  private dispose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.viewerOutput.dispose();
    if (this.attachment) this.context.manager.detach(this.attachment);
    this.attachment = null;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed') return;
    if (this.state === 'hello') {
      this.onHello(data, isBinary);
      return;
    }
    if (data.length > MAX_MESSAGE_BYTES) {
      this.reply('too-large', `message of ${data.length} bytes refused (at most ${MAX_MESSAGE_BYTES}); split input`);
      return;
    }
    if (isBinary) {
      this.onInput(data);
      return;
    }
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.reply(parsed.error.code, parsed.error.message);
      return;
    }
    this.onControl(parsed.message);
  }

  // The service's hello gate closes a socket that stays silent too long.
  private onHello(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.refuse(CloseCode.BadHello, 'the first message must be a text hello');
    if (data.length > MAX_MESSAGE_BYTES) return this.refuse(CloseCode.BadHello, 'hello too large');
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) return this.refuse(CloseCode.BadHello, `bad hello: ${parsed.error.message}`);
    if (parsed.message.type !== 'hello') return this.refuse(CloseCode.BadHello, `expected hello, got "${parsed.message.type}"`);
    const hello = parsed.message;
    if (hello.token === '') return this.refuse(CloseCode.BadToken, 'missing token');
    const role = this.context.authenticate(hello.token);
    if (role === null) return this.refuse(CloseCode.BadToken, 'wrong token');
    const refusal = this.context.admit(role);
    if (refusal !== null) return this.close(CloseCode.TooMany, refusal);
    this.state = 'starting';
    this.open(hello, role).catch((error: unknown) => this.failStart(error));
  }

  /** A refused hello: nothing more is read; the service closes the socket. */
  private refuse(code: number, reason: string): void {
    this.dispose();
    this.context.refuse(code, truncateReason(reason));
  }

  private async open(hello: ClientHello, role: Role): Promise<void> {
    const { manager } = this.context;
    const demo = hello.demo === null ? null : await this.context.resolveDemo(hello.demo);
    if (hello.demo !== null && demo === null) {
      return this.close(CloseCode.NotFound, `unknown demo "${hello.demo}" (no demos/${hello.demo}/steps.sh)`);
    }
    if (this.state !== 'starting') return;
    const pane = hello.pane ?? null;
    // The named session, else the pane's shell (another window of the same pane).
    const existing = (hello.session === null ? undefined : manager.reattach(hello.session, hello.demo))
      ?? (pane === null ? undefined : await manager.ofPane(pane, hello.demo));
    if (this.state !== 'starting') return;
    if (role === 'viewer') {
      // A viewer never starts a shell; without a pane it follows the newest one of this demo.
      const session = existing ?? (hello.session === null && pane === null ? manager.latest(hello.demo) : undefined);
      if (!session) return this.close(CloseCode.NotFound, 'no such session to follow (the presenter has not opened it)');
      return this.attach(session, role, true);
    }
    const spec = { demo, pane, cols: hello.cols, rows: hello.rows };
    const { session, created } = existing
      ? { session: existing, created: false }
      : pane === null ? { session: await manager.create(spec), created: true } : await manager.forPane({ ...spec, pane });
    if (this.state !== 'starting') {
      // Nobody else knows a new plain session: a client gone meanwhile leaves nothing running.
      // A pane's shell stays for the pane's next window.
      if (created && pane === null) void manager.end(session);
      return;
    }
    this.attach(session, role, !created);
    // After the snapshot, which has the old size. Only the pacing window sizes the shell: a
    // presenter view's smaller pane must not shrink the projector's.
    if (!created && this.attachment?.isDriving) session.resize(hello.cols, hello.rows);
  }

  private attach(session: TerminalSession, role: Role, resumed: boolean): void {
    this.state = 'attached';
    this.coalesce = role === 'viewer';
    this.attachment = this.context.manager.attach(session, role, this.peer, resumed);
  }

  private failStart(error: unknown): void {
    if (this.state === 'closed') return;
    if (!(error instanceof LivedeckError)) {
      this.reply('start-failed', `cannot start the terminal: ${(error as Error).message}`);
      return this.close(CloseCode.StartFailed, 'cannot start the terminal');
    }
    switch (error.code) {
      case 'too-many-sessions':
        return this.close(CloseCode.TooMany, error.message);
      case 'shutting-down':
        return this.close(CloseCode.GoingAway, error.message);
      default:
        // setup.sh's output does not fit in a close reason: it comes first as an error.
        this.reply('start-failed', error.message);
        return this.close(CloseCode.StartFailed, error.code === 'setup-failed' ? 'demo setup failed' : 'cannot start the shell');
    }
  }

  private onInput(data: Buffer): void {
    const attachment = this.attachment;
    if (attachment === null) return this.reply('no-session', 'not ready yet: wait for "ready"');
    if (attachment.role !== 'presenter') return this.reply('forbidden', 'viewers cannot type into the terminal');
    if (attachment.session.exitStatus !== null) return this.reply('no-session', 'the shell has exited; send restart');
    this.context.manager.drive(attachment);
    attachment.session.write(data);
  }

  private onControl(message: ClientMessage): void {
    const attachment = this.attachment;
    if (message.type === 'hello') return this.reply('bad-message', 'hello was already received');
    if (attachment === null) {
      if (message.type !== 'ack') this.reply('no-session', 'not ready yet: wait for "ready"');
      return;
    }
    if (message.type === 'ack') return attachment.ack(message.bytes);
    if (attachment.role !== 'presenter') return this.reply('forbidden', `viewers cannot ${message.type}`);
    const session = attachment.session;
    switch (message.type) {
      case 'resize':
        // The window the teacher uses sizes the shell; another one's different box (a presenter
        // view) must not change what the projector shows.
        if (attachment.isDriving) session.resize(message.cols, message.rows);
        return;
      case 'play': {
        if (session.exitStatus !== null) return this.reply('no-session', `the shell has exited: step ${message.step + 1} not typed; send restart`);
        this.context.manager.drive(attachment);
        const refusal = this.context.manager.play(session, message.step);
        if (refusal !== null) this.reply('bad-message', `"play": ${refusal}`);
        return;
      }
      case 'restart':
        this.context.manager.drive(attachment);
        this.context.manager.restart(session).catch((error: unknown) => {
          this.reply('start-failed', `restart failed: ${(error as Error).message}`);
        });
    }
  }

  private reply(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  private send(message: ServerMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  private sendRaw(data: Buffer | string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(data, { binary: typeof data !== 'string' });
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Close reasons are limited to 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = `${out.slice(0, out.length - 2)}…`;
  return out;
}
