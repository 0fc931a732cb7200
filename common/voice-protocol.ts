// Wire protocol of the `/voice` WebSocket, which carries the teacher's microphone from the presenter
// view to the lecture's folder (presenter token only). Shared by the server and the browser, so it
// uses neither Node nor DOM APIs.
//
//   client                                   server
//   text  hello {token}                      ->
//                                            <- ready {recording}
//   text  start {mime}                       ->   (a segment: a new file voice-<n>.webm)
//                                            <- started {file}
//   text  chunk {level}                      ->   (each second: the level, then its bytes)
//   binary  the MediaRecorder's chunk        ->
//   text  stop                               ->   (pause; resume is a new start, a new file)
//                                            <- stopped {file, bytes}
//                                            <- error {code, message}
//
// A segment is one MediaRecorder's output from its start: a WebM stream whose chunks only play
// after its first one (the header), so a segment is never continued in another file, and a socket
// that closes ends its segment. Chunks go after `started`; each window's frames are handled in
// order. One window records at a time (another's start is `busy`). Text frames are JSON,
// validated as strictly as `/term`'s (parseObjectMessage); close codes are `/term`'s (CloseCode):
// 4400 bad hello, 4401 no, wrong or audience token, 4408 no hello, 4429 too many windows (or a
// disk too slow for the chunks); 1009 a frame over VOICE_MAX_FRAME_BYTES.

import { MAX_TOKEN_LENGTH, parseObjectMessage, type Fields, type ProtocolError } from './protocol.js';

/** Largest frame the server reads (a second of 32 kb/s Opus is about 4 KB); a bigger one closes
 * the socket (1009). */
export const VOICE_MAX_FRAME_BYTES = 64 * 1024;
/** The bit rate the presenter view asks of MediaRecorder (Chromium's default is 128 kb/s). */
export const VOICE_BITS_PER_SECOND = 32_000;
/** A chunk every this many milliseconds (MediaRecorder's timeslice). */
export const VOICE_CHUNK_MS = 1000;
/** What a segment may be recorded as, by preference, and the extension of its file. Opus in WebM
 * (Chromium, Firefox) is what the lecture's build reads. */
export const VOICE_FORMATS = [{ mime: 'audio/webm;codecs=opus', extension: 'webm' }] as const;
export type VoiceMime = (typeof VOICE_FORMATS)[number]['mime'];

// ---------------------------------------------------------------------------------------------
// Client -> server

/** First message: the presenter's token (the audience's is refused). */
export interface VoiceHello {
  type: 'hello';
  token: string;
}

/** Opens a segment (the server answers `started` or `error`). */
export interface VoiceStartMessage {
  type: 'start';
  mime: VoiceMime;
}

/** The next binary frame is a chunk whose loudest moment was `level` (0 silence .. 1). */
export interface VoiceChunkMessage {
  type: 'chunk';
  level: number;
}

/** Ends the segment (after its last chunk). */
export interface VoiceStopMessage {
  type: 'stop';
}

export type VoiceClientMessage = VoiceHello | VoiceStartMessage | VoiceChunkMessage | VoiceStopMessage;

// ---------------------------------------------------------------------------------------------
// Server -> client

/** Answer to hello. `recording`: another window records now (a start would be refused). */
export interface VoiceReady {
  type: 'ready';
  recording: boolean;
}

/** The segment is open: its chunks go to `file`, a file of the lecture's folder. */
export interface VoiceStarted {
  type: 'started';
  file: string;
}

/** The segment ended: `bytes` written to `file`. */
export interface VoiceStopped {
  type: 'stopped';
  file: string;
  bytes: number;
}

export interface VoiceError {
  type: 'error';
  code: VoiceErrorCode;
  message: string;
}

export type VoiceErrorCode =
  /** Not JSON, a missing, extra or wrong field, a binary frame out of turn. */
  | 'bad-message'
  | 'unknown-type'
  /** Another window records: one voice at a time. */
  | 'busy'
  /** A chunk or a stop with no segment open. */
  | 'no-segment'
  /** The file could not be made or written (disk full, permissions): the segment is over. */
  | 'write-failed';

export type VoiceServerMessage = VoiceReady | VoiceStarted | VoiceStopped | VoiceError;

// ---------------------------------------------------------------------------------------------
// Parsing

const MESSAGE_KEYS: Record<VoiceClientMessage['type'], readonly string[]> = {
  hello: ['type', 'token'],
  start: ['type', 'mime'],
  chunk: ['type', 'level'],
  stop: ['type'],
};

export type VoiceParseResult = { ok: true; message: VoiceClientMessage } | { ok: false; error: ProtocolError };

/** Validates one text frame from a client. Never throws. */
export function parseVoiceMessage(text: string): VoiceParseResult {
  const parsed = parseObjectMessage(text, MESSAGE_KEYS, checkFields);
  return parsed.ok ? { ok: true, message: parsed.fields as unknown as VoiceClientMessage } : parsed;
}

/** The extension of a segment's file recorded as `mime`. */
export function voiceExtension(mime: VoiceMime): string {
  return VOICE_FORMATS.find((format) => format.mime === mime)!.extension;
}

function checkFields(kind: VoiceClientMessage['type'], f: Fields): string | null {
  switch (kind) {
    case 'hello':
      return typeof f['token'] === 'string' && f['token'].length <= MAX_TOKEN_LENGTH
        ? null
        : `token must be a string of at most ${MAX_TOKEN_LENGTH} characters`;
    case 'start':
      return VOICE_FORMATS.some((format) => format.mime === f['mime'])
        ? null
        : `mime must be one of ${VOICE_FORMATS.map((format) => format.mime).join(', ')}`;
    case 'chunk': {
      const level = f['level'];
      return typeof level === 'number' && Number.isFinite(level) && level >= 0 && level <= 1 ? null : 'level must be a number in 0..1';
    }
    case 'stop':
      return null;
  }
}

