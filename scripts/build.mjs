// Bundles the Node side (server/main.ts and what it imports) into dist/livedeck.js. Dependencies
// stay external; one file starts faster than a tree of modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/livedeck.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
