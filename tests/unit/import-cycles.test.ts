// Pins the import graph of server/, client/ and common/ (issue 16): no file imports itself through
// others, and no folder of server/ or of client/ (the top-level files of each counting as one)
// imports itself through other folders, so each folder can be read knowing only those below it. Read from the sources,
// as the compiler resolves them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Static imports and re-exports, and dynamic import() of a relative path. */
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** Each file of server/, client/ and common/, and the files of those it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ['server', 'client', 'common'].flatMap(sourceFiles)) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => posix.normalize(posix.join(posix.dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** A cycle of the graph as "a -> b -> a", or null. */
function findCycle(graph: Map<string, string[]>): string | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next].join(' -> ');
      if (!state.has(next) && graph.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const found = state.has(node) ? null : visit(node);
    if (found) return found;
  }
  return null;
}

/** The graph of the folders under `top` (server or client), each top-level file of `top` counting
 * as the folder `top`: a folder imports another when one of its files imports one of the other's. */
function folderGraph(graph: Map<string, string[]>, top: string): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (!file.startsWith(`${top}/`)) continue;
    const from = dirname(file);
    const out = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (target.startsWith(`${top}/`) && dirname(target) !== from) out.add(dirname(target));
    folders.set(from, out);
  }
  return new Map([...folders].map(([folder, out]) => [folder, [...out]]));
}

test('no file of server/, client/ or common/ imports itself through others', () => {
  const graph = importGraph();
  assert.ok(graph.has('server/casts/site-casts.ts') && graph.get('server/export/print-panes.ts')!.includes('server/casts/screen-cache.ts'), 'the graph is read');
  assert.equal(findCycle(graph), null);
});

test('no folder of server/ imports itself through other folders', () => {
  const folders = folderGraph(importGraph(), 'server');
  assert.ok(folders.has('server') && folders.get('server/build')!.includes('server/deck'), 'the folder graph is read');
  assert.equal(findCycle(folders), null);
});

test('no folder of client/ imports itself through other folders', () => {
  const folders = folderGraph(importGraph(), 'client');
  assert.ok(folders.has('client') && folders.get('client/presenter')!.includes('client/terminal'), 'the folder graph is read');
  assert.equal(findCycle(folders), null);
});

test('the cycle finder finds a cycle', () => {
  assert.equal(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), 'a -> b -> c -> a');
});
