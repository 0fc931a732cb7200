// "Nothing left behind": background jobs, setsid, nohup and double-forked processes started in a
// session, with or without `env -i`, are all gone once the session ends (ended by the server, by
// the shell's exit, by a restart, or by the server stopping).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeCommands, isAlive, newStamp, processesWith } from '../helpers/escapees.js';
import { PROMPT, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';

let server: TermServer;

before(async () => {
  server = await startTermServer();
});

after(async () => {
  await server.close();
});

/** Starts the eight kinds of escapees (tests/helpers/escapees.ts); resolves with their pids. */
async function startEscapees(client: TermClient): Promise<number[]> {
  const stamp = newStamp();
  await client.waitFor(PROMPT);
  for (const command of escapeCommands((kind) => `1000.${stamp}${kind}`)) client.type(`${command}\r`);
  await client.run('echo started-$((1+1))', /started-2/);
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = processesWith(stamp);
    if (pids.length === 8) return pids;
    assert.ok(Date.now() < deadline, `escapees not all found: ${pids.length} of 8`);
    await sleep(20);
  }
}

async function waitUntilDead(pids: number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive)) {
    assert.ok(Date.now() < deadline, `still alive: ${pids.filter(isAlive).join(' ')}`);
    await sleep(20);
  }
}

test('ending a session kills everything it started', async (t) => {
  const client = await TermClient.connect(server.url);
  const pids = await startEscapees(client);
  assert.ok(pids.every(isAlive));
  const session = server.service.manager.reattach(client.ready.session, null);
  assert.ok(session);
  const start = performance.now();
  await server.service.manager.end(session);
  t.diagnostic(`session ended in ${(performance.now() - start).toFixed(0)} ms`);
  assert.deepEqual(pids.filter(isAlive), []);
  assert.equal((await client.waitForControl('exit')).type, 'exit');
  await client.close();
});

test('the shell exiting kills everything it started', async () => {
  const client = await TermClient.connect(server.url);
  const pids = await startEscapees(client);
  client.type('exit\r');
  await client.waitForControl('exit');
  await waitUntilDead(pids, 3000);
  await client.close();
});

test('a restart kills everything the old shell started', async () => {
  const client = await TermClient.connect(server.url);
  const pids = await startEscapees(client);
  const from = client.text.length;
  client.sendControl({ type: 'restart' });
  await client.waitForControl('ready', 10_000, (ready) => ready.session === client.ready.session, client.controls.length);
  assert.deepEqual(pids.filter(isAlive), []);
  await client.waitFor(PROMPT, 5000, from);
  await client.close();
});

test('stopping the server kills every session', async () => {
  const own = await startTermServer();
  const clients = await Promise.all([TermClient.connect(own.url), TermClient.connect(own.url)]);
  const pids = (await Promise.all(clients.map(startEscapees))).flat();
  await own.close();
  assert.deepEqual(pids.filter(isAlive), []);
  for (const client of clients) {
    assert.equal((await client.closed).code, 1001);
  }
});
