// Issue 15, item 6: a deck with more panes than the old fixed 16 runs live, `check` warns when a
// deck has more panes than the server will run, and shells nobody looks at whose slide is far from
// the presenters' are reclaimed (to make room at the limit, or after a while).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { runCli, startDev } from '../helpers/cli.js';
import { isAlive } from '../helpers/escapees.js';
import { PROMPT, TermClient, startTermServer } from '../integration/helpers/term-client.js';

const folder = mkdtempSync(join(tmpdir(), 'livedeck-limit-test-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A deck of `count` slides, each with one pane of inline steps (a shell each, live). */
function deckWithPanes(count: number): string {
  const slides = Array.from({ length: count }, (_, i) => `## Slide ${i + 1}\n\n\`\`\`terminal\necho pane-${i + 1}\n\`\`\`\n`);
  const file = join(folder, `panes-${count}.md`);
  writeFileSync(file, `---\ntitle: Panes\n---\n\n${slides.join('\n---\n\n')}`);
  return file;
}

test('a deck of 24 panes gets a shell for each, live (the 17th was refused)', async () => {
  const server = await startDev([deckWithPanes(24), '--no-record']);
  const url = new URL(server.url);
  const sockets: WebSocket[] = [];
  try {
    const outcomes = await Promise.all(Array.from({ length: 24 }, async (_, i) => {
      const ws = new WebSocket(`ws://${url.host}/term`, { origin: `http://${url.host}` });
      sockets.push(ws);
      ws.on('error', () => {});
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'hello', token: server.presenterToken, demo: null, pane: `s${i + 1}-t1`, session: null, cols: 80, rows: 24 }));
      return new Promise<string>((resolve) => {
        ws.on('message', (data, isBinary) => {
          if (!isBinary && (JSON.parse(data.toString()) as { type: string }).type === 'ready') resolve('ready');
        });
        ws.once('close', (code, reason) => resolve(`closed ${code} ${reason.toString()}`));
      });
    }));
    assert.deepEqual(outcomes.filter((o) => o !== 'ready'), []);
  } finally {
    for (const ws of sockets) ws.close();
    await server.stop();
  }
});

test('check warns when a deck has more panes than livedeck dev runs at once', () => {
  const quiet = runCli(['check', deckWithPanes(20)]);
  assert.equal(quiet.status, 0);
  assert.doesNotMatch(quiet.stderr, /warning/);
  const many = runCli(['check', deckWithPanes(70)]);
  assert.equal(many.status, 0, many.stderr);
  // Points at the slide of the first pane beyond the limit.
  assert.match(many.stderr, /panes-70\.md:\d+:1: warning: this slide's terminal pane is the 65th with a shell; livedeck dev runs 64 at once/);
  assert.match(many.stderr, /hint: past that, a shell makes room when its slide is 3 or more slides from the presenters'/);
});

test('at the limit, a far shell without a window makes room; a near one or one with a window never does', async () => {
  const server = await startTermServer({ maxSessions: 4, reclaim: { distance: 3, atLimitMs: 200, idleMs: 60_000, everyMs: 50 } });
  const manager = server.service.manager;
  try {
    manager.setDeck(new Map(Array.from({ length: 30 }, (_, i) => [`s${i + 1}-t1`, i])));
    manager.setPosition(10);
    const open = async (slide: number) => {
      const client = await TermClient.connect(server.url, { pane: `s${slide + 1}-t1` });
      await client.waitFor(PROMPT);
      const [, pid] = await client.run('echo "pid:$$"', /pid:(\d+)\r\n/);
      return { client, pid: Number(pid) };
    };
    const far = await open(0);
    const farWatched = await open(1);
    const near = await open(9);
    await open(10);
    await far.client.close();
    await near.client.close();
    await sleep(300);

    const fifth = await open(11); // the limit: slide 0's shell, far and alone, made room
    assert.equal(isAlive(far.pid), false, "the far shell without a window was reclaimed");
    assert.ok(isAlive(farWatched.pid), 'a far shell with a window stays');
    assert.ok(isAlive(near.pid), 'a near shell without a window stays');

    const refused = await TermClient.connect(server.url, { pane: 's13-t1' }).then(() => 'ready', (error: Error) => error.message);
    assert.match(refused, /4429 too many terminal sessions/);

    // Coming back to the reclaimed pane: a fresh shell (making room again, from slide 9's).
    manager.setPosition(1);
    const back = await open(0);
    assert.equal(back.client.ready.resumed, false);
    assert.notEqual(back.pid, far.pid);
    assert.ok(isAlive(fifth.pid));
  } finally {
    await server.close();
  }
});

test('a far shell without a window for a while is ended, with nothing asked', async () => {
  const server = await startTermServer({ reclaim: { distance: 3, atLimitMs: 200, idleMs: 300, everyMs: 50 } });
  const manager = server.service.manager;
  try {
    manager.setDeck(new Map([['s1-t1', 0], ['s2-t1', 1], ['s9-t1', 8]]));
    manager.setPosition(1);
    const pids: number[] = [];
    for (const pane of ['s1-t1', 's9-t1']) {
      const client = await TermClient.connect(server.url, { pane });
      await client.waitFor(PROMPT);
      pids.push(Number((await client.run('echo "pid:$$"', /pid:(\d+)\r\n/))[1]));
      await client.close();
    }
    await sleep(600);
    assert.ok(isAlive(pids[0]!), 'slide 1 is next to the presenters: kept');
    assert.equal(isAlive(pids[1]!), false, 'slide 9 is far: ended');
    manager.setPosition(6);
    const deadline = Date.now() + 3000;
    while (isAlive(pids[0]!)) {
      assert.ok(Date.now() < deadline, 'slide 1, now far, is ended too');
      await sleep(25);
    }
  } finally {
    await server.close();
  }
});
