// requireWithCodeCache against a real CommonJS package in a scratch folder, each load in a fresh
// node (a process loads a module once): the package works the same from a cold cache, a warm one
// and a damaged one, and only the package's own files are compiled through the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const CODE_CACHE = new URL('../../server/code-cache.ts', import.meta.url).href;

/** Loads `pkg` from `root` with the code cache in `cache`, in a new node; returns what it printed. */
function load(root: string, cache: string): string {
  const code = `const { requireWithCodeCache } = await import(${JSON.stringify(CODE_CACHE)});
    const pkg = requireWithCodeCache('pkg', ${JSON.stringify(pathToFileURL(join(root, 'main.js')).href)}, ${JSON.stringify(cache)});
    process.stdout.write(JSON.stringify({ answer: pkg.answer(), helper: pkg.helper, dirname: pkg.dirname, other: pkg.other }));`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

test('a package loads the same from a cold, a warm and a damaged code cache', (t) => {
  const root = scratchDir(t, 'livedeck-code-cache-');
  const pkg = join(root, 'node_modules', 'pkg');
  const other = join(root, 'node_modules', 'other');
  mkdirSync(join(pkg, 'lib'), { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name": "pkg", "main": "index.js"}');
  // require (relative and of another package), module, exports, __dirname: what node gives a module.
  writeFileSync(join(pkg, 'index.js'), [
    "const helper = require('./lib/helper');",
    "module.exports = { answer: () => helper.twice(21), helper: helper.name, dirname: require('path').basename(__dirname), other: require('other') };",
  ].join('\n'));
  writeFileSync(join(pkg, 'lib', 'helper.js'), "exports.twice = (n) => n * 2; exports.name = 'helper';");
  writeFileSync(join(other, 'package.json'), '{"name": "other", "main": "index.js"}');
  writeFileSync(join(other, 'index.js'), "module.exports = 'not cached';");
  const cache = join(root, 'cache');
  const expected = JSON.stringify({ answer: 42, helper: 'helper', dirname: 'pkg', other: 'not cached' });

  assert.equal(load(root, cache), expected, 'cold');
  const files = readdirSync(cache);
  if (files.every((name) => name.endsWith('.bin'))) {
    // Node 20's path (Node >= 22.1 keeps its own layout): one entry per file of the package.
    assert.equal(files.length, 2, 'index.js and lib/helper.js, not the other package');
  }
  assert.equal(load(root, cache), expected, 'warm');
  for (const name of files.filter((f) => f.endsWith('.bin'))) writeFileSync(join(cache, name), 'not V8 code cache data');
  assert.equal(load(root, cache), expected, 'damaged');
  for (const name of files.filter((f) => f.endsWith('.bin'))) assert.ok(statSync(join(cache, name)).size > 'not V8 code cache data'.length, `${name} written anew`);
});
