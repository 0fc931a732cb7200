// The next start sweeps what launches that died left (server-stop.test.ts shows it), acting on the
// state files of the user's private folder: a state file naming a folder a launch would never
// make, or written from another pid namespace, is left alone, and so is the folder it names.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDev } from '../helpers/cli.js';

const STATE_DIR = join(tmpdir(), `livedeck-launches-${userInfo().uid}`);

test('a planted state file cannot make the sweep remove a folder; a dead launch\'s own one is swept', async () => {
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const victim = mkdtempSync(join(tmpdir(), 'not-livedeck-'));
  writeFileSync(join(victim, 'precious.txt'), 'keep me');
  const namespace = readlinkSync('/proc/self/ns/pid');
  const dead = { pid: 2 ** 22 + 7, startTime: '1', pidNamespace: namespace, cgroup: null };
  const lookalike = mkdtempSync(join(tmpdir(), 'livedeck-'));
  const planted = {
    // A folder of another shape, and a launch's folder under another pid namespace.
    [join(STATE_DIR, '111111111.json')]: { ...dead, markerPrefix: '111111111', workDir: victim },
    [join(STATE_DIR, '222222222.json')]: { ...dead, markerPrefix: '222222222', workDir: lookalike, pidNamespace: 'pid:[1]' },
  };
  // What a launch that died really leaves.
  const leftover = mkdtempSync(join(tmpdir(), 'livedeck-'));
  const real = join(STATE_DIR, '333333333.json');
  for (const [file, record] of [...Object.entries(planted), [real, { ...dead, markerPrefix: '333333333', workDir: leftover }] as const]) {
    writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  }
  const server = await startDev(['tests/fixtures/live-terminal/live.md', '--no-record']);
  try {
    const deadline = Date.now() + 5000;
    while (existsSync(real) || existsSync(leftover)) {
      assert.ok(Date.now() < deadline, 'the dead launch was not swept');
      await sleep(25);
    }
    assert.equal(readFileSync(join(victim, 'precious.txt'), 'utf8'), 'keep me');
    assert.ok(existsSync(lookalike));
    for (const file of Object.keys(planted)) assert.ok(existsSync(file), `${file} is not acted on`);
  } finally {
    await server.stop();
    for (const file of Object.keys(planted)) unlinkSync(file);
    rmSync(victim, { recursive: true, force: true });
    rmSync(lookalike, { recursive: true, force: true });
  }
});
