#!/usr/bin/env node
// Starts the bundled CLI. dist/ is built by `npm install` (the prepare script) and `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/livedeck.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('livedeck: dist/livedeck.js is missing; run `npm run build` (npm install does it too).\n');
  process.exit(1);
}
await import(entry.href);
