// `livedeck build`: the deck as a self-contained folder that works from file:// and from any
// static host: index.html (static mode: no reload stream, no token, panes replay recordings),
// livedeck's assets in _livedeck/, the deck's own files (images other than the inlined SVGs) and
// the demos' recordings in casts/ (each as recorded, and cut into the segments the player loads).
// Written as site-folder.ts writes every site: aside, then renamed into place.

import { resolve } from 'node:path';
import { compileDeck } from '../deck/compile.js';
import { renderPage } from '../deck/page.js';
import { formatWarning } from '../deck/warnings.js';
import { findDemosDir, RECORDING_FILE, shownDemoFile } from '../demos/layout.js';
import { LivedeckError } from '../errors.js';
import { pageFiles } from '../deck/page-files.js';
import { SCREEN_CACHE_DIR } from '../casts/screen-cache.js';
import { addScreens, collectCasts } from '../casts/site-casts.js';
import { checkTarget, folderSize, SITE_ASSETS, siteAssets, writeSite } from './site-folder.js';

export interface BuildOptions {
  deck: string;
  /** The site's folder; replaced if it holds a previous build. */
  out: string;
  /** Warnings (a demo with no recording, a remote image). */
  warn: (line: string) => void;
}

export interface BuildSummary {
  out: string;
  slides: number;
  panes: number;
  /** Recordings included, and demos that have none. */
  casts: number;
  missing: string[];
  files: number;
  bytes: number;
}

export async function buildStaticSite(options: BuildOptions): Promise<BuildSummary> {
  const out = resolve(options.out);
  const compiled = await compileDeck(options.deck);
  for (const warning of compiled.warnings) options.warn(formatWarning(warning));
  checkTarget(out, compiled.baseDir, 'deck');
  const { deck, casts, missing } = collectCasts(compiled, findDemosDir(compiled.baseDir));
  await addScreens(casts, SCREEN_CACHE_DIR);
  for (const demo of missing) {
    options.warn(`warning: demo ${demo} has no recording (${shownDemoFile(demo, RECORDING_FILE)}): its pane will show its steps only; `
      + `record it with: livedeck record ${demo}`);
  }
  const html = renderPage(deck, { assets: SITE_ASSETS, mode: 'static' });

  // The generated files, by path in the site.
  const files = new Map<string, Uint8Array | string>([['index.html', html], ['.nojekyll', '']]);
  for (const [path, contents] of await siteAssets(new Set(deck.meta.revealTheme ? [deck.meta.revealTheme] : []))) files.set(path, contents);
  for (const cast of casts.values()) {
    files.set(cast.ref.file, cast.text);
    for (const [path, script] of cast.scripts) files.set(path, script);
  }
  // The deck's own files the page loads (images, stylesheets and what they load: fonts,
  // backgrounds); anything else it names must be one of ours.
  const loaded = pageFiles(html, deck.baseDir, SITE_ASSETS);
  for (const { url, from } of loaded.remote) {
    options.warn(`warning: ${from ?? 'the page'} loads ${url} from another site: it will be missing offline`);
  }
  const copies = new Map<string, string>();
  for (const file of loaded.files) {
    if (files.has(file.path)) continue;
    if (file.from === null && (file.rooted || file.source === null)) {
      throw new LivedeckError('build-missing-file', `the page loads "${file.ref}", which is not a file of the deck's folder ${deck.baseDir}`, {
        hint: 'keep the files a deck uses (images, videos) in its folder, and check the path',
      });
    }
    // A stylesheet's reference to nothing is a 404 in dev too (often a leftover that nothing
    // uses): a warning, not a failed build.
    if (file.source === null) {
      options.warn(`warning: ${file.from} loads "${file.ref}", which is not a file of the deck's folder ${deck.baseDir}: it will be missing from the site`);
      continue;
    }
    if (file.rooted) {
      options.warn(`warning: ${file.from} loads "${file.ref}" from the site's root: it will be missing from file:// and from a site not at a host's root; `
        + 'make it relative to the stylesheet');
    }
    copies.set(file.path, file.source);
  }

  await writeSite(out, files, copies);

  const panes = deck.slides.reduce((n, slide) => n + slide.terminals.length, 0);
  const written = folderSize(out);
  return {
    out,
    slides: deck.slides.length,
    panes,
    casts: casts.size,
    missing,
    files: written.files,
    bytes: written.bytes,
  };
}

