// "Nothing left behind": background jobs, setsid, nohup and double-forked processes started in a
// session are all gone once the session ends (ended by the server, by the shell's exit, or by the
// server stopping).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROMPT, TermClient, startTermServer, type TermServer } from './helpers/term-client.js';

let server: TermServer;

before(async () => {
  server = await startTermServer();
});

after(async () => {
  await server.close();
});

/** Starts four sleepers that escape the shell in different ways; resolves with their pids. */
async function startEscapees(client: TermClient): Promise<number[]> {
  const stamp = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const args = [1000, 1001, 1002, 1003].map((n) => `${n}.${stamp}`);
  await client.waitFor(PROMPT);
  client.type(`setsid sleep ${args[0]} &\r`);
  client.type(`nohup sleep ${args[1]} >/dev/null 2>&1 &\r`);
  client.type(`(sleep ${args[2]} &)\r`);
  client.type(`sleep ${args[3]} &\r`);
  await client.run('echo started-$((1+1))', /started-2/);
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = args.map((arg) => findSleeper(arg));
    if (pids.every((pid) => pid !== undefined)) return pids as number[];
    assert.ok(Date.now() < deadline, `sleepers not all found: ${JSON.stringify(pids)}`);
    await sleep(20);
  }
}

function findSleeper(arg: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8') === `sleep\0${arg}\0`) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Running, not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
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
