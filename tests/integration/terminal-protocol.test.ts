// Refusals on the /term WebSocket: bad hellos and tokens close with a 44xx code and a clear reason,
// bad messages get an `error` reply; none of them disturbs the service, which still serves the
// next client. And the session limit.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { HELLO_TIMEOUT_MS, MAX_MESSAGE_BYTES } from '../../common/protocol.js';
import { TerminalService, type TerminalServiceOptions } from '../../server/terminal/service.js';
import {
  AUDIENCE_TOKEN,
  PRESENTER_TOKEN,
  PROMPT,
  RawSocket,
  TermClient,
  startTermServer,
  type Closed,
  type TermServer,
} from './helpers/term-client.js';

let server: TermServer;

before(async () => {
  server = await startTermServer({ maxSessions: 4 });
});

after(async () => {
  await server.close();
});

function hello(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'hello', token: PRESENTER_TOKEN, demo: null, session: null, cols: 80, rows: 24, ...fields });
}

/** Opens a socket, sends `first`, returns how the server closed it. */
async function refusedHello(first: string | Buffer): Promise<Closed> {
  const socket = new RawSocket(server.url);
  await socket.opened;
  socket.ws.send(first);
  return socket.closed;
}

/** The service still works: a new presenter gets a shell that answers. */
async function stillServes(): Promise<void> {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  await client.run('echo ok-$((1+1))', /ok-2/);
  await client.close();
  const session = server.service.manager.reattach(client.ready.session, null);
  if (session) await server.service.manager.end(session);
}

const badHellos: Array<[string, string | Buffer, number, RegExp]> = [
  ['no token', hello({ token: '' }), 4401, /missing token/],
  ['a wrong token', hello({ token: 'guess' }), 4401, /wrong token/],
  ['no token field', JSON.stringify({ type: 'hello', demo: null, session: null, cols: 80, rows: 24 }), 4400, /bad hello: .*token/],
  ['malformed JSON', '{"type":"hello",', 4400, /bad hello: message is not valid JSON/],
  ['another message before hello', JSON.stringify({ type: 'resize', cols: 80, rows: 24 }), 4400, /expected hello, got "resize"/],
  ['a binary first message', Buffer.from('hello'), 4400, /first message must be a text hello/],
  ['an extra field', hello({ admin: true }), 4400, /unexpected field "admin"/],
  ['a size out of range', hello({ cols: 100000 }), 4400, /cols must be an integer in 2\.\.500/],
  ['an unknown demo', hello({ demo: 'no-such-demo' }), 4404, /unknown demo "no-such-demo"/],
  ['a demo name with a path in it', hello({ demo: '../etc' }), 4400, /demo must be null or a demo name/],
  ['a viewer naming a session that does not exist', hello({ token: AUDIENCE_TOKEN, session: 'nope' }), 4404, /no such session/],
];

for (const [what, first, code, reason] of badHellos) {
  test(`refused with ${code}: ${what}`, async () => {
    const closed = await refusedHello(first);
    assert.equal(closed.code, code);
    assert.match(closed.reason, reason);
  });
}

test('after the refused hellos the service still serves', stillServes);

test('a socket that never says hello is closed: 4408', async () => {
  const socket = new RawSocket(server.url);
  await socket.opened;
  const start = Date.now();
  const closed = await socket.closed;
  assert.equal(closed.code, 4408);
  assert.match(closed.reason, /no hello within 5 s/);
  assert.ok(Date.now() - start >= HELLO_TIMEOUT_MS - 100);
});

