// A VoiceService behind a real HTTP server on loopback, writing into a temp folder, for the /voice
// tests (integration and security): its URL, what it told the timeline and its log, a window's
// socket that keeps what it heard, and one call to stop it all.

import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { VoiceServerMessage } from '../../../common/voice-protocol.js';
import { AccessTokens } from '../../../server/access/access-tokens.js';
import { VoiceService, type VoiceTimeline } from '../../../server/lecture/voice-service.js';

export const VOICE_TOKENS = { presenter: 'presenter-token-for-voice-tests', audience: 'audience-token-for-voice-tests' };
export const OPUS = 'audio/webm;codecs=opus';

/** What the service told the lecture's timeline, in order. */
export type TimelineCall =
  | { call: 'start'; file: string; mime: string }
  | { call: 'chunk'; file: string; bytes: number; level: number }
  | { call: 'end'; file: string };

export interface VoiceServer {
  service: VoiceService;
  /** ws://127.0.0.1:<port>/voice */
  url: string;
  /** The temp folder; the lecture's folder is `lecture` (or what setDir set). */
  root: string;
  lecture: string;
  setDir(dir: string): void;
  calls: TimelineCall[];
  logged: string[];
  close(): Promise<void>;
}

export async function startVoiceServer(options: { heartbeatMs?: number; maxConnections?: number } = {}): Promise<VoiceServer> {
  const root = mkdtempSync(join(tmpdir(), 'livedeck-voice-'));
  let dir = join(root, 'lecture');
  const calls: TimelineCall[] = [];
  const logged: string[] = [];
  const timeline: VoiceTimeline = {
    voiceStart: (file, mime) => calls.push({ call: 'start', file, mime }),
    voiceChunk: (file, bytes, level) => calls.push({ call: 'chunk', file, bytes, level }),
    voiceEnd: (file) => calls.push({ call: 'end', file }),
  };
  const service = new VoiceService({ tokens: new AccessTokens(VOICE_TOKENS), dir: () => dir, timeline, log: (line) => logged.push(line), ...options });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => service.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    service,
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/voice`,
    root,
    lecture: dir,
    setDir: (next) => {
      dir = next;
    },
    calls,
    logged,
    async close() {
      await service.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A presenter view's (or an intruder's) socket, keeping what it heard. */
export class VoiceWindow {
  readonly ws: WebSocket;
  readonly heard: VoiceServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => this.heard.push(JSON.parse(String(data)) as VoiceServerMessage));
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** A window that said hello with `token` and heard `ready`. */
  static async open(url: string, token: string): Promise<VoiceWindow> {
    const window = await VoiceWindow.connect(url);
    window.send({ type: 'hello', token });
    await window.next('ready');
    return window;
  }

  /** A window whose socket is open, nothing said yet. */
  static async connect(url: string): Promise<VoiceWindow> {
    const window = new VoiceWindow(url);
    await new Promise((resolve) => window.ws.once('open', resolve));
    return window;
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** A chunk of voice: its level, then its bytes. */
  chunk(bytes: Buffer, level: number): void {
    this.send({ type: 'chunk', level });
    this.ws.send(bytes);
  }

  /** The first message of `type` heard after the first `after` ones, waiting for it. */
  async next<T extends VoiceServerMessage['type']>(type: T, after = 0): Promise<Extract<VoiceServerMessage, { type: T }>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.heard.slice(after).find((m): m is Extract<VoiceServerMessage, { type: T }> => m.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${type}" message; heard ${JSON.stringify(this.heard)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Sends `message` and waits for the error it earns. */
  async refused(message: object | string | Buffer): Promise<Extract<VoiceServerMessage, { type: 'error' }>> {
    const count = this.heard.length;
    if (Buffer.isBuffer(message)) this.ws.send(message);
    else this.send(message);
    return this.next('error', count);
  }

  close(): void {
    this.ws.close();
  }
}
