// All terminal sessions of a server and the clients attached to them: creates sessions (within the
// limit, which follows the deck's panes), finds them again for a reattaching client or another
// window of the same pane, restarts them under the same id, and ends them all when the server
// stops. A session outlives its sockets; it ends on restart, when its shell exits, when it is
// reclaimed (reclaim.ts: far from the presenters' slide and without a window for a while), or on
// dispose. Also what the windows of one shell share: its demo steps (a StepRunner types them, and
// every window hears of their progress), and which presenter window paces it.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { PaneStep } from '../../common/deck.js';
import type { Role, ServerMessage } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import { Attachment, type Peer } from './attachment.js';
import { launchContainment } from './containment.js';
import { DEFAULT_SHELL } from './environment.js';
import { pickReclaim, sessionLimit, validateReclaimOptions, type ReclaimCandidate, type ReclaimOptions } from './reclaim.js';
import { TerminalSession } from './session.js';
import { StepRunner, type StepProgress } from './step-runner.js';
import type { DemoFolder } from './working-copy.js';

export interface SessionManagerOptions {
  /** A fixed limit; default: it follows the deck's panes (setDeck, reclaim.ts's sessionLimit). */
  maxSessions?: number;
  /** When shells nobody looks at are ended; defaults in reclaim.ts. */
  reclaim?: ReclaimOptions;
  /** Default /bin/bash. */
  shell?: string;
  /** LANG of the shells; default C.UTF-8. */
  lang?: string;
}

export interface NewSession {
  demo: DemoFolder | null;
  /** The deck pane it belongs to: later windows of that pane join it. */
  pane: string | null;
  cols: number;
  rows: number;
}

