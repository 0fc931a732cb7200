// Terminal screens rendered from a recording, kept between exports in node_modules/.cache/livedeck/
// screens/: replaying the course deck's recordings in a headless xterm was 0.2 s of each export's
// work in Node once the compiler's own caches are warm. An entry is found by a hash of everything
// a screen depends on (the recording's text, the moments asked for, this format, @xterm/headless's
// version), so a re-recorded demo or another xterm is a miss, never a stale screen. One file per
// recording (named by its path): a new recording replaces the old entry, and the least recently
// written files go past MAX_ENTRIES recordings. A missing, unreadable or unwritable cache only
// costs speed, never an error.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { CastMoment, CastScreen } from '../recording/cast-screen.js';

/** Bump when cast-screen.ts or terminal-screen.ts change what a screen holds or how it is made. */
const FORMAT = 1;
/** Recordings kept (a deck has a few; exports of copies in temp folders, as tests make, add more). */
const MAX_ENTRIES = 64;

export const SCREEN_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'livedeck', 'screens');

interface CacheFile {
  key: string;
  screens: CastScreen[];
}

let xtermVersion: string | undefined;

/** The key of the screens of `text` (a recording) at `moments`. */
export function screensKey(text: string, moments: CastMoment[]): string {
  xtermVersion ??= (createRequire(import.meta.url)('@xterm/headless/package.json') as { version: string }).version;
  return createHash('sha256').update(`${FORMAT}\0${xtermVersion}\0${JSON.stringify(moments)}\0${text}`).digest('hex');
}

function entryFile(dir: string, source: string): string {
  return join(dir, `${createHash('sha1').update(source).digest('hex')}.json`);
}

/** The cached screens of the recording at `source` under `key`, or null. */
export async function readCachedScreens(dir: string | null, source: string, key: string): Promise<CastScreen[] | null> {
  if (dir === null) return null;
  try {
    const entry = JSON.parse(await readFile(entryFile(dir, source), 'utf8')) as CacheFile;
    return entry.key === key && Array.isArray(entry.screens) ? entry.screens : null;
  } catch {
    return null; // no entry yet, or one this code cannot read: a miss
  }
}

export async function writeCachedScreens(dir: string | null, source: string, key: string, screens: CastScreen[]): Promise<void> {
  if (dir === null) return;
  const file = entryFile(dir, source);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, JSON.stringify({ key, screens } satisfies CacheFile));
    await rename(temp, file); // an export reading it meanwhile never sees half a file
    await prune(dir);
  } catch {
    // An unwritable cache only costs speed.
  }
}

/** Removes the least recently written entries past MAX_ENTRIES. */
async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const entries = await Promise.all(names.map(async (name) => ({ name, written: (await stat(join(dir, name))).mtimeMs })));
  entries.sort((a, b) => b.written - a.written);
  await Promise.all(entries.slice(MAX_ENTRIES).map((entry) => rm(join(dir, entry.name), { force: true })));
}
