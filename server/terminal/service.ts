// The `/term` WebSocket endpoint: accepts upgrades handed over by the HTTP layer (which has already
// checked the Host and Origin headers), authenticates each socket's hello by token, and runs it as
// a TerminalConnection on the service's SessionManager. Sockets are counted in three pools that
// cannot crowd each other out: waiting for their hello (hello-gate.ts), viewers, presenters.

import { accessSync, constants } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, MAX_MESSAGE_BYTES, type Role } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import { AccessTokens } from '../access/access-tokens.js';
import { HelloGate } from '../access/hello-gate.js';
import { TerminalConnection } from './connection.js';
import type { ReclaimOptions } from './reclaim.js';
import { SessionManager } from './session-manager.js';
import { findDemoFolder, type DemoFolder } from './working-copy.js';

export interface TerminalServiceOptions {
  /** Folder holding demos/<name>/steps.sh. */
  demosDir: string;
  /** presenter: read-write; audience: read-only (viewers). Must differ. */
  tokens: { presenter: string; audience: string };
  /** Running shells at most; default: follows the deck's panes (SessionManager.setDeck). */
  maxSessions?: number;
  /** When shells nobody looks at are ended (reclaim.ts). */
  reclaim?: ReclaimOptions;
  /** Viewers' sockets at most; default 256. */
  maxConnections?: number;
  /** Presenters' sockets at most, apart from the viewers'; default 64. */
  maxPresenterConnections?: number;
  /** Default /bin/bash. */
  shell?: string;
  /** LANG of the shells; default C.UTF-8. */
  lang?: string;
  /** Finds a demo by name; default: demosDir/<name>/ with a steps.sh. */
  resolveDemo?: (name: string) => Promise<DemoFolder | null>;
}

const OPTION_KEYS = new Set(['demosDir', 'tokens', 'maxSessions', 'reclaim', 'maxConnections', 'maxPresenterConnections', 'shell', 'lang', 'resolveDemo']);
/** A classroom: 200 students following one or two panes, and the teacher's windows. Each socket
 * costs little (a viewer's backlog is bounded, see VIEWER_MAX_LAG_BYTES): the limit is against a
 * runaway client, not a budget. Measured at this scale in bench/viewers.ts. */
const DEFAULT_MAX_CONNECTIONS = 256;
/** A teacher's windows: the projector's panes, the presenter view's, a second laptop. */
const DEFAULT_MAX_PRESENTER_CONNECTIONS = 64;
/** Frames above MAX_MESSAGE_BYTES get an `error` reply; frames above this make ws close the
 * socket (1009) without even buffering them. */
const HARD_MAX_PAYLOAD = 16 * MAX_MESSAGE_BYTES;

export class TerminalService {
  readonly manager: SessionManager;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false });
  private readonly connections = new Set<TerminalConnection>();
  private readonly tokens: AccessTokens;
  private readonly gate = new HelloGate();
  /** Sockets that said hello, by role, against their own limits. */
  private readonly admitted = { presenter: 0, viewer: 0 };
  private readonly limits: { presenter: number; viewer: number };
  private readonly resolveDemo: (name: string) => Promise<DemoFolder | null>;
  private disposed = false;

  constructor(options: TerminalServiceOptions) {
    validateOptions(options);
    this.tokens = new AccessTokens(options.tokens);
    this.limits = {
      viewer: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      presenter: options.maxPresenterConnections ?? DEFAULT_MAX_PRESENTER_CONNECTIONS,
    };
    this.resolveDemo = options.resolveDemo ?? ((name) => findDemoFolder(options.demosDir, name));
    this.manager = new SessionManager({ maxSessions: options.maxSessions, reclaim: options.reclaim, shell: options.shell, lang: options.lang });
  }

  /** Takes over an HTTP upgrade request for `/term`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.gate.upgrade(this.wss, { req, socket, head }, this.disposed, (ws, address) => this.accept(ws, address));
  }

  /** Closes every socket (1001) and ends every session, waiting for their cleanup. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.gate.dispose();
    await this.manager.dispose(); // clients get `exit` first
    for (const connection of this.connections) connection.close(CloseCode.GoingAway, 'the server is stopping');
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, address: string): void {
    if (this.disposed) {
      ws.close(CloseCode.GoingAway, 'the server is stopping');
      return;
    }
    this.gate.enter(ws, address);
    const connection = new TerminalConnection(ws, {
      manager: this.manager,
      authenticate: (token) => this.tokens.role(token),
      admit: (role) => this.admit(ws, role),
      refuse: (code, reason) => this.gate.refuse(ws, code, reason),
      resolveDemo: this.resolveDemo,
    });
    this.connections.add(connection);
    ws.once('close', () => this.connections.delete(connection));
  }

  /** A socket proved its role: it leaves the hello pool for its role's, if that has room. */
  private admit(ws: WebSocket, role: Role): string | null {
    this.gate.settle(ws);
    if (this.admitted[role] >= this.limits[role]) {
      return `too many terminal connections (${this.limits[role]} ${role === 'viewer' ? 'viewers' : 'presenter windows'})`;
    }
    this.admitted[role]++;
    ws.once('close', () => this.admitted[role]--);
    return null;
  }
}

function validateOptions(options: TerminalServiceOptions): void {
  const bad = (message: string) => new LivedeckError('bad-option', `TerminalService: ${message}`);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw bad(`unknown option "${key}"`);
  }
  if (typeof options.demosDir !== 'string' || options.demosDir === '') throw bad('demosDir must be a folder path');
  const { presenter, audience } = options.tokens ?? {};
  if (typeof presenter !== 'string' || presenter === '' || typeof audience !== 'string' || audience === '') {
    throw bad('tokens.presenter and tokens.audience must be non-empty strings');
  }
  if (presenter === audience) throw bad('the presenter and audience tokens must differ');
  if (options.shell !== undefined) {
    try {
      if (!options.shell.startsWith('/')) throw new Error('not absolute');
      accessSync(options.shell, constants.X_OK);
    } catch {
      throw bad(`shell must be the absolute path of an executable, not "${options.shell}"`);
    }
  }
  for (const key of ['maxSessions', 'maxConnections', 'maxPresenterConnections'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw bad(`${key} must be a positive integer`);
  }
}
