// xterm.js colours from the palette (theme/palette.css, `--ld-term-*`), read from the pane's
// computed style, so terminals follow the deck's light/dark theme like the rest of the slides.

import type { ITheme } from '@xterm/xterm';

export function paletteTheme(element: Element): ITheme {
  const style = getComputedStyle(element);
  const color = (name: string) => style.getPropertyValue(`--ld-term-${name}`).trim() || undefined;
  return {
    background: color('background'),
    foreground: color('foreground'),
    cursor: color('cursor'),
    cursorAccent: color('background'),
    selectionBackground: color('selection'),
    selectionInactiveBackground: color('selection'),
    black: color('black'),
    red: color('red'),
    green: color('green'),
    yellow: color('yellow'),
    blue: color('blue'),
    magenta: color('magenta'),
    cyan: color('cyan'),
    white: color('white'),
    brightBlack: color('bright-black'),
    brightRed: color('bright-red'),
    brightGreen: color('bright-green'),
    brightYellow: color('bright-yellow'),
    brightBlue: color('bright-blue'),
    brightMagenta: color('bright-magenta'),
    brightCyan: color('bright-cyan'),
    brightWhite: color('bright-white'),
  };
}
