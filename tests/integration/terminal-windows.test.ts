// Several windows on one shell, as in a lecture: the projector, the presenter view and students'
// screens name the same deck pane and get the same session; a demo step typed in one window is
// known to all (none types it again); the window the teacher uses paces the shell, and a stalled
// second presenter window neither stalls it nor piles output up: it is resynchronised instead.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUDIENCE_TOKEN, PROMPT, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';

let server: TermServer;

before(async () => {
  server = await startTermServer();
});

after(async () => {
  await server.close();
});

test('windows of one pane share its shell; another pane gets its own; a viewer joins by pane', async () => {
  const projector = await TermClient.connect(server.url, { pane: 's8-t1' });
  await projector.waitFor(PROMPT);
  assert.equal(projector.ready.resumed, false);
  await projector.run('export MARK=projector-$((6*7))', PROMPT);

  const presenterView = await TermClient.connect(server.url, { pane: 's8-t1' });
  assert.equal(presenterView.ready.session, projector.ready.session);
  assert.equal(presenterView.ready.resumed, true);
  await presenterView.run('echo $MARK', /projector-42/);
  await projector.waitFor(/projector-42\r?\n/, 5000, projector.text.indexOf('echo $MARK'));

  const student = await TermClient.connect(server.url, { pane: 's8-t1', token: AUDIENCE_TOKEN });
  assert.equal(student.ready.session, projector.ready.session);
  assert.equal(student.ready.role, 'viewer');

  const other = await TermClient.connect(server.url, { pane: 's10-t1' });
  assert.notEqual(other.ready.session, projector.ready.session);

  // Two windows reaching a new pane at the same moment (the projector and the presenter view
  // follow each other) start one shell, not two.
  const [first, second] = await Promise.all([TermClient.connect(server.url, { pane: 's12-t1' }), TermClient.connect(server.url, { pane: 's12-t1' })]);
  assert.equal(first.ready.session, second.ready.session);
  assert.deepEqual([first.ready.resumed, second.ready.resumed].sort(), [false, true]);
  await first.close();
  await second.close();

  // A viewer of a pane nobody opened yet waits (it never starts a shell).
  await assert.rejects(TermClient.connect(server.url, { pane: 's99-t1', token: AUDIENCE_TOKEN }), /4404/);
  for (const client of [projector, presenterView, student, other]) await client.close();
});

test('a step typed from one window is announced to the others and listed for new ones; a restart forgets', async () => {
  const projector = await TermClient.connect(server.url, { pane: 's11-t1' });
  const presenterView = await TermClient.connect(server.url, { pane: 's11-t1' });
  assert.deepEqual(projector.ready.steps, []);
  projector.sendControl({ type: 'mark', label: '1: first step', step: 0 });
  projector.sendControl({ type: 'mark', label: '3: third step', step: 2 });
  await presenterView.waitForControl('step', 5000, (m) => m.step === 2);
  assert.deepEqual(presenterView.controls.filter((m) => m.type === 'step').map((m) => m.type === 'step' && m.step), [0, 2]);
  assert.equal(projector.controls.some((m) => m.type === 'step'), false, 'the window that typed is not told its own step');

  const reloaded = await TermClient.connect(server.url, { pane: 's11-t1' });
  assert.deepEqual(reloaded.ready.steps, [0, 2]);

  projector.sendControl({ type: 'restart' });
  const fresh = await reloaded.waitForControl('ready', 10_000, (m) => m.resumed === false);
  assert.deepEqual(fresh.steps, []);
  const badStep = projector.controls.length;
  projector.sendControl({ type: 'mark', label: 'x', step: -1 });
  const error = await projector.waitForControl('error', 5000, () => true, badStep);
  assert.match(error.message, /step, when given, must be an integer/);
  for (const client of [projector, presenterView, reloaded]) await client.close();
});

test('a stalled second presenter window does not pause the shell: it falls behind and is resynchronised', async () => {
  const projector = await TermClient.connect(server.url, { pane: 's16-t1' });
  await projector.waitFor(PROMPT);
  // A background tab: attached, never acknowledging anything.
  const forgotten = await TermClient.connect(server.url, { pane: 's16-t1', autoAck: false });
  const from = projector.text.length;
  // 6 MB of output: far past the 512 KiB that would hold the shell if the forgotten window paced it.
  projector.type('head -c 4500000 /dev/zero | base64 -w 100; echo flood-$((1+1))-done\r');
  await projector.waitFor(/flood-2-done/, 30_000, from);
  assert.ok(projector.received > 6_000_000, `the projector got ${projector.received} bytes`);
  assert.ok(forgotten.received < 3_000_000, `the forgotten window was sent ${forgotten.received} bytes`);

  // Once it reads again, it gets the screen as it is now.
  forgotten.ackAll();
  await forgotten.waitForControl('screen', 10_000);
  await forgotten.waitFor(/flood-2-done/, 10_000);

  // Typing makes a window the one that paces the shell; the other still sees everything.
  const before = projector.text.length;
  forgotten.autoAck = true;
  forgotten.ackAll();
  await forgotten.run('echo typed-$((2+3))-here', /typed-5-here/);
  await projector.waitFor(/typed-5-here/, 5000, before);
  await projector.close();
  await forgotten.close();
});

test('a viewer that fell behind on its socket buffer alone is resynchronised once it drains, with no ack or output to prompt it', async () => {
  const presenter = await TermClient.connect(server.url, { pane: 's17-t1' });
  await presenter.waitFor(PROMPT);
  const { manager } = server.service;
  const session = manager.reattach(presenter.ready.session, null)!;
  // The socket side of a viewer whose socket buffer is full: it acks everything it is sent (its
  // acks are all in), but the buffer only drains later.
  const controls: string[] = [];
  let buffered = 4 * 1024 * 1024;
  const peer = {
    sendBinary: () => {},
    sendControl: (message: { type: string }) => controls.push(message.type),
    get bufferedAmount() {
      return buffered;
    },
  };
  const viewer = manager.attach(session, 'viewer', peer, true);
  await new Promise((resolve) => setTimeout(resolve, 200)); // ready + snapshot
  await presenter.run('echo burst-$((4*4))', /burst-16/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(controls, ['ready']);
  buffered = 0;
  const deadline = Date.now() + 2000;
  while (!controls.includes('screen') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(controls, ['ready', 'screen'], 'the drained viewer was never resynchronised');
  manager.detach(viewer);
  await presenter.close();
});
