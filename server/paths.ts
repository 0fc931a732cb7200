// Where livedeck's own files are, whether it runs from source (server/**/*.ts) or from the bundled
// CLI (dist/livedeck.js and its chunks): the package root is the nearest folder above this module
// holding livedeck's package.json.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'livedeck') return dir;
    if (dirname(dir) === dir) throw new Error(`livedeck: cannot find its package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const CLIENT_ENTRY = join(PACKAGE_ROOT, 'client', 'main.ts');
export const THEME_DIR = join(PACKAGE_ROOT, 'theme');
export const CLIENT_DIR = join(PACKAGE_ROOT, 'client');
export const COMMON_DIR = join(PACKAGE_ROOT, 'common');
/** The course deck, presented by `npm start` and the default of every command. */
export const DEFAULT_DECK = 'slides/virtualisation.md';
