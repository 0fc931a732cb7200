// Live terminal sessions through the real /term WebSocket and a real pty: echo, resize, reattach,
// restart, demo working copies, the shell's environment, viewers, the hops a keystroke makes.

import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { TERMINAL_HOP_CHANNEL } from '../../server/terminal/diagnostics.js';
import { AUDIENCE_TOKEN, PRESENTER_TOKEN, PROMPT, RawSocket, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';

let server: TermServer;

before(async () => {
  process.env['LIVEDECK_TEST_SECRET'] = 'must-not-leak';
  server = await startTermServer();
});

after(async () => {
  await server.close();
});

test('typed input is echoed and runs in the shell', async (t) => {
  const client = await TermClient.connect(server.url);
  assert.equal(client.ready.role, 'presenter');
  assert.equal(client.ready.resumed, false);
  await client.waitFor(PROMPT);
  await client.run('echo hi-$((6*7))', /hi-42/);

  // Echo latency: one key, from send to its echo arriving.
  const from = client.text.length;
  const start = performance.now();
  client.type('z');
  await client.waitFor(/z/, 2000, from);
  const echoMs = performance.now() - start;
  t.diagnostic(`echo of one key: ${echoMs.toFixed(1)} ms`);
  assert.ok(echoMs < 500, `echo took ${echoMs} ms`);
  client.type('\x15'); // Ctrl-U: drop the typed z
  await client.close();
});

test("a keystroke's hops through the server are published, in order", async () => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  const hops: unknown[] = [];
  const record = (hop: unknown) => hops.push(hop);
  subscribe(TERMINAL_HOP_CHANNEL, record);
  try {
    const from = client.text.length;
    client.type('q');
    await client.waitFor(/q/, 2000, from);
  } finally {
    unsubscribe(TERMINAL_HOP_CHANNEL, record);
  }
  // The echo may come out of the pty in more than one piece, each sent on its own.
  assert.deepEqual(hops.slice(0, 4), ['input', 'written', 'output', 'sent'], `hops: ${hops.join(' ')}`);
  client.type('\x15');
  await client.close();
});

test('resize reaches the shell and every client', async () => {
  const client = await TermClient.connect(server.url, { cols: 80, rows: 24 });
  await client.waitFor(PROMPT);
  await client.run('stty size', /24 80/);
  client.sendControl({ type: 'resize', cols: 100, rows: 30 });
  await client.waitForControl('resize', 2000, (m) => m.cols === 100 && m.rows === 30);
  await client.run('stty size', /30 100/);
  await client.close();
});

test('a reattaching client gets the same shell and its screen back', async () => {
  const first = await TermClient.connect(server.url);
  await first.waitFor(PROMPT);
  const [, pid] = await first.run('echo "shell $$ says reattach-$((20+3))"', /shell (\d+) says reattach-23/);
  await first.close();

  const second = await TermClient.connect(server.url, { session: first.ready.session, cols: 90, rows: 20 });
  assert.equal(second.ready.session, first.ready.session);
  assert.equal(second.ready.resumed, true);
  // The snapshot (first binary frame) holds the earlier command and its output.
  await second.waitFor(/reattach-23/, 2000);
  await second.waitForControl('resize', 2000, (m) => m.cols === 90 && m.rows === 20);
  await second.run('echo "now $$"', new RegExp(`now ${pid}`));
  await second.run('stty size', /20 90/);
  await second.close();
});

test('an unknown session id gets a new session', async () => {
  const client = await TermClient.connect(server.url, { session: 'no-such-session-id' });
  assert.equal(client.ready.resumed, false);
  assert.notEqual(client.ready.session, 'no-such-session-id');
  await client.close();
});

test('restart gives a fresh shell under the same session id', async () => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  const [, before] = await client.run('echo "pid=$$"', /pid=(\d+)/);
  const readies = client.controls.length;
  client.sendControl({ type: 'restart' });
  const ready = await client.waitForControl('ready', 5000, () => true, readies);
  assert.equal(ready.session, client.ready.session);
  assert.equal(ready.resumed, false);
  // The fresh shell's prompt may have come in the same read as its `ready`.
  await client.waitFor(PROMPT, 5000, client.textBefore(ready));
  const [, afterRestart] = await client.run('echo "pid=$$"', /pid=(\d+)/);
  assert.notEqual(afterRestart, before);
  await client.close();
});

