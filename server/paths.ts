// Where livedeck's own files are, whether it runs from source (server/*.ts) or from the bundled
// CLI (dist/livedeck.js): both sit one folder below the package root.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLIENT_ENTRY = join(PACKAGE_ROOT, 'client', 'main.ts');
export const THEME_DIR = join(PACKAGE_ROOT, 'theme');
export const CLIENT_DIR = join(PACKAGE_ROOT, 'client');
export const COMMON_DIR = join(PACKAGE_ROOT, 'common');
/** The course deck, presented by `npm start` and the default of every command. */
export const DEFAULT_DECK = 'slides/virtualisation.md';
