// Issue 15, item 8 (part): a class watching one shell is normal, not a leak. Eleven windows on one
// shell (and then a hundred) print no MaxListenersExceededWarning in the teacher's terminal.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUDIENCE_TOKEN, PROMPT, TermClient, startTermServer, type TermServer } from '../integration/helpers/term-client.js';

let server: TermServer;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

before(async () => {
  server = await startTermServer();
  process.on('warning', onWarning);
});

after(async () => {
  process.off('warning', onWarning);
  await server.close();
});

test('a hundred windows on one shell: no listener warning, and every one gets the output', async () => {
  const presenter = await TermClient.connect(server.url, { pane: 'slide-3-pane-1' });
  await presenter.waitFor(PROMPT);
  const windows: TermClient[] = [];
  for (let i = 0; i < 100; i++) {
    const token = i < 10 ? undefined : AUDIENCE_TOKEN;
    windows.push(await TermClient.connect(server.url, { pane: 'slide-3-pane-1', token }));
  }
  assert.ok(windows.every((w) => w.ready.session === presenter.ready.session));
  await presenter.run('echo seen-by-$((50+50))', /seen-by-100/);
  await Promise.all(windows.map((w) => w.waitFor(/seen-by-100/)));
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(warnings, []);
  await Promise.all([presenter, ...windows].map((w) => w.close()));
});
