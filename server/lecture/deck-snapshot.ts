// A lecture's deck as it was presented: the compiled deck, the files its page loads (figures, the
// deck's CSS and scripts, and what that CSS loads: fonts, backgrounds) and the recordings its cast=
// panes replay, stored by content in the lecture's folder, so a lecture replays the slides as they
// were even after the deck is edited: deck/<hash>.json (a DeckSnapshot) and files/<hash>. Writing
// the same deck twice stores nothing new.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SNAPSHOT_FILES_DIR, SNAPSHOTS_DIR } from '../../common/lecture.js';
import type { Deck } from '../deck/model.js';
import { renderPage } from '../deck/page.js';
import { pageFiles } from '../deck/page-files.js';
import { LivedeckError } from '../errors.js';

export const SNAPSHOT_VERSION = 1;
/** What `store` names a content by. */
const HASH = /^[0-9a-f]{24}$/;
/** Where a static page of the snapshot loads livedeck's assets: references there are not the
 * deck's files. */
const ASSETS = '_livedeck/';

export interface DeckSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The compiled deck (its paths are those of the machine it was presented on). */
  deck: Deck;
  /** The deck's files its page loads, and those its stylesheets load: path relative to the page,
   * as the browser asks for it ("figures/photo.png"; style/deck.css's "fonts/a.woff2" is
   * "style/fonts/a.woff2") -> the content hash of files/<hash>. A file missing at the time is left out (the page named it
   * anyway, as the live page did). */
  files: Record<string, string>;
  /** The recordings its cast= panes replay: `castFile` as the deck names it -> the content hash of
   * files/<hash>. Absent in snapshots of livedeck before it kept them; a file missing at the time
   * is left out (the pane says it has no recording). */
  casts?: Record<string, string>;
}

/** Stores `deck` and its files in `dir` (a lecture's folder); resolves with the snapshot's hash. */
export async function writeSnapshot(dir: string, deck: Deck): Promise<string> {
  const files: Record<string, string> = {};
  const html = renderPage(deck, { assets: ASSETS, mode: 'static' });
  // A path from the site's root (or above the page's folder) would name another file in a lecture
  // site's sub-folder: left out, as a missing file is.
  for (const file of pageFiles(html, deck.baseDir, ASSETS).files) {
    if (file.source === null || file.rooted) continue;
    files[file.path] = await store(join(dir, SNAPSHOT_FILES_DIR), readFileSync(file.source));
  }
  // A Map, as a file may be named anything ("toString", "__proto__").
  const casts = new Map<string, string>();
  for (const slide of deck.slides) {
    for (const pane of slide.terminals) {
      if (pane.castFile === null || casts.has(pane.castFile)) continue;
      const source = resolve(deck.baseDir, pane.castFile);
      if (existsSync(source)) casts.set(pane.castFile, await store(join(dir, SNAPSHOT_FILES_DIR), readFileSync(source)));
    }
  }
  // A deck without cast= panes is stored as before, under the same hash.
  const snapshot: DeckSnapshot = { version: SNAPSHOT_VERSION, deck, files, ...(casts.size > 0 ? { casts: Object.fromEntries(casts) } : {}) };
  return store(join(dir, SNAPSHOTS_DIR), Buffer.from(JSON.stringify(snapshot)), '.json');
}

/** Reads snapshot `hash` of the lecture in `dir`; a missing or unreadable one is an error naming
 * its file. */
export async function readSnapshot(dir: string, hash: string): Promise<DeckSnapshot> {
  const file = join(dir, SNAPSHOTS_DIR, `${hash}.json`);
  let snapshot: DeckSnapshot;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as DeckSnapshot;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not a deck snapshot (unreadable JSON)';
    throw new LivedeckError('lecture-bad', `${file}: ${reason}`, { hint: 'the lecture\'s folder is incomplete: copy it whole' });
  }
  if (snapshot?.version !== SNAPSHOT_VERSION || typeof snapshot.deck !== 'object' || !Array.isArray(snapshot.deck?.slides)
    || typeof snapshot.files !== 'object' || snapshot.files === null
    || (snapshot.casts !== undefined && (typeof snapshot.casts !== 'object' || snapshot.casts === null || Array.isArray(snapshot.casts)))) {
    throw new LivedeckError('lecture-bad', `${file}: not a deck snapshot of version ${SNAPSHOT_VERSION}`, { hint: 'the lecture\'s folder is incomplete or from another livedeck' });
  }
  // A site copies files/<hash> to each path: a crafted snapshot must not make it read or write
  // anything outside the lecture's folder and the site.
  for (const [path, stored] of Object.entries(snapshot.files)) {
    if (!isSitePath(path) || typeof stored !== 'string' || !HASH.test(stored)) {
      throw new LivedeckError('lecture-bad', `${file}: the file ${JSON.stringify(path)} -> ${JSON.stringify(stored)} is not a path inside the deck's folder and a stored file`, {
        hint: 'the lecture\'s folder was edited or damaged: record the class again, or restore the folder',
      });
    }
  }
  // A cast= file's name is only looked up (the site names its copy by content): its hash must name
  // a stored file.
  for (const [castFile, stored] of Object.entries(snapshot.casts ?? {})) {
    if (typeof stored !== 'string' || !HASH.test(stored)) {
      throw new LivedeckError('lecture-bad', `${file}: the recording ${JSON.stringify(castFile)} -> ${JSON.stringify(stored)} is not a stored file`, {
        hint: 'the lecture\'s folder was edited or damaged: record the class again, or restore the folder',
      });
    }
  }
  return snapshot;
}

/** A relative path that stays inside the folder it is joined to: no "..", no absolute path, no
 * backslash, no empty or "." segment. */
function isSitePath(path: string): boolean {
  return path.length > 0 && path.length <= 1024 && !path.includes('\\') && !path.includes('\0')
    && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..') && !/^[a-zA-Z]:/.test(path);
}

/** The stored file of a snapshot's file hash. */
export function snapshotFile(dir: string, hash: string): string {
  return join(dir, SNAPSHOT_FILES_DIR, hash);
}

/** Writes `bytes` as <folder>/<hash><ext> unless it is there; resolves with the hash. Written
 * aside and renamed, so a killed server never leaves half a file under a content's name. */
async function store(folder: string, bytes: Buffer, ext = ''): Promise<string> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const file = join(folder, `${hash}${ext}`);
  if (existsSync(file)) return hash;
  await mkdir(folder, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
  return hash;
}
