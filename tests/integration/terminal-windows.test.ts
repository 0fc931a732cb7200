// Several windows on one shell, as in a lecture: the projector, the presenter view and students'
// screens name the same deck pane and get the same session; a demo step asked for from any window
// is typed once, by the server, and every window hears of it; the window the teacher uses paces the shell, and a stalled
// second presenter window neither stalls it nor piles output up: it is resynchronised instead.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PaneStep } from '../../common/deck.js';
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

/** An inline step of a deck pane (a plain shell). */
function step(command: string): PaneStep {
  return { command, caption: null, enter: true, keys: null, wait: null, pause: 0 };
}

/** How often `output` shows in `text` (the commands' echoes never hold their output). */
function count(text: string, output: string): number {
  return text.split(output).length - 1;
}

test('the server types a step once per shell, whichever window asks; every window hears of it; "next" while one types finishes it at once; a restart forgets', async () => {
  // Step 2 takes over 4 s to type key by key (35 ms a key).
  const long = `echo two-$((1+1)) ${'x'.repeat(100)}`;
  server.service.manager.setDeck(new Map([['s11-t1', 10]]), new Map([['s11-t1', [step('echo one-$((0+1))'), step(long), step('echo three-$((1+2))')]]]));
  const projector = await TermClient.connect(server.url, { pane: 's11-t1' });
  const presenterView = await TermClient.connect(server.url, { pane: 's11-t1' });
  const student = await TermClient.connect(server.url, { pane: 's11-t1', token: AUDIENCE_TOKEN });
  await projector.waitFor(PROMPT);
  assert.deepEqual([projector.ready.steps, projector.ready.typing], [[], null]);

  // Both presenter windows ask for step 1 (the projector and the presenter view reach it together).
  projector.sendControl({ type: 'play', step: 0 });
  presenterView.sendControl({ type: 'play', step: 0 });
  await student.waitForControl('step', 15_000, (m) => m.step === 0 && m.state === 'done');

  projector.sendControl({ type: 'play', step: 1 });
  await projector.waitForControl('step', 5000, (m) => m.step === 1 && m.state === 'typing');
  const late = await TermClient.connect(server.url, { pane: 's11-t1' });
  assert.deepEqual([late.ready.steps, late.ready.typing], [[0], 1], 'a window opened meanwhile is told what is done and what types');
  // "next" again: step 2's remaining keys go at once, then step 3 is typed.
  const asked = performance.now();
  presenterView.sendControl({ type: 'play', step: 2 });
  await student.waitForControl('step', 15_000, (m) => m.step === 1 && m.state === 'done');
  const finished = performance.now() - asked;
  assert.ok(finished < 3000, `step 2 finished ${Math.round(finished)} ms after step 3 was asked for (over 4 s key by key)`);
  await student.waitForControl('step', 15_000, (m) => m.step === 2 && m.state === 'done');
  await projector.waitFor(/three-3\r?\n/);

  for (const client of [projector, presenterView, student]) {
    const steps = client.controls.filter((m) => m.type === 'step').map((m) => m.type === 'step' && `${m.step + 1} ${m.state}`);
    assert.deepEqual(steps, ['1 typing', '1 done', '2 typing', '2 done', '3 typing', '3 done']);
  }
  assert.deepEqual([count(projector.text, 'one-1'), count(projector.text, `two-2 ${'x'.repeat(100)}`), count(projector.text, 'three-3')], [1, 1, 1]);

  const reloaded = await TermClient.connect(server.url, { pane: 's11-t1' });
  assert.deepEqual([reloaded.ready.steps, reloaded.ready.typing], [[0, 1, 2], null]);
  const before = reloaded.text.length;
  reloaded.sendControl({ type: 'play', step: 0 });
  reloaded.sendControl({ type: 'play', step: 3 });
  const error = await reloaded.waitForControl('error', 5000);
  assert.equal(error.code, 'bad-message');
  assert.match(error.message, /step 4 does not exist: this pane has 3 steps/);
  await reloaded.run('echo after-$((5*5))', /after-25/);
  assert.equal(count(reloaded.text.slice(before), 'one-1'), 0, 'a step done is not typed again');

  projector.sendControl({ type: 'restart' });
  const fresh = await reloaded.waitForControl('ready', 10_000, (m) => m.resumed === false);
  assert.deepEqual([fresh.steps, fresh.typing], [[], null]);
  await reloaded.waitFor(PROMPT, 5000, reloaded.textBefore(fresh));
  await reloaded.play(0);
  await reloaded.waitFor(/one-1\r?\n/, 5000, reloaded.textBefore(fresh));
  for (const client of [projector, presenterView, student, late, reloaded]) await client.close();
});

