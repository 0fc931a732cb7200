// Which keys a focused terminal keeps and which go back to the slides: a live shell's (Escape,
// a clicker's page keys, copy and paste, a read-only pane) and a replay player's. The pane asks
// this from xterm.js's custom key handler; false means xterm.js leaves the key alone.

/** The part of xterm.js's Terminal these decisions read and act on. */
export interface KeyTerminal {
  readonly buffer: { readonly active: { readonly type: 'normal' | 'alternate' } };
  hasSelection(): boolean;
  blur(): void;
}

/** A live shell's keys. Reveal's own keyboard handler ignores keys typed into a focused writable
 * terminal (see `isTerminalKey`): a key after which the terminal let go of the focus reaches the
 * slides. */
export function shellKey(event: KeyboardEvent, terminal: KeyTerminal, writable: boolean): boolean {
  if (event.type !== 'keydown') return true;
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  const normal = terminal.buffer.active.type === 'normal';
  // Escape gives the keyboard back to the slides, except in a full-screen program (vi, less)
  // that needs it: Shift+Escape (or a click outside) leaves from there.
  if (event.key === 'Escape' && (event.shiftKey || normal)) {
    // Not reveal's Escape either (the overview).
    event.preventDefault();
    event.stopPropagation();
    terminal.blur();
    return false;
  }
  // A presenter's remote clicker sends PageDown/PageUp: they go on with the slides, whatever
  // has the keyboard (reveal.js gets this very event once the terminal lets go of it).
  if ((event.key === 'PageDown' || event.key === 'PageUp') && normal) {
    terminal.blur();
    return false;
  }
  // Ctrl+C with a selection copies (the browser's copy, which xterm.js fills); without one it
  // is ^C. Ctrl+V and Ctrl+Shift+V paste.
  if (ctrl && key === 'c' && terminal.hasSelection()) return false;
  if (ctrl && key === 'v') return false;
  if (!writable) {
    // Read-only: leave the terminal, so this key (an arrow, space) reaches the slides.
    if (!ctrl) terminal.blur();
    return false;
  }
  return true;
}

/** A replaying pane's keys: the player's (`handleKey`: space, arrows, [ ] .) while it has the
 * keyboard; Escape (or a click outside) gives it back to the slides, and a clicker's page keys go
 * on with them, as does any other key. Ctrl+C copies the selection. Never the terminal's. */
export function playerKey(event: KeyboardEvent, terminal: KeyTerminal, handleKey: (event: KeyboardEvent) => boolean): boolean {
  if (event.type !== 'keydown') return true;
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    terminal.blur();
    return false;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c' && terminal.hasSelection()) return false;
  if (handleKey(event)) return false;
  // Reveal's keyboard handler gets this key once the terminal has let go of the focus.
  if (!event.ctrlKey && !event.metaKey && !event.altKey) terminal.blur();
  return false;
}
