// Wire protocol of the `/term` WebSocket (one socket per terminal pane), shared by the server and
// the browser, so it uses neither Node nor DOM APIs.
//
// A conversation:
//   client                                   server
//   text  hello {token, demo, pane, session, size} ->
//                                            <- text  ready {session, role, size, ...}
//                                            <- binary  the screen so far (snapshot, may be empty)
//   binary  keyboard input (presenter)        ->
//                                            <- binary  terminal output, batched
//   text  ack {bytes}                         ->   (every ACK_INTERVAL_BYTES processed)
//   text  play {step} (presenter)             ->   (the server types demo step `step`)
//                                            <- text  step {step, typing}, later step {step, done}
//                                                     (to every window of the shell)
//   text  resize / restart (presenter)        ->
//                                            <- text  resize / screen / exit / error
//
// Demo steps are typed by the server (server/terminal/step-runner.ts), never by a client: a
// presenter's window sends `play {step}` when the teacher reaches a step, the server writes the
// step's marker into the recording, types it as `livedeck record` does, and tells every window of
// the shell (`step`: typing, then done). `ready` says which steps are done and which one types.
//
// Binary frames are raw terminal bytes (UTF-8 mostly, but split anywhere: decode as a stream).
// Text frames are JSON control messages, one object each, validated strictly: an unknown type, a
// missing or wrongly typed field, or an extra field is refused with an `error` reply.
//
// A snapshot frame (the binary frame right after `ready` or `screen`) holds the whole screen with
// its scrollback, for a terminal of the size named in that message: reset the terminal, resize it
// to that size, write the frame. Like output, its bytes count for `ack`.

// ---------------------------------------------------------------------------------------------
// Limits

/** Largest message (text or binary) the server accepts; bigger ones get an `error` reply and are
 * dropped (past 16 times this, the socket is closed with 1009 instead). Clients split larger
 * pastes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const COLS_MIN = 2;
export const COLS_MAX = 500;
export const ROWS_MIN = 1;
export const ROWS_MAX = 200;
export const MAX_TOKEN_LENGTH = 256;
/** Longest marker label a recording gets (a step's "3: caption", a slide's title). */
export const MAX_MARK_LABEL_LENGTH = 200;
/** The server closes a socket that has not said hello by then. */
export const HELLO_TIMEOUT_MS = 5_000;
/** Demo folder names: lowercase letters, digits and dashes, starting with a letter or digit. */
export const DEMO_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Session ids as the server makes them (random, URL-safe). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Pane ids as the deck compiler makes them ("s8-t1"). */
export const PANE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Demo steps a `play` may name: 0 .. MAX_STEP_INDEX. */
export const MAX_STEP_INDEX = 9_999;

// Flow control, in bytes of binary frames from the server (output and snapshots).
/** A client acks once it has processed (written into its terminal) at least this many bytes
 * since its last ack. Acks are increments, not totals. */
export const ACK_INTERVAL_BYTES = 32 * 1024;
/** A presenter with more unacknowledged bytes than this pauses the shell's output. */
export const FLOW_HIGH_WATERMARK = 512 * 1024;
/** ... and the shell resumes once the presenter is below this. */
export const FLOW_LOW_WATERMARK = 128 * 1024;
/** A viewer never pauses the shell: past this many unacknowledged bytes it stops getting output,
 * and once it has caught up (below FLOW_LOW_WATERMARK) it gets a fresh snapshot (`screen`). */
export const VIEWER_MAX_LAG_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// WebSocket close codes (4000-4999 are ours). Close reasons are at most 123 bytes, so anything
// longer (a failed setup.sh's output) comes first as an `error` message.

