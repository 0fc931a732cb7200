// What a pane remembers across reloads of its tab (sessionStorage): the session of its shell, so a
// reload reattaches to it, and the demo steps already typed into that shell, so a reload in the
// middle of a demo does not type them again.

const PREFIX = 'livedeck:pane:';

export interface PaneMemory {
  /** The shell's session id, or null before the first `ready`. */
  session: string | null;
  /** Indices of the steps typed into that session. */
  typed: number[];
}

export function loadPaneMemory(paneId: string): PaneMemory {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PREFIX + paneId) ?? 'null') as Partial<PaneMemory> | null;
    if (saved && (typeof saved.session === 'string' || saved.session === null) && Array.isArray(saved.typed)) {
      return { session: saved.session, typed: saved.typed.filter((n) => Number.isInteger(n)) };
    }
  } catch {
    // Unreadable: start afresh.
  }
  return { session: null, typed: [] };
}

export function savePaneMemory(paneId: string, memory: PaneMemory): void {
  sessionStorage.setItem(PREFIX + paneId, JSON.stringify(memory));
}

/** A shell is live: another session, or a fresh shell under the same id (a restart), has none of
 * the steps typed before. */
export function rememberShell(memory: PaneMemory, session: string, resumed: boolean): PaneMemory {
  return memory.session === session && resumed ? memory : { session, typed: [] };
}
