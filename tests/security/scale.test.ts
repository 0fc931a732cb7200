// Issue 15, item 8: cost in proportion to the deck. `check` was quadratic (positionOf rescanned the
// source from its start for every slide: 10 000 slides took 29 s); `dev` watched the deck's whole
// folder recursively, so a deck beside node_modules/ put a watch on each of its folders.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileDeckSource } from '../../server/deck/compile.js';
import { DevServer } from '../../server/http/dev-server.js';
import { ROOT } from '../helpers/cli.js';

/** A deck of `count` slides, each with a fragment and notes, as `check` sees it. */
function deckOf(count: number): string {
  const slides = Array.from({ length: count }, (_, i) => `## Slide ${i}\n\n- point ${i}\n- more <!-- .element: class="fragment" -->\n\nNote:\nnote ${i}\n`);
  return `---\ntitle: Big\n---\n\n${slides.join('\n---\n\n')}`;
}

/** CPU seconds spent compiling (CPU, not wall time: the machine may be shared). */
async function compileSeconds(count: number): Promise<number> {
  const source = deckOf(count);
  const before = process.cpuUsage();
  const deck = await compileDeckSource(source, join(tmpdir(), 'big.md'), { demosDir: null });
  const used = process.cpuUsage(before);
  assert.equal(deck.slides.length, count);
  return (used.user + used.system) / 1e6;
}

test('compiling is linear in the deck: 10 000 slides in under 2 s, 4 times 2500 slides\' time at most 6 times', async () => {
  await compileSeconds(500); // warm: marked and the compiler are compiled by V8 once
  const small = await compileSeconds(2500);
  const large = await compileSeconds(10_000);
  assert.ok(large < 2, `10 000 slides: ${large.toFixed(2)} s`);
  // Linear is 4x; the quadratic compiler was 16x and more.
  assert.ok(large / small < 6, `2500 slides ${small.toFixed(2)} s, 10 000 slides ${large.toFixed(2)} s`);
});

/** inotify watches this process holds, from /proc (what the kernel counts, whatever Node does). */
function inotifyWatches(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      count += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // a descriptor closed meanwhile
    }
  }
  return count;
}

test('a deck beside a node_modules of 1000 folders: dev watches what the deck uses, not them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-watch-'));
  cpSync(join(ROOT, 'tests', 'fixtures', 'decks'), dir, { recursive: true });
  for (let i = 0; i < 100; i++) {
    for (let j = 0; j < 10; j++) mkdirSync(join(dir, 'node_modules', `package-${i}`, `folder-${j}`), { recursive: true });
  }
  writeFileSync(join(dir, 'node_modules', 'package-0', 'index.js'), '');
  const baseline = inotifyWatches();
  const server = new DevServer({ deck: join(dir, 'basic.md'), host: '127.0.0.1', port: 0, token: null, watch: true, log: () => {} });
  try {
    await server.start();
    const watches = inotifyWatches() - baseline;
    // The deck's folder, its figures' folder, livedeck's client/, theme/ and common/ (and theirs).
    assert.ok(watches > 0 && watches < 100, `${watches} inotify watches`);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
