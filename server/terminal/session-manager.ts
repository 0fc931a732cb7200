// All terminal sessions of a server and the clients attached to them: creates sessions (within the
// limit), finds them again for a reattaching client, restarts them under the same id, and ends
// them all when the server stops. A session outlives its sockets; it ends on restart, when its
// shell exits, or on dispose.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Role } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import { Attachment, type Peer } from './attachment.js';
import { DEFAULT_SHELL } from './environment.js';
import { TerminalSession } from './session.js';
import type { DemoFolder } from './working-copy.js';

export interface SessionManagerOptions {
  /** Default 16. */
  maxSessions?: number;
  /** Default /bin/bash. */
  shell?: string;
  /** LANG of the shells; default C.UTF-8. */
  lang?: string;
}

export interface NewSession {
  demo: DemoFolder | null;
  cols: number;
  rows: number;
}

export interface SessionManagerEvents {
  /** A shell started (a new session, or a restart under the same id): the hook for a recorder,
   * which then listens to the session's own events. */
  start: [session: TerminalSession];
}

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  readonly maxSessions: number;
  private readonly shell: string;
  private readonly lang: string | undefined;
  /** Running sessions by id. */
  private readonly sessions = new Map<string, TerminalSession>();
  /** Clients by session id; kept after the shell exits, so a restart can take them along. */
  private readonly attachments = new Map<string, Set<Attachment>>();
  private readonly restarts = new Map<string, Promise<TerminalSession>>();
  /** Sessions being started (they count against the limit) and being cleaned up. */
  private starting = 0;
  private readonly closing = new Set<Promise<void>>();
  private disposed = false;

  constructor(options: SessionManagerOptions = {}) {
    super();
    this.maxSessions = options.maxSessions ?? 16;
    this.shell = options.shell ?? DEFAULT_SHELL;
    this.lang = options.lang;
  }

  /** Number of running sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** A new session with a new id. Throws LivedeckError 'too-many-sessions' at the limit, or
   * 'setup-failed' / 'spawn-failed'. */
  async create(spec: NewSession): Promise<TerminalSession> {
    return this.launch(randomBytes(12).toString('base64url'), spec);
  }

  /** The running session `id`, if it runs the same demo (a reload of the same pane). */
  reattach(id: string, demo: string | null): TerminalSession | undefined {
    const session = this.sessions.get(id);
    return session && (session.demo?.name ?? null) === demo ? session : undefined;
  }

  /** The newest running session of a demo (null: plain shells): what a viewer follows when it
   * does not know the session id. */
  latest(demo: string | null): TerminalSession | undefined {
    let found: TerminalSession | undefined;
    for (const session of this.sessions.values()) {
      if ((session.demo?.name ?? null) === demo) found = session;
    }
    return found;
  }

  /** Connects a client to a session: it gets `ready`, the snapshot, then output. */
  attach(session: TerminalSession, role: Role, peer: Peer, resumed: boolean): Attachment {
    const attachment = new Attachment(session, role, peer);
    let set = this.attachments.get(session.id);
    if (!set) this.attachments.set(session.id, (set = new Set()));
    set.add(attachment);
    attachment.start(resumed);
    return attachment;
  }

  /** The client is gone; the session goes on. */
  detach(attachment: Attachment): void {
    attachment.dispose();
    const set = this.attachments.get(attachment.session.id);
    set?.delete(attachment);
    if (set?.size === 0 && !this.sessions.has(attachment.session.id)) this.attachments.delete(attachment.session.id);
  }

  /** A fresh shell (fresh working copy) under the same id, running or already exited; every
   * client of the old one follows. Concurrent restarts of one id make one new session. */
  restart(session: TerminalSession): Promise<TerminalSession> {
    const pending = this.restarts.get(session.id);
    if (pending) return pending;
    const current = this.sessions.get(session.id);
    if (current && current !== session) return Promise.resolve(current); // already restarted
    const restart = (async () => {
      // The old shell ends first: its cleanup kills every process tagged with the session id,
      // which the fresh shell (same id) carries too. Its clients get its `exit`, then `ready`.
      if (current) await this.end(current);
      const fresh = await this.launch(session.id, { demo: session.demo, cols: session.cols, rows: session.rows }, current);
      for (const attachment of this.attachments.get(session.id) ?? []) attachment.moveTo(fresh);
      return fresh;
    })();
    this.restarts.set(session.id, restart);
    void restart.finally(() => this.restarts.delete(session.id)).catch(() => {});
    return restart;
  }

  /** Ends a session: kills everything it started, removes its working copy. */
  async end(session: TerminalSession): Promise<void> {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    await this.track(session.dispose());
  }

  /** Ends every session and waits until they are cleaned up. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.sessions.values()].map((session) => this.end(session)));
    await Promise.all(this.closing);
  }

  private async launch(id: string, spec: NewSession, replacing?: TerminalSession): Promise<TerminalSession> {
    if (this.disposed) throw new LivedeckError('shutting-down', 'the server is stopping');
    // A restart of a running session takes its place, so it does not count against the limit.
    if (!replacing && this.sessions.size + this.starting >= this.maxSessions) {
      throw new LivedeckError(
        'too-many-sessions',
        `too many terminal sessions (${this.maxSessions} running); end one or restart the server`,
      );
    }
    this.starting++;
    let session: TerminalSession;
    try {
      session = await TerminalSession.start({ id, ...spec, shell: this.shell, lang: this.lang });
    } finally {
      this.starting--;
    }
    if (this.disposed) {
      await session.dispose();
      throw new LivedeckError('shutting-down', 'the server is stopping');
    }
    this.sessions.set(id, session);
    session.once('exit', () => {
      if (this.sessions.get(id) === session) this.sessions.delete(id);
      void this.track(session.dispose());
    });
    this.emit('start', session);
    return session;
  }

  private track(cleanup: Promise<void>): Promise<void> {
    this.closing.add(cleanup);
    void cleanup.finally(() => this.closing.delete(cleanup)).catch(() => {});
    return cleanup;
  }
}
