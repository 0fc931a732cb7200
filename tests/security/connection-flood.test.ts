// Issue 15, item 2: whoever reaches the port, token or not, cannot lock the presenter out of the
// terminals or the deck sync. Sockets that never say hello are counted apart (512 at most, the
// oldest making room; 8 per address on a LAN), wrong tokens are answered a second later, and
// viewers at their limit leave the presenters' room untouched.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { AccessTokens } from '../../server/access/access-tokens.js';
import { HelloGate } from '../../server/access/hello-gate.js';
import type { SyncService } from '../../server/sync/sync-service.js';
import { startSyncServer, type SyncServer } from '../integration/helpers/sync-server.js';
import { AUDIENCE_TOKEN, PRESENTER_TOKEN, PROMPT, TermClient, startTermServer, type TermServer } from '../integration/helpers/term-client.js';

/** `count` sockets that open and never say a word; resolves once all are open or closed. */
async function silentSockets(url: string, count: number): Promise<{ sockets: WebSocket[]; closedWith: number[] }> {
  const closedWith: number[] = [];
  const sockets = Array.from({ length: count }, () => {
    const ws = new WebSocket(url);
    ws.on('error', () => {});
    ws.once('close', (code) => closedWith.push(code));
    return ws;
  });
  await Promise.all(sockets.map((ws) => new Promise<void>((done) => {
    ws.once('open', () => done());
    ws.once('close', () => done());
  })));
  return { sockets, closedWith };
}

function closeAll(sockets: WebSocket[]): void {
  for (const ws of sockets) ws.terminate();
}

describe('/term', () => {
  let server: TermServer;

  before(async () => {
    server = await startTermServer({ maxConnections: 3 });
  });

  after(async () => {
    await server.close();
  });

  test('600 sockets that never say hello: the presenter opens a pane 5 times in a row, all served', async () => {
    const started = Date.now();
    const flood = await silentSockets(server.url, 600);
    try {
      const sessions = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const client = await TermClient.connect(server.url, { pane: 'flood-pane' });
        assert.equal(client.ready.role, 'presenter');
        sessions.add(client.ready.session);
        await client.close();
      }
      assert.equal(sessions.size, 1, 'each window finds the pane\'s one shell');
      assert.ok(Date.now() - started < 10_000);
      // The silent ones beyond the waiting room were closed, the oldest first, as "too many".
      assert.ok(flood.closedWith.filter((code) => code === 4429 || code === 1006).length >= 600 - 512, `closed: ${flood.closedWith.length}`);
    } finally {
      closeAll(flood.sockets);
    }
  });

  test('a wrong token is answered a second later: a client guessing in a loop gets one try a second', async () => {
    const ws = new WebSocket(server.url);
    ws.on('error', () => {});
    await new Promise((done) => ws.once('open', done));
    const sent = Date.now();
    ws.send(JSON.stringify({ type: 'hello', token: 'a-wrong-token-a-wrong-token', demo: null, session: null, cols: 80, rows: 24 }));
    const [code, reason] = await new Promise<[number, string]>((done) => ws.once('close', (c, r) => done([c, String(r)])));
    assert.equal(code, 4401);
    assert.equal(reason, 'wrong token');
    assert.ok(Date.now() - sent >= 900, `answered after ${Date.now() - sent} ms`);
  });

  test('viewers at their limit do not take the presenter\'s room', async () => {
    const presenter = await TermClient.connect(server.url, { pane: 'viewers-pane' });
    await presenter.waitFor(PROMPT);
    const viewers = await Promise.all([1, 2, 3].map(() => TermClient.connect(server.url, { token: AUDIENCE_TOKEN, pane: 'viewers-pane' })));
    // A fourth viewer is refused clearly...
    const refused = new WebSocket(server.url);
    refused.on('error', () => {});
    await new Promise((done) => refused.once('open', done));
    refused.send(JSON.stringify({ type: 'hello', token: AUDIENCE_TOKEN, demo: null, pane: 'viewers-pane', session: null, cols: 80, rows: 24 }));
    const [code, reason] = await new Promise<[number, string]>((done) => refused.once('close', (c, r) => done([c, String(r)])));
    assert.equal(code, 4429);
    assert.match(reason, /too many terminal connections \(3 viewers\)/);
    // ... and presenters still come in.
    const second = await TermClient.connect(server.url, { pane: 'viewers-pane' });
    await second.run('echo still-$((40+2))', /still-42/);
    await Promise.all([second.close(), presenter.close(), ...viewers.map((v) => v.close())]);
  });
});

describe('/sync', () => {
  let url: string;
  let service: SyncService;
  let sync: SyncServer;

  before(async () => {
    sync = await startSyncServer({ tokens: new AccessTokens({ presenter: PRESENTER_TOKEN, audience: AUDIENCE_TOKEN }), maxConnections: 2 });
    service = sync.service;
    url = sync.url;
  });

  after(() => sync.close());

  /** Says hello with `token`: the first message back (ready), or how the socket was closed. */
  async function hello(token: string): Promise<{ ws: WebSocket; first: string }> {
    const ws = new WebSocket(url);
    ws.on('error', () => {});
    await new Promise((done) => ws.once('open', done));
    ws.send(JSON.stringify({ type: 'hello', token }));
    const first = await new Promise<string>((done) => {
      ws.once('message', (data) => done(String(data)));
      ws.once('close', (code, reason) => done(`closed ${code} ${String(reason)}`));
    });
    return { ws, first };
  }

  test('1030 sockets that never say hello: the presenter still gets the deck', async () => {
    const flood = await silentSockets(url, 1030);
    try {
      assert.ok(service.size <= 512 + 1, `${service.size} sockets kept`);
      const { ws, first } = await hello(PRESENTER_TOKEN);
      assert.match(first, /"type":"ready","role":"presenter"/);
      ws.close();
    } finally {
      closeAll(flood.sockets);
    }
  });

  test('students at the viewers\' limit do not take the presenter\'s room', async () => {
    const students = await Promise.all([1, 2].map(() => hello(AUDIENCE_TOKEN)));
    for (const { first } of students) assert.match(first, /"role":"viewer"/);
    const third = await hello(AUDIENCE_TOKEN);
    assert.match(third.first, /closed 4429 too many windows following the deck \(2\)/);
    const presenter = await hello(PRESENTER_TOKEN);
    assert.match(presenter.first, /"role":"presenter"/);
    for (const { ws } of [...students, presenter]) ws.close();
  });
});

test('on a LAN, one address gets 8 sockets waiting for their hello; loopback and other addresses are not held back', async () => {
  const gate = new HelloGate({ timeoutMs: 60_000 });
  // The gate only needs sockets it can close: these never connect anywhere.
  const sockets = Array.from({ length: 9 }, () => {
    const ws = new WebSocket('ws://127.0.0.1:9/');
    ws.on('error', () => {});
    return ws;
  });
  try {
    for (const ws of sockets.slice(0, 8)) {
      assert.equal(gate.admits('192.168.1.23'), true);
      gate.enter(ws, '192.168.1.23');
    }
    assert.equal(gate.admits('192.168.1.23'), false, 'the ninth is refused before the handshake');
    assert.equal(gate.admits('::ffff:192.168.1.24'), true);
    assert.equal(gate.admits('127.0.0.1'), true);
    assert.equal(gate.admits('::1'), true);
    gate.settle(sockets[0]!);
    assert.equal(gate.admits('192.168.1.23'), true, 'a hello said frees a place');
  } finally {
    gate.dispose();
    for (const ws of sockets) ws.terminate();
  }
});
