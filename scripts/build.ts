// `npm run build` (also run by npm install): bundles the Node side into dist/livedeck.js and the
// browser side into dist/assets. Dependencies stay external to the CLI bundle; code behind a
// dynamic import() goes to its own chunk, so a command loads only what it uses.
// The bundles are written aside and swapped in at the end, so a CLI or a test already running from
// dist/ (another build, a test run beside it) never finds it half-written or gone.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrebuiltAssets } from '../server/assets/client-bundle.js';

const out = `dist.${process.pid}.tmp`;
rmSync(out, { recursive: true, force: true });
await build({
  // The recording thread's script is an entry of its own: a Worker loads it by file name.
  entryPoints: { livedeck: 'server/commands/main.ts', 'cast-worker': 'server/recording/cast-worker.ts' },
  outdir: out,
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
await writePrebuiltAssets(join(out, 'assets'));
const old = `dist.${process.pid}.old`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
