// Test helpers for the /term WebSocket: a real HTTP server around a TerminalService, and a client
// that says hello, collects output as text and can wait for a pattern.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { ACK_INTERVAL_BYTES, type ServerMessage, type ServerReady } from '../../../common/protocol.js';
import { TerminalService, type TerminalServiceOptions } from '../../../server/terminal/service.js';

export const PRESENTER_TOKEN = 'presenter-token-for-tests';
export const AUDIENCE_TOKEN = 'audience-token-for-tests';

/** Matches a livedeck bash prompt (`user@livedeck:dir$ ` or `# ` for root). */
export const PROMPT = /@livedeck:[^\r\n]*[$#] /;

export interface TermServer {
  url: string;
  service: TerminalService;
  close(): Promise<void>;
}

export async function startTermServer(options: Partial<TerminalServiceOptions> = {}): Promise<TermServer> {
  const service = new TerminalService({
    demosDir: 'tests/fixtures/demos-terminal',
    tokens: { presenter: PRESENTER_TOKEN, audience: AUDIENCE_TOKEN },
    ...options,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => service.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/term`,
    service,
    async close() {
      await service.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Closed {
  code: number;
  reason: string;
}

/** A raw socket recording the control messages it receives: for protocol tests. */
export class RawSocket {
  readonly ws: WebSocket;
  readonly controls: ServerMessage[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;

  /** `origin`: the page's, which a `livedeck dev` server checks (a bare TerminalService does not). */
  constructor(url: string, origin?: string) {
    this.ws = new WebSocket(url, origin === undefined ? {} : { origin });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) this.controls.push(JSON.parse((data as Buffer).toString('utf8')) as ServerMessage);
    });
  }

  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Waits for a control message matching `test` (already received ones count). */
  async waitForControl<T extends ServerMessage['type']>(
    type: T,
    ms = 5000,
    test: (message: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    from = 0,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return poll(this, ms, `a "${type}" message`, () => {
      for (const message of this.controls.slice(from)) {
        if (message.type === type && test(message as Extract<ServerMessage, { type: T }>)) {
          return message as Extract<ServerMessage, { type: T }>;
        }
      }
      return undefined;
    });
  }
}

export interface HelloOptions {
  token?: string;
  demo?: string | null;
  /** The deck pane id (windows of one pane share its shell); none by default. */
  pane?: string;
  session?: string | null;
  cols?: number;
  rows?: number;
  /** Ack every ACK_INTERVAL_BYTES as a well-behaved client does; default true. */
  autoAck?: boolean;
  /** The Origin header (a `livedeck dev` server refuses a socket without its own). */
  origin?: string;
}

/** A client after a successful hello: `ready` received, output collected as text. */
export class TermClient extends RawSocket {
  ready!: ServerReady;
  /** All output so far (snapshots included), decoded. */
  text = '';
  /** Bytes of binary frames received. */
  received = 0;
  autoAck: boolean;
  private unacked = 0;
  private readonly decoder = new TextDecoder();

  /** The length of `text` when each control message came, in the order of `controls`. */
  private readonly controlOffsets: number[] = [];

  private constructor(url: string, autoAck: boolean, origin?: string) {
    super(url, origin);
    this.autoAck = autoAck;
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.controlOffsets.push(this.text.length);
        return;
      }
      const buffer = data as Buffer;
      this.received += buffer.length;
      this.unacked += buffer.length;
      this.text += this.decoder.decode(buffer, { stream: true });
      if (this.autoAck && this.unacked >= ACK_INTERVAL_BYTES) this.ackAll();
    });
  }

  static async connect(url: string, options: HelloOptions = {}): Promise<TermClient> {
    const client = new TermClient(url, options.autoAck ?? true, options.origin);
    await client.opened;
    client.sendText(
      JSON.stringify({
        type: 'hello',
        token: options.token ?? PRESENTER_TOKEN,
        demo: options.demo ?? null,
        ...(options.pane === undefined ? {} : { pane: options.pane }),
        session: options.session ?? null,
        cols: options.cols ?? 80,
        rows: options.rows ?? 24,
      }),
    );
    const outcome = await Promise.race([client.waitForControl('ready', 15_000), client.closed]);
    if ('code' in outcome) {
      const errors = client.controls.filter((m) => m.type === 'error').map((m) => JSON.stringify(m));
      throw new Error(`closed before ready: ${outcome.code} ${outcome.reason} ${errors.join(' ')}`);
    }
    client.ready = outcome;
    return client;
  }

  /** How much output had come before `message` (one of `controls`): what follows it starts
   * there, even when it came in the same read as the message. */
  textBefore(message: ServerMessage): number {
    const index = this.controls.indexOf(message);
    if (index === -1) throw new Error('not a message this client received');
    return this.controlOffsets[index]!;
  }

  /** Keyboard input. */
  type(keys: string): void {
    this.ws.send(Buffer.from(keys, 'utf8'));
  }

  sendControl(message: object): void {
    this.sendText(JSON.stringify(message));
  }

  ackAll(): void {
    if (this.unacked === 0) return;
    this.sendControl({ type: 'ack', bytes: this.unacked });
    this.unacked = 0;
  }

  /** Waits until the output from offset `from` on matches. */
  waitFor(pattern: RegExp, ms = 5000, from = 0): Promise<RegExpMatchArray> {
    return poll(this, ms, `${pattern} in the output`, () => this.text.slice(from).match(pattern) ?? undefined, () => this.text.slice(-600));
  }

  /** Types a command with Enter and waits for `pattern` in what follows. */
  /** Asks the server to type demo step `step` of the pane (`play`), as "next" does, and waits
   * until every window is told it is done. */
  async play(step: number, ms = 30_000): Promise<void> {
    const from = this.controls.length;
    this.sendControl({ type: 'play', step });
    await this.waitForControl('step', ms, (m) => m.step === step && m.state === 'done', from);
  }

  async run(command: string, pattern: RegExp, ms = 5000): Promise<RegExpMatchArray> {
    const from = this.text.length;
    this.type(`${command}\r`);
    return this.waitFor(pattern, ms, from);
  }

  async close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}

/** Resolves with probe()'s first defined value, probed now and after every message received. */
function poll<T>(socket: RawSocket, ms: number, what: string, probe: () => T | undefined, context?: () => string): Promise<T> {
  const found = probe();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = probe();
      if (value === undefined) return;
      clearTimeout(timer);
      socket.ws.off('message', check);
      resolve(value);
    };
    const timer = setTimeout(() => {
      socket.ws.off('message', check);
      const tail = context ? `; output ends with ${JSON.stringify(context())}` : '';
      reject(new Error(`timed out after ${ms} ms waiting for ${what}${tail}`));
    }, ms);
    socket.ws.on('message', check);
  });
}