test('a demo runs in a fresh working copy where its setup.sh ran', async () => {
  const client = await TermClient.connect(server.url, { demo: 'hello-demo' });
  assert.equal(client.ready.demo, 'hello-demo');
  await client.waitFor(PROMPT);
  // The shell's folder carries the demo's name (a short prompt) inside the session's folder, in
  // the launch's temporary one.
  const [, cwd] = await client.run('pwd', /(\/\S*\/livedeck-[A-Za-z0-9]+\/\d+\/hello-demo)\r\n/);
  await client.run('cat greeting.txt', /hello from the fixture demo/);
  await client.run('cat made-by-setup.txt', new RegExp(`setup ran in hello-demo for session ${client.ready.session}`));
  await client.run('lib/count.sh', /count 3/);
  // livedeck's own files stay out of the working copy.
  await client.run('ls -a | tr "\\n" " "; echo END', /\.\. greeting\.txt lib made-by-setup\.txt END/);
  const session = server.service.manager.reattach(client.ready.session, 'hello-demo');
  assert.ok(session);
  await server.service.manager.end(session);
  assert.equal(existsSync(cwd!), false, 'working copy removed');
  await client.close();
});

test('a failing setup.sh is reported with its output', async () => {
  const client = new RawSocket(server.url);
  await client.opened;
  client.sendText(JSON.stringify({ type: 'hello', token: PRESENTER_TOKEN, demo: 'broken-setup', session: null, cols: 80, rows: 24 }));
  const closed = await client.closed;
  assert.equal(closed.code, 4500);
  assert.equal(closed.reason, 'demo setup failed');
  const error = client.controls.find((m) => m.type === 'error');
  assert.ok(error && error.type === 'error');
  assert.equal(error.code, 'start-failed');
  assert.match(error.message, /demos\/broken-setup\/setup\.sh failed \(exit status 3\)/);
  assert.match(error.message, /missing-tool: command not found/);
});

test('the shell gets an explicit environment, nothing of the server', async () => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  const from = client.text.length;
  await client.run('env | sort; echo ENV-$((1+1))-END', /ENV-2-END/);
  const lines = new Set(client.text.slice(from).split(/[\r\n]+/));
  assert.doesNotMatch([...lines].join('\n'), /LIVEDECK_TEST_SECRET|must-not-leak/);
  for (const line of ['TERM=xterm-256color', 'COLORTERM=truecolor', 'LANG=C.UTF-8', `LIVEDECK_SESSION=${client.ready.session}`]) {
    assert.ok(lines.has(line), `${line} in the environment`);
  }
  assert.ok(lines.has('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'));
  await client.close();
});

test('a viewer follows the presenter and cannot type, resize, play a step or restart', async () => {
  const presenter = await TermClient.connect(server.url);
  await presenter.waitFor(PROMPT);
  const viewer = await TermClient.connect(server.url, { token: AUDIENCE_TOKEN, session: presenter.ready.session });
  assert.equal(viewer.ready.role, 'viewer');
  assert.equal(viewer.ready.session, presenter.ready.session);
  await presenter.run('echo "for the audience: $((7*6))"', /for the audience: 42/);
  await viewer.waitFor(/for the audience: 42/);

  viewer.type('echo hacked\r');
  const refused = await viewer.waitForControl('error');
  assert.equal(refused.code, 'forbidden');
  for (const message of [{ type: 'resize', cols: 50, rows: 10 }, { type: 'play', step: 0 }, { type: 'restart' }]) {
    const before = viewer.controls.length;
    viewer.sendControl(message);
    const error = await viewer.waitForControl('error', 2000, () => true, before);
    assert.equal(error.code, 'forbidden');
  }
  await presenter.run('echo still-$((2+2))', /still-4/);
  assert.doesNotMatch(presenter.text, /hacked/);
  assert.equal(presenter.controls.filter((m) => m.type === 'ready').length, 1, 'no restart happened');

  // Without a session id a viewer follows the newest plain shell.
  const follower = await TermClient.connect(server.url, { token: AUDIENCE_TOKEN });
  assert.equal(follower.ready.role, 'viewer');
  await Promise.all([viewer.close(), follower.close(), presenter.close()]);
});

test('the shell exiting sends exit, and restart brings a new one', async () => {
  const client = await TermClient.connect(server.url);
  await client.waitFor(PROMPT);
  client.type('exit 7\r');
  const exit = await client.waitForControl('exit');
  assert.equal(exit.code, 7);
  const before = client.controls.length;
  client.type('echo too late\r');
  assert.equal((await client.waitForControl('error', 2000, () => true, before)).code, 'no-session');
  client.sendControl({ type: 'restart' });
  await client.waitForControl('ready', 5000, () => true, before);
  await client.waitFor(PROMPT, 5000, client.text.length);
  await client.run('echo back-$((1+1))', /back-2/);
  await client.close();
});
