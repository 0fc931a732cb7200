// The files of a deck's folder that its compiled page loads: those the page names (images,
// backgrounds, the deck's own stylesheets and scripts: page-references.ts) and what those
// stylesheets load in turn (url(...), @import, recursively: a reveal-md deck's fonts and background
// pictures). One list for every way a deck is shown: dev serves it, build copies it, export serves
// it to its tab, a lecture's deck snapshot stores it.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { pageReferences } from './page-references.js';

/** Stylesheet references: url(x), url('x'), url("x"), and @import "x". */
const CSS_REFERENCES = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g;
/** A comment's url() is not loaded: a build must not warn about it, dev must not serve it. */
const CSS_COMMENTS = /\/\*[\s\S]*?\*\//g;
/** "https:", "data:", "//host": not a path of the deck's folder. */
const SCHEME = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

export interface PageFile {
  /** What the browser asks for when the page is at the root of a site: decoded, normalised, relative
   * to the page ("style/fonts/a.woff2"); a reference that climbs above the root stops there, as a
   * URL does. */
  path: string;
  /** The reference as written (decoded, without query or fragment), for messages. */
  ref: string;
  /** The stylesheet that names it (its `path`), or null: the page itself. */
  from: string | null;
  /** The reference starts at the site's root ("/x") or climbs above the page's folder ("../x"): it
   * names `path` only on a site served from its root, not from file:// nor a site's sub-folder. */
  rooted: boolean;
  /** The file in the deck's folder, symlinks resolved; null when there is none (missing, not a
   * regular file, or its real path leaves the folder). */
  source: string | null;
}

export interface RemoteFile {
  url: string;
  /** The stylesheet that names it, or null: the page itself. */
  from: string | null;
}

export interface PageFiles {
  files: PageFile[];
  /** What the page or its stylesheets load from another site. */
  remote: RemoteFile[];
}

/** The files `html` (a page in `root`, the deck's folder) loads, skipping those under `skipPrefix`
 * (livedeck's own assets, e.g. "_livedeck/"). Each stylesheet is read once (an @import loop ends). */
export function pageFiles(html: string, root: string, skipPrefix: string): PageFiles {
  const skip = posix.normalize(`/${skipPrefix}`).slice(1);
  const files = new Map<string, PageFile>();
  const remote = new Map<string, RemoteFile>();
  const pending: PageFile[] = [];
  const add = (ref: string, from: string | null, base: string) => {
    const joined = ref.startsWith('/') ? ref : posix.join(base, ref);
    const path = posix.normalize(`/${joined}`).slice(1);
    if (path === '' || path.startsWith(skip) || files.has(path)) return;
    const file: PageFile = { path, ref, from, rooted: posix.normalize(joined) !== path, source: realFileInside(root, path) };
    files.set(path, file);
    if (path.toLowerCase().endsWith('.css') && file.source !== null) pending.push(file);
  };
  const refs = pageReferences(html);
  for (const url of refs.remote) remote.set(url, { url, from: null });
  for (const ref of refs.local) add(ref, null, '.');
  for (let css = pending.shift(); css !== undefined; css = pending.shift()) {
    const text = readTextOrNull(css.source!);
    if (text === null) continue;
    for (const match of text.replace(CSS_COMMENTS, '').matchAll(CSS_REFERENCES)) {
      const ref = (match.slice(1).find((group) => group !== undefined) ?? '').trim();
      if (ref === '' || ref.startsWith('#')) continue;
      if (SCHEME.test(ref)) {
        if (!/^(data|blob):/i.test(ref) && !remote.has(ref)) remote.set(ref, { url: ref, from: css.path });
        continue;
      }
      let decoded: string;
      try {
        decoded = decodeURI(ref.split(/[?#]/)[0]!);
      } catch {
        continue;
      }
      add(decoded, css.path, posix.dirname(css.path));
    }
  }
  return { files: [...files.values()], remote: [...remote.values()] };
}

/** The real path of `path` (relative, normalised) in `root` when it is a regular file whose real
 * path stays inside `root` (a symlink out of the deck's folder is not one of its files). */
function realFileInside(root: string, path: string): string | null {
  try {
    const base = realpathSync(root);
    const real = realpathSync(resolve(root, path));
    return real.startsWith(base + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
