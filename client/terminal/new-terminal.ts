// The xterm.js terminal of a pane, made before it opens: the pane's font, palette and grid, no input
// until a live shell gives this tab the presenter's role.

import { Terminal } from '@xterm/xterm';
import type { Grid } from './part.js';
import { paletteTheme } from './theme.js';

/** To the alternate screen and back (mode 47: no cursor saved or restored, the normal screen
 * kept): a no-op on the screen that xterm.js notices (see below). */
const BUFFER_SWITCH = '\x1b[?47h\x1b[?47l';

export function newTerminal(element: HTMLElement, family: string, fontSize: number, size: Grid, scrollback: number): Terminal {
  const terminal = new Terminal({
    fontFamily: family,
    fontSize,
    fontWeight: 400,
    fontWeightBold: 700,
    lineHeight: 1,
    ...size,
    scrollback,
    cursorBlink: false,
    cursorStyle: 'block',
    // The audience follows the typed steps by the cursor, focused or not.
    cursorInactiveStyle: 'block',
    theme: paletteTheme(element),
    allowProposedApi: false,
    disableStdin: true,
    macOptionIsMeta: true,
  });
  // WARNING: xterm.js hides the cursor until the terminal is first focused or typed into, and
  // has no option for it; an audience follows typed steps by the cursor. Entering and leaving
  // the alternate screen (mode 47) shows it and changes nothing else on an empty terminal.
  terminal.write(BUFFER_SWITCH);
  return terminal;
}
