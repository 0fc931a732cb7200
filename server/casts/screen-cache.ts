// Terminal screens rendered from a recording, for the PDF's panes and the static site's first
// screens, kept between runs in node_modules/.cache/livedeck/screens/: replaying the course deck's
// recordings in a headless xterm was 0.2 s of each export's work in Node once the compiler's own
// caches are warm. An entry is found by a hash of everything
// a screen depends on (the recording's text, the moments asked for, this format, @xterm/headless's
// version), so a re-recorded demo or another xterm is a miss, never a stale screen. One file per
// recording (named by its path): a new recording replaces the old entry, and the least recently
// written files go past MAX_ENTRIES recordings. A missing, unreadable or unwritable cache only
// costs speed, never an error.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { castMarkers, parseCast } from '../../common/asciicast.js';
import { PACKAGE_ROOT } from '../paths.js';
import { castAsPlayed, type CastUse } from './cast-as-played.js';
import type { CastMoment, CastScreen } from './cast-screen.js';

/** Bump when cast-screen.ts or terminal-screen.ts change what a screen holds or how it is made. */
const FORMAT = 2;
/** Rows that scrolled off a screen kept with it (CastScreen.history), as many as a replay keeps:
 * a printed pane shows its whole slide. */
const HISTORY_ROWS = 1000;
/** Recordings kept (a deck has a few; exports of copies in temp folders, as tests make, add more). */
const MAX_ENTRIES = 64;

export const SCREEN_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'livedeck', 'screens');

/** The screens of one recording: before any step, then after each step. */
export interface DemoScreens {
  start: CastScreen;
  /** steps[k]: the screen once step k is done (the next step's marker, or the end of the cast). */
  steps: CastScreen[];
  /** Read from the cache rather than rendered. */
  cached: boolean;
}

/** The screens of a recording (its text, and its path as messages name it; `use`: which markers are
 * its steps, see castAsPlayed), from the cache (`cacheDir`, null for none) or replayed once. Marker k
 * is written as step k starts, so the screen before marker k + 1 is the result of step k; the last
 * step's result is the end of the cast. */
export async function demoScreens(cast: { text: string; source: string; use: CastUse }, cacheDir: string | null): Promise<DemoScreens> {
  const parsed = castAsPlayed(parseCast(cast.text, cast.source), cast.use);
  const markers = castMarkers(parsed).length;
  const moments: CastMoment[] = markers === 0 ? [{}] : [{ marker: 0 }];
  for (let k = 0; k < markers; k++) moments.push(k + 1 < markers ? { marker: k + 1 } : {});
  const key = screensKey(cast.text, moments);
  const cached = await readCachedScreens(cacheDir, cast.source, key);
  if (cached !== null && cached.length === moments.length) return { start: cached[0]!, steps: cached.slice(1), cached: true };
  // Loaded only on a miss: the headless terminal is a module of its own to load.
  const { castToScreens } = await import('./cast-screen.js');
  const screens = await castToScreens(parsed, moments, { history: HISTORY_ROWS });
  await writeCachedScreens(cacheDir, cast.source, key, screens);
  return { start: screens[0]!, steps: screens.slice(1), cached: false };
}

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