export const CloseCode = {
  /** First message was not a valid hello. */
  BadHello: 4400,
  /** Missing or wrong token. */
  BadToken: 4401,
  /** The demo does not exist, or a viewer asked for a session that does not exist. */
  NotFound: 4404,
  /** No hello within HELLO_TIMEOUT_MS. */
  HelloTimeout: 4408,
  /** Too many sessions or connections. */
  TooMany: 4429,
  /** The session could not start (setup.sh failed, the shell could not be spawned). */
  StartFailed: 4500,
  /** The server is stopping (standard code). */
  GoingAway: 1001,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

// ---------------------------------------------------------------------------------------------
// Client -> server

/** First message, text. `token`: presenter (read-write) or audience (read-only) token.
 * `demo`: a folder of demos/, or null for a plain shell. `pane` (optional): the deck's pane id;
 * every window showing that pane (a reload, the presenter view, another presenter's laptop, the
 * audience) shares the one shell the server keeps for it. `session`: a session id to reattach
 * to, or null. The server looks for the named session, else the pane's; a presenter finding
 * neither (or one that runs another demo) gets a new session (`ready.resumed` is false). A
 * viewer never starts a shell: it joins the named session, the pane's, or (no pane) the newest
 * session of that demo. `cols`/`rows`: the pane's size (a new session starts with it; a
 * reattaching presenter resizes the session to it after the snapshot). */
export interface ClientHello {
  type: 'hello';
  token: string;
  demo: string | null;
  pane?: string;
  session: string | null;
  cols: number;
  rows: number;
}

/** Client -> server (presenter only): resize the terminal.
 * Server -> client: the terminal now has this size (sent to every client after any resize). */
export interface ResizeMessage {
  type: 'resize';
  cols: number;
  rows: number;
}

/** Client -> server: `bytes` more bytes of binary frames were processed since the last ack. */
export interface AckMessage {
  type: 'ack';
  bytes: number;
}

/** Client -> server (presenter only): the teacher reached demo step `step` (0-based) of the
 * pane. The server types it unless it is typed, typing or waiting already (from any window);
 * one asked for while another types waits its turn, and the one typing is finished at once. A
 * step the pane does not have is refused (`bad-message`), as is any after the shell has exited
 * (`no-session`). */
export interface PlayMessage {
  type: 'play';
  step: number;
}

/** Client -> server (presenter only): end this shell and start a fresh one in the same session
 * id (a fresh working copy too). Also works after `exit`. Every client of the session then gets
 * a new `ready` and snapshot. */
export interface RestartMessage {
  type: 'restart';
}

export type ClientMessage = ClientHello | ResizeMessage | AckMessage | PlayMessage | RestartMessage;

// ---------------------------------------------------------------------------------------------
// Server -> client

/** Answer to hello, and again after a restart. The next binary frame is a snapshot for a
 * terminal of `cols` x `rows`. `resumed`: an existing shell (reattach), not a new one. */
export interface ServerReady {
  type: 'ready';
  session: string;
  role: Role;
  cols: number;
  rows: number;
  demo: string | null;
  /** The shell program, e.g. "/bin/bash". */
  shell?: string;
  resumed: boolean;
  /** The demo steps played to their end in this shell, ascending. */
  steps: number[];
  /** The step being typed (or waited for) now, or null. */
  typing: number | null;
}

export type Role = 'presenter' | 'viewer';

/** A viewer had fallen too far behind and output was skipped: the next binary frame is a fresh
 * snapshot for a terminal of `cols` x `rows` (reset, resize, write). */
export interface ScreenMessage {
  type: 'screen';
  cols: number;
  rows: number;
}

/** Demo step `step` started typing (its marker is in the recording), or is done (typed, its
 * `#@ wait` text shown, the prompt back, its `#@ pause` over). Sent to every window of the shell. */
export interface StepMessage {
  type: 'step';
  step: number;
  state: 'typing' | 'done';
}

/** The shell ended (`code` its exit status, `signal` the number of the signal that killed it).
 * The socket stays open: a presenter may send `restart`. */
export interface ExitMessage {
  type: 'exit';
  code: number;
  signal?: number;
}

/** A message was refused or something failed; the connection goes on unless a close follows. */
export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
}

export type ErrorCode =
  /** Not JSON, not an object, missing/extra/wrongly typed field, value out of range. */
  | 'bad-message'
  /** JSON with an unknown `type`. */
  | 'unknown-type'
  /** Bigger than MAX_MESSAGE_BYTES. */
  | 'too-large'
  /** The role may not do this (a viewer's input, resize, play or restart). */
  | 'forbidden'
  /** No running shell to take it (before ready, after exit). */
  | 'no-session'
  /** setup.sh failed or the shell could not be spawned; the message has the details. */
  | 'start-failed'
  /** A demo step did not end as it should (its `#@ wait` text or the prompt did not come in
   * time); the steps after it are still typed. Sent to every presenter window of the shell. */
  | 'step-failed';