export interface SessionManagerEvents {
  /** A shell started (a new session, or a restart under the same id), for the deck pane `pane`
   * (null: a shell of no pane): the hook for a recorder, which then listens to the session's own
   * events. */
  start: [session: TerminalSession, pane: string | null];
  /** A demo step of a session's pane started typing, or ended (its StepRunner's `step`). */
  step: [session: TerminalSession, pane: string, step: number, state: 'typing' | 'done'];
}

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  private readonly fixedMaxSessions: number | null;
  private readonly reclaim: Required<ReclaimOptions>;
  private readonly reclaimTimer: NodeJS.Timeout;
  /** The deck's live panes and their slides, and the presenters' slide (setDeck, setPosition). */
  private readonly place: { panes: ReadonlyMap<string, number>; slide: number | null } = { panes: new Map(), slide: null };
  /** Since when (performance.now()) each session has had no window; see pickReclaim(). */
  private readonly aloneSince = new Map<string, number>();
  private readonly shell: string;
  private readonly lang: string | undefined;
  /** Running sessions by id. */
  private readonly sessions = new Map<string, TerminalSession>();
  /** Clients by session id; kept after the shell exits, so a restart can take them along. */
  private readonly attachments = new Map<string, Set<Attachment>>();
  /** Session ids by deck pane id. */
  private readonly panes = new Map<string, string>();
  /** Sessions being started for a deck pane. */
  private readonly paneStarts = new Map<string, Promise<TerminalSession>>();
  /** The deck's panes' demo steps, by pane id (setDeck). */
  private paneSteps: ReadonlyMap<string, readonly PaneStep[]> = new Map();
  /** The step runner of each running shell that has had a step, by session id (a restart starts
   * afresh). */
  private readonly runners = new Map<string, StepRunner>();
  private readonly stepProgress = (session: TerminalSession): StepProgress => {
    const runner = this.runners.get(session.id);
    return runner && this.sessions.get(session.id) === session ? runner.progress : { done: [], typing: null };
  };
  private readonly restarts = new Map<string, Promise<TerminalSession>>();
  /** Sessions being started (they count against the limit) and being cleaned up. */
  private starting = 0;
  private readonly closing = new Set<Promise<void>>();
  private disposed = false;

  constructor(options: SessionManagerOptions = {}) {
    super();
    this.fixedMaxSessions = options.maxSessions ?? null;
    this.reclaim = validateReclaimOptions(options.reclaim ?? {}, 'SessionManager');
    this.reclaimTimer = setInterval(() => this.reclaimIdle(), this.reclaim.everyMs).unref();
    this.shell = options.shell ?? DEFAULT_SHELL;
    this.lang = options.lang;
    // Opened now rather than with the first shell: it sweeps what launches that died left, and a
    // restarted server should leave no such thing running until someone opens a terminal.
    launchContainment().catch(() => {}); // a failure is the first session's error
  }

  /** Sessions that may run at once. */
  get maxSessions(): number {
    return this.fixedMaxSessions ?? sessionLimit(this.place.panes.size);
  }

  /** The deck's panes that have a shell, with their slide's index (reclaim.ts's livePaneSlides):
   * the limit follows their number, and their slides say which shells are far. `steps`: their
   * demo steps (paneSteps), what `play` types; a pane not in it has none. */
  setDeck(panes: ReadonlyMap<string, number>, steps: ReadonlyMap<string, readonly PaneStep[]> = new Map()): void {
    this.place.panes = panes;
    this.paneSteps = steps;
  }

  /** The slide (index) the presenters are on. */
  setPosition(slide: number): void {
    this.place.slide = slide;
  }

  /** Number of running sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** The running sessions. */
  get running(): TerminalSession[] {
    return [...this.sessions.values()];
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

  /** The running session of a deck pane, if it runs that demo; or the one being started for it. */
  async ofPane(pane: string, demo: string | null): Promise<TerminalSession | undefined> {
    const id = this.panes.get(pane);
    const running = id === undefined ? undefined : this.reattach(id, demo);
    if (running) return running;
    const starting = await this.paneStarts.get(pane)?.catch(() => undefined);
    return starting && (starting.demo?.name ?? null) === demo ? starting : undefined;
  }

  /** The deck pane's running session, or a new one for it: windows of one pane opening at the
   * same moment (the projector and the presenter view reach a slide together) share one shell. */
  async forPane(spec: NewSession & { pane: string }): Promise<{ session: TerminalSession; created: boolean }> {
    const found = await this.ofPane(spec.pane, spec.demo?.name ?? null);
    if (found) return { session: found, created: false };
    const start = this.create(spec);
    this.paneStarts.set(spec.pane, start);
    try {
      return { session: await start, created: true };
    } finally {
      if (this.paneStarts.get(spec.pane) === start) this.paneStarts.delete(spec.pane);
    }
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
    const attachment = new Attachment(session, role, peer, this.stepProgress);
    let set = this.attachments.get(session.id);
    if (!set) this.attachments.set(session.id, (set = new Set()));
    set.add(attachment);
    this.aloneSince.delete(session.id);
    // The first presenter window paces the shell until another one types.
    if (role === 'presenter' && ![...set].some((other) => other.isDriving)) attachment.setDriving(true);
    attachment.start(resumed);
    return attachment;
  }

  /**
   * The presenter window the teacher is using (it typed, resized, marked or restarted) paces the
   * shell from now on; the others of the same shell only watch. So a forgotten window (a
   * background tab whose page no longer processes output, a laptop gone to sleep) never stalls
   * the demo: it falls behind and is resynchronised from a snapshot, like a viewer.
   */
  drive(attachment: Attachment): void {
    if (attachment.isDriving) return;
    for (const other of this.attachments.get(attachment.session.id) ?? []) other.setDriving(other === attachment);
  }

  /** Types demo step `step` of the session's pane (once per shell, whichever window asks).
   * Returns null when taken, else why not. */
  play(session: TerminalSession, step: number): string | null {
    if (this.sessions.get(session.id) !== session) return `the shell has exited: step ${step + 1} not typed`;
    let runner = this.runners.get(session.id);
    if (!runner) {
      const pane = this.paneOf(session.id);
      if (pane === null) return 'this shell belongs to no deck pane: it has no demo steps';
      runner = new StepRunner(session, () => this.paneSteps.get(pane) ?? []);
      const id = session.id;
      runner.on('step', (index, state) => {
        this.tell(id, () => true, { type: 'step', step: index, state });
        this.emit('step', session, pane, index, state);
      });
      runner.on('problem', (message) => this.tell(id, (attachment) => attachment.role === 'presenter', { type: 'error', code: 'step-failed', message }));
      this.runners.set(id, runner);
    }
    return runner.play(step);
  }

  /** The client is gone; the session goes on. */
  detach(attachment: Attachment): void {
    const wasDriving = attachment.isDriving;
    attachment.dispose();
    const set = this.attachments.get(attachment.session.id);
    set?.delete(attachment);
    if (set?.size === 0 && this.sessions.has(attachment.session.id)) this.aloneSince.set(attachment.session.id, performance.now());
    if (set?.size === 0 && !this.sessions.has(attachment.session.id)) this.attachments.delete(attachment.session.id);
    // Another presenter window (the newest) takes over the pacing.
    const next = wasDriving ? [...(set ?? [])].reverse().find((other) => other.role === 'presenter') : undefined;
    next?.setDriving(true);
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
      // A shell that exited by itself is being cleaned up already: wait for that too.
      if (current) await this.end(current);
      else await session.dispose();
      const fresh = await this.launch(session.id, { demo: session.demo, pane: this.paneOf(session.id), cols: session.cols, rows: session.rows }, current);
      for (const attachment of this.attachments.get(session.id) ?? []) attachment.moveTo(fresh);
      return fresh;
    })();
    this.restarts.set(session.id, restart);
    void restart.finally(() => this.restarts.delete(session.id)).catch(() => {});
    return restart;
  }

  /** Ends a session: kills everything it started, removes its working copy. */
  async end(session: TerminalSession): Promise<void> {
    if (this.sessions.get(session.id) === session) this.forget(session.id);
    await this.track(session.dispose());
  }

  /** Ends every session and waits until they are cleaned up. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.reclaimTimer);
    await Promise.all([...this.sessions.values()].map((session) => this.end(session)));
    await Promise.all(this.closing);
  }

  private async launch(id: string, spec: NewSession, replacing?: TerminalSession): Promise<TerminalSession> {
    if (this.disposed) throw new LivedeckError('shutting-down', 'the server is stopping');
    // A restart of a running session takes its place, so it does not count against the limit.
    // At the limit, a shell far from the presenters and without a window makes room.
    while (!replacing && this.sessions.size + this.starting >= this.maxSessions) {
      const reclaimed = this.pickReclaim(this.reclaim.atLimitMs);
      if (!reclaimed) {
        throw new LivedeckError(
          'too-many-sessions',
          `too many terminal sessions (${this.maxSessions} running), none unused and far from the current slide; end one or restart the server`,
        );
      }
      await this.end(reclaimed);
      if (this.disposed) throw new LivedeckError('shutting-down', 'the server is stopping');
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
    if ((this.attachments.get(id)?.size ?? 0) === 0) this.aloneSince.set(id, performance.now());
    if (spec.pane !== null) this.panes.set(spec.pane, id);
    session.once('exit', () => {
      if (this.sessions.get(id) === session) this.forget(id);
      void this.track(session.dispose());
    });
    this.emit('start', session, spec.pane);
    return session;
  }

  /** A control message for the windows of session `id` that `who` picks. */
  private tell(id: string, who: (attachment: Attachment) => boolean, message: ServerMessage): void {
    for (const attachment of this.attachments.get(id) ?? []) if (who(attachment)) attachment.notify(message);
  }

  private paneOf(id: string): string | null {
    for (const [pane, session] of this.panes) if (session === id) return pane;
    return null;
  }

  /** The session no longer runs. Its pane keeps pointing at it: a restart of the same id (which
   * sets it again) is the only way back, and a new session of the pane replaces it. */
  private forget(id: string): void {
    this.sessions.delete(id);
    this.runners.get(id)?.dispose();
    this.runners.delete(id);
    this.aloneSince.delete(id);
    // Windows are kept for a restart; an empty set (every window closed before the shell ended)
    // would otherwise stay behind, one per ended session, for the server's life.
    if (this.attachments.get(id)?.size === 0) this.attachments.delete(id);
  }

  /** The running session to reclaim, if one has had no window for `aloneMs` and is far away. */
  private pickReclaim(aloneMs: number): TerminalSession | undefined {
    const candidates: Array<ReclaimCandidate & { session: TerminalSession }> = [];
    for (const session of this.sessions.values()) {
      const alone = (this.attachments.get(session.id)?.size ?? 0) === 0;
      candidates.push({ session, pane: this.paneOf(session.id), detachedSince: alone ? (this.aloneSince.get(session.id) ?? null) : null });
    }
    return pickReclaim(candidates, this.place, this.reclaim, aloneMs, performance.now())?.session;
  }

  /** Ends the far shells nobody has looked at for reclaim.idleMs. */
  private reclaimIdle(): void {
    for (let session = this.pickReclaim(this.reclaim.idleMs); session; session = this.pickReclaim(this.reclaim.idleMs)) {
      void this.end(session);
    }
  }

  private track(cleanup: Promise<void>): Promise<void> {
    this.closing.add(cleanup);
    void cleanup.finally(() => this.closing.delete(cleanup)).catch(() => {});
    return cleanup;
  }
}
