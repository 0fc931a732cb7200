// `livedeck build`: the deck as a self-contained folder that works from file:// and from any
// static host: index.html (static mode: no reload stream, no token, panes replay recordings),
// livedeck's assets in _livedeck/, the deck's own files (images other than the inlined SVGs) and
// the demos' recordings in casts/ (each as recorded, and cut into the segments the player loads). Built in a temp folder beside the target and renamed into place
// at the end, so a failed build leaves the previous site as it was.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { clientAssets } from '../assets/client-bundle.js';
import { compileDeck } from '../deck/compile.js';
import { renderPage } from '../deck/page.js';
import { formatWarning } from '../deck/warnings.js';
import { findDemosDir, RECORDING_FILE, shownDemoFile } from '../demos/layout.js';
import { describeFsError, makeFolders } from '../output-path.js';
import { LivedeckError } from '../errors.js';
import { pageReferences } from '../deck/page-references.js';
import { SCREEN_CACHE_DIR } from '../casts/screen-cache.js';
import { addScreens, collectCasts } from '../casts/site-casts.js';

const SITE_ASSETS = '_livedeck/';

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
  checkTarget(out, compiled.baseDir);
  const { deck, casts, missing } = collectCasts(compiled, findDemosDir(compiled.baseDir));
  await addScreens(casts, SCREEN_CACHE_DIR);
  for (const demo of missing) {
    options.warn(`warning: demo ${demo} has no recording (${shownDemoFile(demo, RECORDING_FILE)}): its pane will show its steps only; `
      + `record it with: livedeck record ${demo}`);
  }
  const html = renderPage(deck, { assets: SITE_ASSETS, mode: 'static' });

  // The generated files, by path in the site.
  const files = new Map<string, Uint8Array | string>([['index.html', html], ['.nojekyll', '']]);
  for (const [name, contents] of await clientAssets()) {
    // The presenter view needs the live server; of reveal.js's themes, the page uses one at most.
    if (!name.startsWith('presenter.') && !(name.startsWith('themes/') && name !== `themes/${deck.meta.revealTheme}.css`)) files.set(`${SITE_ASSETS}${name}`, contents);
  }
  for (const cast of casts.values()) {
    files.set(cast.ref.file, cast.text);
    for (const [path, script] of cast.scripts) files.set(path, script);
  }
  // The deck's own files the page loads (images); anything else it names must be one of ours.
  const references = pageReferences(html);
  for (const url of references.remote) {
    options.warn(`warning: the page loads ${url} from another site: it will be missing offline`);
  }
  const copies = new Map<string, string>();
  for (const path of references.local) {
    if (files.has(path)) continue;
    const source = resolve(deck.baseDir, path);
    if (!isInside(source, deck.baseDir) || !existsSync(source) || !statSync(source).isFile()) {
      throw new LivedeckError('build-missing-file', `the page loads "${path}", which is not a file of the deck's folder ${deck.baseDir}`, {
        hint: 'keep the files a deck uses (images, videos) in its folder, and check the path',
      });
    }
    copies.set(path, source);
  }

  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  const refuse = (reason: string) => new LivedeckError('build-bad-out', `cannot build into ${out}: ${reason}`, { hint: 'name a folder you can write to, e.g. --out site' });
  await makeFolders(dirname(out), refuse);
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
  } catch (error) {
    throw refuse(describeFsError(error));
  }
  try {
    for (const [path, contents] of files) {
      await mkdir(dirname(join(temp, path)), { recursive: true });
      await writeFile(join(temp, path), contents);
    }
    for (const [path, source] of copies) {
      await mkdir(dirname(join(temp, path)), { recursive: true });
      await copyFile(source, join(temp, path));
    }
    await replaceFolder(temp, out);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    throw error instanceof LivedeckError ? error : refuse(describeFsError(error));
  }

  const panes = deck.slides.reduce((n, slide) => n + slide.terminals.length, 0);
  const written = listFiles(out);
  return {
    out,
    slides: deck.slides.length,
    panes,
    casts: casts.size,
    missing,
    files: written.length,
    bytes: written.reduce((n, file) => n + statSync(file).size, 0),
  };
}

/** Refuses to build over something that is not a previous build: the folder is replaced whole. */
function checkTarget(out: string, deckDir: string): void {
  if (isInside(deckDir, out) || isInside(process.cwd(), out)) {
    throw new LivedeckError('build-bad-out', `cannot build into ${out}: it holds the deck or the current folder, and would be replaced`, {
      hint: 'name a folder of its own, e.g. --out site',
    });
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new LivedeckError('build-bad-out', `cannot build into ${out}: it is a file`, { hint: 'name a folder, e.g. --out site' });
  }
  if (readdirSync(out).length > 0 && !isPreviousBuild(out)) {
    throw new LivedeckError('build-bad-out', `cannot build into ${out}: it is not empty and not a livedeck site, and would be replaced`, {
      hint: 'name a new folder, or empty this one first',
    });
  }
}

function isPreviousBuild(dir: string): boolean {
  const index = join(dir, 'index.html');
  return existsSync(index) && existsSync(join(dir, SITE_ASSETS)) && readFileSync(index, 'utf8').includes('<meta name="generator" content="livedeck">');
}

/** Puts `temp` in the place of `out`, removing a previous `out` only once the new one is there. */
async function replaceFolder(temp: string, out: string): Promise<void> {
  if (!existsSync(out)) {
    await rename(temp, out);
    return;
  }
  const old = `${temp}.old`;
  await rename(out, old);
  try {
    await rename(temp, out);
  } catch (error) {
    await rename(old, out);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
