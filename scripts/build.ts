// `npm run build` (also run by npm install): bundles the Node side into dist/livedeck.js and the
// browser side into dist/assets. Dependencies stay external to the CLI bundle; code behind a
// dynamic import() goes to its own chunk, so a command loads only what it uses.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { writePrebuiltAssets } from '../server/client-bundle.js';

rmSync('dist', { recursive: true, force: true });
await build({
  // The recording thread's script is an entry of its own: a Worker loads it by file name.
  entryPoints: { livedeck: 'server/main.ts', 'cast-worker': 'server/recording/cast-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await writePrebuiltAssets();