test('steps asked for after a step that ends the shell are not typed; once it has exited, play is refused', async () => {
  server.service.manager.setDeck(new Map([['s13-t1', 12]]), new Map([['s13-t1', [step('exit 3'), step('echo never-$((1+1))')]]]));
  const projector = await TermClient.connect(server.url, { pane: 's13-t1' });
  await projector.waitFor(PROMPT);
  projector.sendControl({ type: 'play', step: 0 });
  projector.sendControl({ type: 'play', step: 1 });
  const exit = await projector.waitForControl('exit', 15_000);
  assert.equal(exit.code, 3);
  const before = projector.controls.length;
  projector.sendControl({ type: 'play', step: 1 });
  const error = await projector.waitForControl('error', 5000, () => true, before);
  assert.equal(error.code, 'no-session');
  assert.match(error.message, /the shell has exited: step 2 not typed/);
  assert.doesNotMatch(projector.text, /never-2/);
  assert.equal(projector.controls.some((m) => m.type === 'step' && m.step === 1), false);
  await projector.close();
});

test('"next" after a command that hangs: its step ends 3 s later, not after the 30 s timeout, and the next one is typed', async () => {
  server.service.manager.setDeck(new Map([['s14-t1', 13]]), new Map([['s14-t1', [step('sleep 60'), step('echo after')]]]));
  const projector = await TermClient.connect(server.url, { pane: 's14-t1' });
  await projector.waitFor(PROMPT);
  projector.sendControl({ type: 'play', step: 0 });
  const typed = (await projector.waitFor(/sleep 60\r\n/, 5000)).index!;
  const asked = performance.now();
  projector.sendControl({ type: 'play', step: 1 });
  await projector.waitForControl('step', 10_000, (m) => m.step === 0 && m.state === 'done');
  const waited = performance.now() - asked;
  assert.ok(waited >= 2900 && waited < 6000, `step 1 ended ${Math.round(waited)} ms after step 2 was asked for`);
  await projector.waitForControl('step', 5000, (m) => m.step === 1 && m.state === 'typing');
  // Typed ahead while `sleep` holds the terminal, as the teacher asked.
  await projector.waitFor(/echo after/, 5000, typed);
  await projector.close();
});

test('a first step asked for while the teacher has half a line typed goes after 3 s, and the presenters are told why', async () => {
  server.service.manager.setDeck(new Map([['s15-t1', 14]]), new Map([['s15-t1', [step('echo first')]]]));
  const projector = await TermClient.connect(server.url, { pane: 's15-t1' });
  await projector.waitFor(PROMPT);
  projector.type('# half a line');
  await projector.waitFor(/# half a line/);
  const asked = performance.now();
  projector.sendControl({ type: 'play', step: 0 });
  const error = await projector.waitForControl('error', 10_000);
  assert.equal(error.code, 'step-failed');
  assert.match(error.message, /no prompt at the cursor within 3 s; typing step 1 anyway/);
  await projector.waitForControl('step', 10_000, (m) => m.step === 0 && m.state === 'done');
  const waited = performance.now() - asked;
  assert.ok(waited >= 2900 && waited < 8000, `step 1 done ${Math.round(waited)} ms after it was asked for`);
  await projector.close();
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
