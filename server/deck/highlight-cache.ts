// The highlighted HTML of code blocks, kept between runs in one JSON file so an unchanged deck
// compiles without shiki. Entries are keyed by a hash of (language, line steps, code); the file
// is stamped with shiki's version and this format's, and anything that does not match is simply
// a cold cache. A missing or unwritable cache folder only costs speed, never an error.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

/** Bump when the HTML the highlighter produces changes. */
const FORMAT = 1;
/** Past this many, the least recently used entries go, never one the current compile uses. */
export const MAX_ENTRIES = 4000;

export const DEFAULT_CACHE_FILE = join(PACKAGE_ROOT, 'node_modules', '.cache', 'livedeck', 'highlight.json');

interface CacheFile {
  stamp: string;
  entries: Record<string, string>;
}

function stamp(): string {
  const shiki = createRequire(import.meta.url)('shiki/package.json') as { version: string };
  return `${FORMAT}/${shiki.version}`;
}

export class HighlightCache {
  private entries = new Map<string, string>();
  private loaded = false;
  private dirty = false;

  /** `file` null: a cache in memory only (tests, one-off tools). */
  constructor(private readonly file: string | null) {}

  async load(): Promise<void> {
    if (this.loaded || this.file === null) return;
    this.loaded = true;
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as CacheFile;
      if (data.stamp === stamp()) this.entries = new Map(Object.entries(data.entries));
    } catch {
      // No cache yet, or an unreadable one: start cold.
    }
  }

  /** Whether `key` is cached; a hit counts as a use (the entry becomes the newest). */
  has(key: string): boolean {
    const html = this.entries.get(key);
    if (html === undefined) return false;
    this.entries.delete(key);
    this.entries.set(key, html);
    return true;
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, html: string): void {
    this.entries.delete(key);
    this.entries.set(key, html);
    this.dirty = true;
  }

  /** Drops the least recently used entries past MAX_ENTRIES, but none of `keep` (the blocks a
   * compile is about to render: a deck larger than the cache keeps all of its own). */
  prune(keep: Set<string>): void {
    let excess = this.entries.size - MAX_ENTRIES;
    if (excess <= 0) return;
    for (const key of this.entries.keys()) {
      if (excess <= 0) break;
      if (keep.has(key)) continue;
      this.entries.delete(key);
      excess--;
      this.dirty = true;
    }
  }

  async save(): Promise<void> {
    if (!this.dirty || this.file === null) return;
    this.dirty = false;
    const data: CacheFile = { stamp: stamp(), entries: Object.fromEntries(this.entries) };
    try {
      await mkdir(dirname(this.file), { recursive: true });
      // Write then rename: two servers saving at once never leave half a file.
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, this.file);
    } catch {
      // A read-only install still works, only without the speed-up.
    }
  }
}