export type ServerMessage = ServerReady | ResizeMessage | ScreenMessage | StepMessage | ExitMessage | ErrorMessage;

// ---------------------------------------------------------------------------------------------
// Parsing (server side mostly, but pure)

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; error: ProtocolError };

export type Fields = Record<string, unknown>;

const MESSAGE_KEYS: Record<ClientMessage['type'], readonly string[]> = {
  hello: ['type', 'token', 'demo', 'pane', 'session', 'cols', 'rows'],
  resize: ['type', 'cols', 'rows'],
  ack: ['type', 'bytes'],
  play: ['type', 'step'],
  restart: ['type'],
};

/** Validates one text frame from a client. Never throws. */
export function parseClientMessage(text: string): ParseResult {
  const parsed = parseObjectMessage(text, MESSAGE_KEYS, checkFields);
  return parsed.ok ? { ok: true, message: parsed.fields as unknown as ClientMessage } : parsed;
}

/**
 * The strict validation every JSON control message gets (here and in sync-protocol.ts): one JSON
 * object whose string `type` is a key of `keysByType`, with no field outside that type's list, and
 * whose fields `check` accepts (it returns why not, or null). Never throws.
 */
export function parseObjectMessage<Kind extends string>(
  text: string,
  keysByType: Record<Kind, readonly string[]>,
  check: (kind: Kind, fields: Fields) => string | null,
): { ok: true; kind: Kind; fields: Fields } | { ok: false; error: ProtocolError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('bad-message', 'message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad-message', 'message must be a JSON object');
  }
  const fields = value as Fields;
  const type = fields['type'];
  if (typeof type !== 'string') return fail('bad-message', 'message has no string "type"');
  if (!Object.hasOwn(keysByType, type)) {
    return fail('unknown-type', `unknown message type ${JSON.stringify(type.slice(0, 40))}`);
  }
  const kind = type as Kind;
  const allowed = keysByType[kind];
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) {
      return fail('bad-message', `"${kind}" has an unexpected field ${JSON.stringify(key.slice(0, 40))}`);
    }
  }
  const problem = check(kind, fields);
  if (problem !== null) return fail('bad-message', `"${kind}": ${problem}`);
  return { ok: true, kind, fields };
}

/** Why `size` is not a valid terminal size, or null. */
export function checkSize(cols: unknown, rows: unknown): string | null {
  if (!isIntegerIn(cols, COLS_MIN, COLS_MAX)) return `cols must be an integer in ${COLS_MIN}..${COLS_MAX}`;
  if (!isIntegerIn(rows, ROWS_MIN, ROWS_MAX)) return `rows must be an integer in ${ROWS_MIN}..${ROWS_MAX}`;
  return null;
}

function checkFields(kind: ClientMessage['type'], f: Fields): string | null {
  switch (kind) {
    case 'hello': {
      // An empty token is well-formed (and refused as a missing token, close code BadToken).
      const token = f['token'];
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
        return `token must be a string of at most ${MAX_TOKEN_LENGTH} characters`;
      }
      const demo = f['demo'];
      if (demo !== null && !(typeof demo === 'string' && DEMO_NAME_PATTERN.test(demo))) {
        return 'demo must be null or a demo name ([a-z0-9][a-z0-9-]*)';
      }
      const pane = f['pane'];
      if (pane !== undefined && !(typeof pane === 'string' && PANE_ID_PATTERN.test(pane))) {
        return 'pane, when given, must be a pane id ([A-Za-z0-9_-]+)';
      }
      const session = f['session'];
      if (session !== null && !(typeof session === 'string' && SESSION_ID_PATTERN.test(session))) {
        return 'session must be null or a session id';
      }
      return checkSize(f['cols'], f['rows']);
    }
    case 'resize':
      return checkSize(f['cols'], f['rows']);
    case 'ack':
      return isIntegerIn(f['bytes'], 1, Number.MAX_SAFE_INTEGER) ? null : 'bytes must be a positive integer';
    case 'play':
      return isIntegerIn(f['step'], 0, MAX_STEP_INDEX) ? null : `step must be an integer in 0..${MAX_STEP_INDEX}`;
    case 'restart':
      return null;
  }
}

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function fail(code: ErrorCode, message: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code, message } };
}
