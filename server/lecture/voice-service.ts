// The `/voice` WebSocket endpoint (protocol in common/voice-protocol.ts): the teacher's microphone,
// sent by the presenter view a chunk a second, appended to the lecture's voice-<n>.webm files and
// told to the lecture's timeline. Presenter token only: nothing is ever recorded from an audience
// window. One window records at a time; a socket that closes, a pause, a disk error or the
// server's stop ends its segment, and the lecture goes on.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode } from '../../common/protocol.js';
import {
  parseVoiceMessage,
  VOICE_MAX_FRAME_BYTES,
  voiceExtension,
  type VoiceMime,
  type VoiceServerMessage,
} from '../../common/voice-protocol.js';
import { LivedeckError } from '../errors.js';
import type { AccessTokens } from '../access/access-tokens.js';
import { HelloGate } from '../access/hello-gate.js';
import { VoiceFile } from './voice-file.js';

/** Where the voice segments go on the lecture's timeline (LectureRecorder). */
export interface VoiceTimeline {
  voiceStart(file: string, mime: string): void;
  /** `bytes`: the file's size so far; `level`: the chunk's loudest moment, 0 to 1. */
  voiceChunk(file: string, bytes: number, level: number): void;
  voiceEnd(file: string): void;
}

export interface VoiceServiceOptions {
  tokens: AccessTokens;
  /** The lecture's folder (made with the first segment). */
  dir: () => string;
  timeline: VoiceTimeline;
  /** Where a file that cannot be written is told. */
  log: (line: string) => void;
  /** Presenter sockets at most; default 16 (a view or two, reloads). */
  maxConnections?: number;
  /** How often sockets are pinged; one that has not answered the previous ping is dropped (and
   * its segment ended, so a window that lost its network can record again). Default 10 s. */
  heartbeatMs?: number;
}

const OPTION_KEYS = new Set(['tokens', 'dir', 'timeline', 'log', 'maxConnections', 'heartbeatMs']);
/** Frames of one window waiting for the disk: past this many (about a minute of chunks) the disk
 * is not keeping up and the window is dropped rather than held in memory. */
const MAX_PENDING_FRAMES = 128;

interface VoiceClient {
  ws: WebSocket;
  /** Said a good hello with the presenter's token. */
  presenter: boolean;
  alive: boolean;
  /** This window's frames, handled one after the other: a start opens a file, a chunk waits for
   * the chunks before it, a stop for all of them. */
  queue: Promise<void>;
  pending: number;
  /** The level told by `chunk`, for the binary frame that follows. */
  level: number | null;
  segment: { file: VoiceFile; mime: VoiceMime } | null;
  /** A write failed (the window was told): its frames are dropped until its next start or stop. */
  dropping: boolean;
}

