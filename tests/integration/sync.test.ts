// The /sync WebSocket that keeps every window of a lecture on the presenters' slide: a presenter's
// move reaches every other window, a window that (re)connects starts where the deck is, viewers
// cannot move the deck, presenters hear how many viewers there are, and bad input is refused
// without disturbing anyone.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import type { SyncServerMessage } from '../../common/sync-protocol.js';
import { AccessTokens } from '../../server/access/access-tokens.js';
import type { SyncService } from '../../server/sync/sync-service.js';
import { startSyncServer, type SyncServer } from './helpers/sync-server.js';

const TOKENS = { presenter: 'presenter-token-for-sync-tests', audience: 'audience-token-for-sync-tests' };

let url: string;
let service: SyncService;
let sync: SyncServer;

before(async () => {
  sync = await startSyncServer({ tokens: new AccessTokens(TOKENS), heartbeatMs: 200 });
  service = sync.service;
  url = sync.url;
});

after(() => sync.close());

/** A window's socket, keeping what it heard. */
class Window {
  readonly ws: WebSocket;
  readonly heard: SyncServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor() {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => this.heard.push(JSON.parse(String(data)) as SyncServerMessage));
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async open(token: string): Promise<Window> {
    const window = new Window();
    await new Promise((resolve) => window.ws.once('open', resolve));
    window.send({ type: 'hello', token });
    await window.next('ready');
    return window;
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message of `type` after the first `skip` ones heard, waiting for it. */
  async next<T extends SyncServerMessage['type']>(type: T, test: (m: Extract<SyncServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<SyncServerMessage, { type: T }>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.heard.find((m): m is Extract<SyncServerMessage, { type: T }> => m.type === type && test(m as Extract<SyncServerMessage, { type: T }>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${type}" message; heard ${JSON.stringify(this.heard)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): void {
    this.ws.close();
  }
}

test('a presenter move reaches every other window at once; newcomers start where the deck is', async () => {
  const projector = await Window.open(TOKENS.presenter);
  const presenterView = await Window.open(TOKENS.presenter);
  const student = await Window.open(TOKENS.audience);
  assert.deepEqual(await student.next('ready'), { type: 'ready', role: 'viewer', position: null, audience: 0 });

  const sent = performance.now();
  presenterView.send({ type: 'goto', h: 7, v: 0, f: 2 });
  const [atProjector, atStudent] = await Promise.all([projector.next('position'), student.next('position')]);
  const delay = performance.now() - sent;
  assert.deepEqual(atProjector, { type: 'position', h: 7, v: 0, f: 2 });
  assert.deepEqual(atStudent, { type: 'position', h: 7, v: 0, f: 2 });
  assert.ok(delay < 100, `the move took ${delay.toFixed(1)} ms to reach both windows`);
  assert.equal(presenterView.heard.some((m) => m.type === 'position'), false, 'the window that moved is not told');
  assert.deepEqual(service.position, { h: 7, v: 0, f: 2 });

  // The same position again is not news.
  presenterView.send({ type: 'goto', h: 7, v: 0, f: 2 });
  presenterView.send({ type: 'goto', h: 8, v: 0, f: -1 });
  await student.next('position', (m) => m.h === 8);
  assert.equal(student.heard.filter((m) => m.type === 'position').length, 2);

  const late = await Window.open(TOKENS.audience);
  assert.deepEqual((await late.next('ready')).position, { h: 8, v: 0, f: -1 });
  for (const window of [projector, presenterView, student, late]) window.close();
});

test('viewers cannot move the deck; presenters hear the audience come and go', async () => {
  const presenter = await Window.open(TOKENS.presenter);
  const before = (await presenter.next('ready')).audience;
  const student = await Window.open(TOKENS.audience);
  await presenter.next('audience', (m) => m.viewers === before + 1);
  student.send({ type: 'goto', h: 0, v: 0, f: -1 });
  const refusal = await student.next('error');
  assert.equal(refusal.code, 'forbidden');
  assert.notDeepEqual(service.position, { h: 0, v: 0, f: -1 });
  student.close();
  await presenter.next('audience', (m) => m.viewers === before);
  presenter.close();
});

test('bad hellos close with a reason; bad messages get an error and the window stays', async () => {
  const cases: Array<[string, number, RegExp]> = [
    [JSON.stringify({ type: 'hello', token: 'guess' }), 4401, /wrong token/],
    [JSON.stringify({ type: 'hello', token: '' }), 4401, /missing token/],
    [JSON.stringify({ type: 'goto', h: 1, v: 0, f: 0 }), 4400, /expected hello/],
    ['{"type":', 4400, /not valid JSON/],
    [JSON.stringify({ type: 'hello', token: TOKENS.presenter, admin: true }), 4400, /unexpected field "admin"/],
  ];
  for (const [first, code, reason] of cases) {
    const window = new Window();
    await new Promise((resolve) => window.ws.once('open', resolve));
    window.send(first);
    const closed = await window.closed;
    assert.equal(closed.code, code, first);
    assert.match(closed.reason, reason);
  }
  const presenter = await Window.open(TOKENS.presenter);
  for (const [bad, pattern] of [
    [{ type: 'goto', h: -1, v: 0, f: 0 }, /h and v must be integers/],
    [{ type: 'goto', h: 1, v: 0, f: 1.5 }, /f must be an integer/],
    [{ type: 'jump', h: 1 }, /unknown message type "jump"/],
  ] as const) {
    const count = presenter.heard.length;
    presenter.send(bad);
    await presenter.next('error', (m) => presenter.heard.indexOf(m) >= count);
    assert.match(presenter.heard.at(-1)!.type === 'error' ? (presenter.heard.at(-1) as { message: string }).message : '', pattern);
  }
  // Still moving the deck after all that.
  const student = await Window.open(TOKENS.audience);
  presenter.send({ type: 'goto', h: 3, v: 0, f: 0 });
  await student.next('position', (m) => m.h === 3);
  presenter.close();
  student.close();
});

test('a window that stops answering pings is dropped', async () => {
  await new Promise((resolve) => setTimeout(resolve, 300)); // earlier tests' windows are gone
  const others = service.size;
  const student = await Window.open(TOKENS.audience);
  assert.equal(service.size, others + 1);
  // ws answers pings by itself; pausing the socket stops it reading them, as a frozen laptop would.
  (student.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const deadline = Date.now() + 3000;
  while (service.size > others && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(service.size, others, 'the silent window was still connected after 3 s (heartbeat 200 ms)');
  student.ws.terminate();
});
