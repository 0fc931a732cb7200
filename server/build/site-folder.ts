// What every static site livedeck builds shares (a deck's, `livedeck build`, and a lecture's,
// `livedeck build --lecture`): livedeck's assets for its pages, the refusal to build over a folder
// that is not a previous build, and the writing of the whole folder aside, renamed into place at
// the end, so a failed build leaves the previous site as it was.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { clientAssets } from '../assets/client-bundle.js';
import { LivedeckError } from '../errors.js';
import { describeFsError, makeFolders } from '../output-path.js';

/** Where a site's pages load livedeck's assets from, relative to the site's root. */
export const SITE_ASSETS = '_livedeck/';

/** livedeck's assets a static page needs, by path in the site: not the presenter view's (it needs
 * the live server), and of reveal.js's themes only those the pages use. */
export async function siteAssets(revealThemes: ReadonlySet<string>): Promise<Map<string, Uint8Array | string>> {
  const files = new Map<string, Uint8Array | string>();
  for (const [name, contents] of await clientAssets()) {
    if (name.startsWith('presenter.')) continue;
    if (name.startsWith('themes/') && !revealThemes.has(name.slice('themes/'.length, -'.css'.length))) continue;
    files.set(`${SITE_ASSETS}${name}`, contents);
  }
  return files;
}

/** Refuses to build over something that is not a previous build: the folder is replaced whole.
 * `source`: the folder built from (the deck's, the lecture's), which must not be inside it, and
 * what it is, for the message ("deck", "lecture"). */
export function checkTarget(out: string, source: string, what: string): void {
  if (isInside(source, out) || isInside(process.cwd(), out)) {
    throw new LivedeckError('build-bad-out', `cannot build into ${out}: it holds the ${what} or the current folder, and would be replaced`, {
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

/** Writes the site: `files` (contents by path in the site) and `copies` (source file by path),
 * into a folder beside `out`, then puts it in the place of `out`. */
export async function writeSite(out: string, files: Map<string, Uint8Array | string>, copies: Map<string, string>): Promise<void> {
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
    const folders = new Set<string>();
    const folder = async (path: string) => {
      const dir = dirname(join(temp, path));
      if (folders.has(dir)) return;
      await mkdir(dir, { recursive: true });
      folders.add(dir);
    };
    for (const [path, contents] of files) {
      await folder(path);
      await writeFile(join(temp, path), contents);
    }
    for (const [path, source] of copies) {
      await folder(path);
      await copyFile(source, join(temp, path));
    }
    await replaceFolder(temp, out);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    throw error instanceof LivedeckError ? error : refuse(describeFsError(error));
  }
}

/** The files of a folder and their total size. */
export function folderSize(dir: string): { files: number; bytes: number } {
  const files = listFiles(dir);
  return { files: files.length, bytes: files.reduce((n, file) => n + statSync(file).size, 0) };
}

/** `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
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

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