export class VoiceService {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: VOICE_MAX_FRAME_BYTES, perMessageDeflate: false });
  /** Every window, until its last frame is handled after it closed. */
  private readonly clients = new Set<VoiceClient>();
  private readonly gate = new HelloGate();
  private readonly heartbeat: NodeJS.Timeout;
  private presenters = 0;
  /** The window whose segment is open (or opening, or ending): one voice at a time. */
  private recorder: VoiceClient | null = null;
  private disposed = false;

  constructor(private readonly options: VoiceServiceOptions) {
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.has(key)) throw new LivedeckError('bad-option', `VoiceService: unknown option "${key}"`);
    }
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  /** Whether a window records now. */
  get recording(): boolean {
    return this.recorder !== null;
  }

  /** Takes over an HTTP upgrade request for `/voice` (Host and Origin already checked). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.gate.upgrade(this.wss, { req, socket, head }, this.disposed, (ws, address) => this.accept(ws, address));
  }

  /** Ends the open segment (its last chunks written, `voiceEnd` told) and closes every socket. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeat);
    this.gate.dispose();
    const clients = [...this.clients];
    for (const client of clients) {
      client.ws.removeAllListeners('message');
      this.enqueue(client, () => this.end(client));
    }
    await Promise.all(clients.map((client) => client.queue));
    for (const client of clients) client.ws.close(CloseCode.GoingAway, 'the server is stopping');
    this.clients.clear();
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  private accept(ws: WebSocket, address: string): void {
    const client: VoiceClient = { ws, presenter: false, alive: true, queue: Promise.resolve(), pending: 0, level: null, segment: null, dropping: false };
    this.clients.add(client);
    this.gate.enter(ws, address);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    // ws reports protocol violations (frames over maxPayload: 1009) here and closes itself.
    ws.on('error', () => {});
    ws.on('close', () => {
      if (client.presenter) this.presenters--;
      this.enqueue(client, () => this.end(client));
      void client.queue.then(() => this.clients.delete(client));
    });
  }

  private onMessage(client: VoiceClient, data: RawData, isBinary: boolean): void {
    if (!client.presenter) return this.hello(client, data, isBinary);
    if (client.pending >= MAX_PENDING_FRAMES) {
      client.ws.removeAllListeners('message');
      client.ws.close(CloseCode.TooMany, 'the voice is not written as fast as it comes');
      return;
    }
    this.enqueue(client, () => (isBinary ? this.chunk(client, toBuffer(data)) : this.control(client, String(data))));
  }

  private hello(client: VoiceClient, data: RawData, isBinary: boolean): void {
    if (isBinary) return this.refuse(client, CloseCode.BadHello, 'the first message must be a text hello');
    const parsed = parseVoiceMessage(String(data));
    if (!parsed.ok) return this.refuse(client, CloseCode.BadHello, `bad hello: ${parsed.error.message}`.slice(0, 120));
    if (parsed.message.type !== 'hello') return this.refuse(client, CloseCode.BadHello, `expected hello, got "${parsed.message.type}"`);
    if (parsed.message.token === '') return this.refuse(client, CloseCode.BadToken, 'missing token');
    const role = this.options.tokens.role(parsed.message.token);
    if (role === null) return this.refuse(client, CloseCode.BadToken, 'wrong token');
    if (role !== 'presenter') return this.refuse(client, CloseCode.BadToken, 'the voice is recorded from the presenter\'s windows only');
    this.gate.settle(client.ws);
    const limit = this.options.maxConnections ?? 16;
    if (this.presenters >= limit) {
      client.ws.close(CloseCode.TooMany, `too many voice connections (${limit})`);
      return;
    }
    client.presenter = true;
    this.presenters++;
    this.send(client, { type: 'ready', recording: this.recorder !== null });
  }

  private async control(client: VoiceClient, text: string): Promise<void> {
    const parsed = parseVoiceMessage(text);
    if (!parsed.ok) return this.send(client, { type: 'error', code: parsed.error.code === 'unknown-type' ? 'unknown-type' : 'bad-message', message: parsed.error.message });
    const message = parsed.message;
    switch (message.type) {
      case 'hello':
        return this.send(client, { type: 'error', code: 'bad-message', message: 'hello was already received' });
      case 'start':
        return this.start(client, message.mime);
      case 'chunk':
        if (client.dropping) return;
        if (client.segment === null) return this.send(client, { type: 'error', code: 'no-segment', message: 'no segment is open: send start first' });
        if (client.level !== null) return this.send(client, { type: 'error', code: 'bad-message', message: 'a chunk\'s bytes must follow its "chunk" message' });
        client.level = message.level;
        return;
      case 'stop': {
        if (client.dropping) {
          client.dropping = false;
          return;
        }
        const segment = client.segment;
        if (segment === null) return this.send(client, { type: 'error', code: 'no-segment', message: 'no segment is open' });
        await this.end(client);
        return this.send(client, { type: 'stopped', file: segment.file.name, bytes: segment.file.size });
      }
    }
  }

  private async start(client: VoiceClient, mime: VoiceMime): Promise<void> {
    if (client.segment !== null) return this.send(client, { type: 'error', code: 'bad-message', message: `${client.segment.file.name} is being recorded: stop it first` });
    if (this.recorder !== null) return this.send(client, { type: 'error', code: 'busy', message: 'another presenter window is recording the voice' });
    this.recorder = client;
    client.dropping = false;
    const dir = this.options.dir();
    let file: VoiceFile;
    try {
      file = await VoiceFile.create(dir, voiceExtension(mime));
    } catch (error) {
      this.recorder = null;
      this.options.log(`voice: no file could be made in ${dir}: ${(error as Error).message}`);
      return this.send(client, { type: 'error', code: 'write-failed', message: `the server could not make the voice's file: ${(error as Error).message}` });
    }
    client.segment = { file, mime };
    this.options.timeline.voiceStart(file.name, mime);
    this.send(client, { type: 'started', file: file.name });
  }

  private async chunk(client: VoiceClient, bytes: Buffer): Promise<void> {
    const level = client.level;
    client.level = null;
    if (client.dropping) return;
    const segment = client.segment;
    if (level === null) return this.send(client, { type: 'error', code: 'bad-message', message: 'a binary frame must follow its "chunk" message' });
    if (segment === null) return this.send(client, { type: 'error', code: 'no-segment', message: 'no segment is open: send start first' });
    if (bytes.length === 0) return this.send(client, { type: 'error', code: 'bad-message', message: 'an empty chunk' });
    let size: number;
    try {
      size = await segment.file.append(bytes);
    } catch (error) {
      // The file is cut at its last whole chunk, which plays; what comes after it cannot.
      this.options.log(`voice: ${segment.file.name} could not be written in ${this.options.dir()}: ${(error as Error).message}`);
      client.dropping = true;
      await this.end(client);
      return this.send(client, { type: 'error', code: 'write-failed', message: `the server could not write the voice (${(error as Error).message}): recording stopped` });
    }
    this.options.timeline.voiceChunk(segment.file.name, size, level);
  }

  /** Ends the window's segment, if it has one: its file closed once its chunks are written. */
  private async end(client: VoiceClient): Promise<void> {
    const segment = client.segment;
    client.level = null;
    if (segment === null) return;
    client.segment = null;
    await segment.file.close();
    this.options.timeline.voiceEnd(segment.file.name);
    if (this.recorder === client) this.recorder = null;
  }

  /** Runs `task` after the window's frames before it; a failure is logged, the queue goes on. */
  private enqueue(client: VoiceClient, task: () => Promise<void> | void): void {
    client.pending++;
    client.queue = client.queue
      .then(task)
      .catch((error: unknown) => this.options.log(`voice: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        client.pending--;
      });
  }

  /** A refused hello: nothing more is read; the gate closes the socket a moment later. */
  private refuse(client: VoiceClient, code: number, reason: string): void {
    client.ws.removeAllListeners('message');
    this.gate.refuse(client.ws, code, reason);
  }

  private send(client: VoiceClient, message: VoiceServerMessage): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(message));
  }

  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      if (client.ws.readyState === client.ws.OPEN) client.ws.ping();
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
