// Watches folders and reports changed files, debounced, so one editor save (often a write and a
// rename) triggers one rebuild.

import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export class FileWatcher {
  private readonly watchers: FSWatcher[] = [];
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(folders: string[], private readonly onChange: (files: string[]) => void, private readonly delayMs = 60) {
    for (const folder of new Set(folders)) {
      try {
        const watcher = watch(folder, { recursive: true }, (_event, name) => this.touch(name ? join(folder, name.toString()) : folder));
        watcher.on('error', () => { /* a folder that goes away stops being watched; nothing to do */ });
        this.watchers.push(watcher);
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
    for (const watcher of this.watchers) watcher.close();
    this.watchers.length = 0;
  }
}
