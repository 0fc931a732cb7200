// Pins the import graph of server/, client/ and common/ (issue 16): no file imports itself through
// others, and the folders untangled there stay so: build/ (the static site), export/ (the PDF) and
// casts/ (a pane's recording and its screens, used by both and by dev) do not import each other
// both ways, even through other folders. Read from the sources, as the compiler resolves them.
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

/** The graph of folders. The top-level files of server/ (cli.ts, errors.ts, paths.ts, ...) count
 * each on its own: as one folder they make server -> server/commands -> server, not fixed yet. */
function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const node = (file: string) => (dirname(file) === 'server' ? file : dirname(file));
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = node(file);
    const out = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (node(target) !== from) out.add(node(target));
    folders.set(from, out);
  }
  return new Map([...folders].map(([folder, out]) => [folder, [...out]]));
}

function reaches(graph: Map<string, string[]>, from: string, to: string): string[] | null {
  const seen = new Map<string, string>([[from, '']]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === to) {
      const path = [to];
      for (let at = to; at !== from; at = seen.get(at)!) path.unshift(seen.get(at)!);
      return path;
    }
    for (const next of graph.get(node) ?? []) if (!seen.has(next)) { seen.set(next, node); queue.push(next); }
  }
  return null;
}

test('no file of server/, client/ or common/ imports itself through others', () => {
  const graph = importGraph();
  assert.ok(graph.has('server/casts/site-casts.ts') && graph.get('server/export/print-panes.ts')!.includes('server/casts/screen-cache.ts'), 'the graph is read');
  assert.equal(findCycle(graph), null);
});

test('build/, export/ and casts/ do not import each other both ways, even through other folders', () => {
  const folders = folderGraph(importGraph());
  const pairs = [
    ['server/build', 'server/export'],
    ['server/casts', 'server/build'],
    ['server/casts', 'server/export'],
    ['server/casts', 'server/http'],
    ['server/casts', 'server/recording'],
    ['server/export', 'server/recording'],
    ['server/export', 'server/http'],
    ['server/deck', 'server/demos'],
  ];
  for (const [a, b] of pairs) {
    const there = reaches(folders, a!, b!);
    const back = reaches(folders, b!, a!);
    assert.ok(there === null || back === null, `${there?.join(' -> ')} and ${back?.join(' -> ')}`);
  }
});

test('the cycle finder finds a cycle', () => {
  assert.equal(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), 'a -> b -> c -> a');
  assert.deepEqual(reaches(new Map([['a', ['b']], ['b', ['c']]]), 'a', 'c'), ['a', 'b', 'c']);
});