test('bad messages after hello get an error reply and the connection goes on', async () => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  const cases: Array<[string | Buffer, string, RegExp]> = [
    ['{not json', 'bad-message', /not valid JSON/],
    ['[1,2]', 'bad-message', /must be a JSON object/],
    [JSON.stringify({ type: 'shutdown' }), 'unknown-type', /unknown message type "shutdown"/],
    [JSON.stringify({ type: 'ack' }), 'bad-message', /bytes must be a positive integer/],
    [JSON.stringify({ type: 'ack', bytes: -5 }), 'bad-message', /bytes must be a positive integer/],
    [JSON.stringify({ type: 'resize', cols: '80', rows: 24 }), 'bad-message', /cols must be an integer/],
    [JSON.stringify({ type: 'play', step: -1 }), 'bad-message', /step must be an integer in 0\.\.9999/],
    [JSON.stringify({ type: 'play', step: 0 }), 'bad-message', /belongs to no deck pane: it has no demo steps/],
    [JSON.stringify({ type: 'mark', label: '1: a step' }), 'unknown-type', /unknown message type "mark"/],
    [JSON.stringify({ type: 'restart', now: true }), 'bad-message', /unexpected field "now"/],
    [hello(), 'bad-message', /hello was already received/],
    [Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61), 'too-large', /refused \(at most 65536\)/],
    [JSON.stringify({ type: 'restart', pad: 'y'.repeat(MAX_MESSAGE_BYTES) }), 'too-large', /refused/],
  ];
  for (const [message, code, text] of cases) {
    const before = client.controls.length;
    client.ws.send(message);
    const error = await client.waitForControl('error', 2000, () => true, before);
    assert.equal(error.code, code, `reply to ${String(message).slice(0, 40)}`);
    assert.match(error.message, text);
  }
  // The oversized input was dropped, not typed; the shell is fine.
  await client.run('echo fine-$((2*3))', /fine-6/);
  assert.doesNotMatch(client.text, /aaaaaaaaaa/);
  await client.close();
  await stillServes();
});

test('a viewer\'s input and resize are refused and reach nothing', async () => {
  const presenter = await TermClient.connect(server.url);
  await presenter.waitFor(PROMPT);
  const viewer = await TermClient.connect(server.url, { token: AUDIENCE_TOKEN, session: presenter.ready.session });
  viewer.type('touch /tmp/viewer-was-here\r');
  assert.match((await viewer.waitForControl('error')).message, /viewers cannot type/);
  const before = viewer.controls.length;
  viewer.sendControl({ type: 'resize', cols: 40, rows: 10 });
  assert.match((await viewer.waitForControl('error', 2000, () => true, before)).message, /viewers cannot resize/);
  await presenter.run('stty size', /24 80/);
  assert.equal(existsSync('/tmp/viewer-was-here'), false);
  await Promise.all([viewer.close(), presenter.close()]);
  await stillServes();
});

test('the session limit refuses clearly, and sessions outlive their sockets', async () => {
  const { manager } = server.service;
  const clients = [];
  while (manager.size < manager.maxSessions) clients.push(await TermClient.connect(server.url));
  await Promise.all(clients.map((client) => client.close()));
  assert.equal(manager.size, manager.maxSessions, 'closing sockets does not end sessions');

  const socket = new RawSocket(server.url);
  await socket.opened;
  socket.sendText(hello());
  const closed = await socket.closed;
  assert.equal(closed.code, 4429);
  assert.match(closed.reason, /too many terminal sessions \(4 running\)/);

  // A reattach is not a new session: still allowed at the limit.
  const back = await TermClient.connect(server.url, { session: clients[0]!.ready.session });
  assert.equal(back.ready.resumed, true);
  await back.close();

  for (const client of clients) {
    const session = manager.reattach(client.ready.session, null);
    if (session) await manager.end(session);
  }
  await stillServes();
});

test('service options are validated strictly', () => {
  const base = { demosDir: 'demos', tokens: { presenter: 'p', audience: 'a' } };
  const cases: Array<[object, RegExp]> = [
    [{ ...base, maxSesions: 3 }, /unknown option "maxSesions"/],
    [{ ...base, tokens: { presenter: 'same', audience: 'same' } }, /must differ/],
    [{ ...base, tokens: { presenter: '', audience: 'a' } }, /non-empty strings/],
    [{ ...base, shell: 'bash' }, /absolute path of an executable/],
    [{ ...base, maxSessions: 0 }, /maxSessions must be a positive integer/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => new TerminalService(options as TerminalServiceOptions), message);
  }
});
