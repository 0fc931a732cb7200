// Records every terminal session of a `livedeck dev` server, so a whole lecture can be replayed:
// one folder per server launch, recordings/<YYYY-MM-DD_HH-MM-SS>/, holding one cast per session,
// <demo or "shell">-<session id>.cast (a restart, which keeps the session id, makes
// <name>-<id>.2.cast, .3, ...). Each file gets output, resizes, the client's markers and the exit.
// The folder is made with the first cast: a launch that opens no terminal leaves nothing behind.
// Each cast it opens is told (`recording`), so the lecture's timeline can place it.

import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { shellEnvironment } from '../terminal/environment.js';
import type { SessionManager } from '../terminal/session-manager.js';
import type { TerminalSession } from '../terminal/session.js';
import { RecordingThread } from './recording-thread.js';
import { SessionRecording } from './session-recording.js';

export interface LiveRecorderOptions {
  /** Parent of the per-launch folders, e.g. "recordings". */
  root: string;
  /** Where problems are told (a file that cannot be written); the session goes on. */
  log: (line: string) => void;
  /** Launch time, which names the folder; default now. */
  now?: Date;
}

export interface LiveRecorderEvents {
  /** A session's cast was opened: `file`, a name in `dir`, whose time 0 is this moment (the
   * lecture's timeline places it from here). `pane`: the deck pane of the session, or null. */
  recording: [session: TerminalSession, file: string, pane: string | null];
}

export class LiveRecorder extends EventEmitter<LiveRecorderEvents> {
  private readonly recordings = new Set<SessionRecording>();
  /** Files made per session id, to name the casts of its restarts. */
  private readonly takes = new Map<string, number>();
  private readonly onStart = (session: TerminalSession, pane: string | null) => this.record(session, pane);
  /** The casts are written off the server thread, which carries the shells' traffic. */
  private readonly thread = new RecordingThread();
  private disposed = false;

  /** This launch's folder (made when the first session starts). */
  readonly dir: string;
  private readonly log: (line: string) => void;

  /** Records every session `manager` starts from now on. */
  constructor(
    private readonly manager: SessionManager,
    options: LiveRecorderOptions,
  ) {
    super();
    this.dir = launchFolder(options.root, options.now ?? new Date());
    this.log = options.log;
    manager.on('start', this.onStart);
  }

  /** Stops recording; files of sessions still running are closed (without an exit event). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.manager.off('start', this.onStart);
    await Promise.all([...this.recordings].map((recording) => recording.dispose()));
    await this.thread.dispose();
  }

  private record(session: TerminalSession, pane: string | null): void {
    const take = (this.takes.get(session.id) ?? 0) + 1;
    this.takes.set(session.id, take);
    const name = session.demo?.name ?? 'shell';
    const file = `${name}-${session.id}${take > 1 ? `.${take}` : ''}.cast`;
    const recording = new SessionRecording(session, join(this.dir, file), {
      header: {
        timestamp: Math.floor(Date.now() / 1000),
        title: `${name} (session ${session.id}${take > 1 ? `, restart ${take - 1}` : ''})`,
        env: { TERM: shellEnvironment({ sessionId: session.id, shell: session.shell })['TERM']!, SHELL: session.shell },
      },
      onError: (error) => this.log(`recording ${file} stopped: ${error.message}`),
      open: (path, header, onFailure) => this.thread.open(path, header, onFailure),
    });
    this.recordings.add(recording);
    void recording.closed.then(() => this.recordings.delete(recording));
    this.emit('recording', session, file, pane);
  }
}

/** recordings/2025-03-14_09-30-00, or with -2, -3 when a server started in the same second. */
function launchFolder(root: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}_${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? stamp : `${stamp}-${n}`);
    if (!existsSync(dir)) return dir;
  }
}
