// Watches the folders a deck uses and reports changed files, debounced, so one editor save (often
// a write and a rename) triggers one rebuild. Folders are watched one level deep unless asked
// otherwise: a deck beside node_modules/ must not cost a watch on each of its thousands of
// folders. The set of folders follows the deck (`update` after each compile).

import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatchTarget {
  folder: string;
  /** Also every folder below (livedeck's own sources, a demo's folder); default false. */
  recursive?: boolean;
}

export class FileWatcher {
  /** By folder and depth, e.g. "r:/x/client", "1:/x/slides". */
  private readonly watchers = new Map<string, FSWatcher>();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(targets: WatchTarget[], private readonly onChange: (files: string[]) => void, private readonly delayMs = 60) {
    this.update(targets);
  }

  /** Watches exactly `targets` from now on: new ones start, ones no longer named stop. */
  update(targets: WatchTarget[]): void {
    const wanted = new Map(targets.map((t) => [`${t.recursive ? 'r' : '1'}:${t.folder}`, t]));
    for (const [key, watcher] of this.watchers) {
      if (!wanted.has(key)) {
        watcher.close();
        this.watchers.delete(key);
      }
    }
    for (const [key, { folder, recursive }] of wanted) {
      if (this.watchers.has(key)) continue;
      try {
        const watcher = watch(folder, { recursive: recursive === true }, (_event, name) => this.touch(name ? join(folder, name.toString()) : folder));
        watcher.on('error', () => { /* a folder that goes away stops being watched; nothing to do */ });
        this.watchers.set(key, watcher);
      } catch {
        // A folder that does not exist (a deck without demos/) has nothing to watch.
      }
    }
  }

  private touch(file: string): void {
    this.pending.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = [...this.pending];
      this.pending = new Set();
      this.timer = null;
      this.onChange(files);
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
