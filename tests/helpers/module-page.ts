// A blank page in Chromium running some of the client's modules on their own: `source` (TypeScript
// that imports them by path from the repository's root and puts what the test needs on `window`)
// is bundled with esbuild and added to the page, with `html` as its body.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openPage, type WatchedPage } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function openModulePage(source: string, html = ''): Promise<WatchedPage> {
  const bundle = await build({ stdin: { contents: source, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife' });
  const watched = await openPage('about:blank');
  if (html !== '') await watched.page.setContent(html);
  await watched.page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  return watched;
}
