// Wire protocol of the `/sync` WebSocket, which keeps every window of a live deck on the same slide
// and step: the projector, the presenter view, another presenter's laptop, the students' screens.
// Shared by the server and the browser, so it uses neither Node nor DOM APIs.
//
//   client                                   server
//   text  hello {token}                      ->
//                                            <- ready {role, position, audience}
//   text  goto {h, v, f}  (presenter)        ->   (a teacher moved: every other window follows)
//                                            <- position {h, v, f}
//                                            <- audience {viewers}   (presenters only)
//
// All frames are JSON text, validated as strictly as `/term`'s (see parseObjectMessage). Close
// codes are `/term`'s (CloseCode): 4400 bad hello, 4401 bad token, 4408 no hello, 4429 too many.

import { isIntegerIn, MAX_TOKEN_LENGTH, parseObjectMessage, type ErrorMessage, type Fields, type ProtocolError, type Role } from './protocol.js';

/** Largest frame the server reads (anything bigger closes the socket). */
export const SYNC_MAX_MESSAGE_BYTES = 1024;
/** reveal.js indices accepted in a position. */
export const SYNC_MAX_INDEX = 9_999;

/** Where the deck is, in reveal.js's terms: horizontal and vertical slide index, and the index of
 * the last fragment shown (-1: none yet). */
export interface DeckPosition {
  h: number;
  v: number;
  f: number;
}

// ---------------------------------------------------------------------------------------------
// Client -> server

/** First message. `token`: presenter (its moves lead) or audience (follows only). */
export interface SyncHello {
  type: 'hello';
  token: string;
}

/** A presenter window moved (a key, a click, the presenter view's buttons). */
export interface GotoMessage extends DeckPosition {
  type: 'goto';
}

export type SyncClientMessage = SyncHello | GotoMessage;

// ---------------------------------------------------------------------------------------------
// Server -> client

/** Answer to hello: the role and where the deck is now (null before any presenter moved). */
export interface SyncReady {
  type: 'ready';
  role: Role;
  position: DeckPosition | null;
  /** Audience windows connected now (0 for a viewer, who is not told). */
  audience: number;
}

/** A presenter moved the deck (sent to every window but the one that moved it). */
export interface PositionMessage extends DeckPosition {
  type: 'position';
}

/** Presenters only: the number of audience windows connected changed. */
export interface AudienceMessage {
  type: 'audience';
  viewers: number;
}

export type SyncServerMessage = SyncReady | PositionMessage | AudienceMessage | ErrorMessage;

// ---------------------------------------------------------------------------------------------
// Parsing

const MESSAGE_KEYS: Record<SyncClientMessage['type'], readonly string[]> = {
  hello: ['type', 'token'],
  goto: ['type', 'h', 'v', 'f'],
};

export type SyncParseResult = { ok: true; message: SyncClientMessage } | { ok: false; error: ProtocolError };

/** Validates one frame from a client. Never throws. */
export function parseSyncMessage(text: string): SyncParseResult {
  const parsed = parseObjectMessage(text, MESSAGE_KEYS, checkFields);
  return parsed.ok ? { ok: true, message: parsed.fields as unknown as SyncClientMessage } : parsed;
}

/** The position part of a message (a fresh object: messages are not kept). */
export function positionOf(message: DeckPosition): DeckPosition {
  return { h: message.h, v: message.v, f: message.f };
}

export function samePosition(a: DeckPosition | null, b: DeckPosition | null): boolean {
  return a !== null && b !== null && a.h === b.h && a.v === b.v && a.f === b.f;
}

function checkFields(kind: SyncClientMessage['type'], f: Fields): string | null {
  switch (kind) {
    case 'hello':
      return typeof f['token'] === 'string' && f['token'].length <= MAX_TOKEN_LENGTH
        ? null
        : `token must be a string of at most ${MAX_TOKEN_LENGTH} characters`;
    case 'goto':
      if (!isIntegerIn(f['h'], 0, SYNC_MAX_INDEX) || !isIntegerIn(f['v'], 0, SYNC_MAX_INDEX)) {
        return `h and v must be integers in 0..${SYNC_MAX_INDEX}`;
      }
      return isIntegerIn(f['f'], -1, SYNC_MAX_INDEX) ? null : `f must be an integer in -1..${SYNC_MAX_INDEX}`;
  }
}
