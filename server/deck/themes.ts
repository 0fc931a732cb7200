// Theme names a deck may use: livedeck's own two palettes, reveal.js's themes (shipped by the
// reveal.js package, bundled offline by server/assets/reveal-themes.ts), and for `highlightTheme` the
// shiki themes, with the nearest shiki theme for the highlight.js names reveal-md decks use.

/** reveal.js 6's themes, with the livedeck palette (code, blocks, figures) that reads on their
 * background: its --r-background-color, light or dark. */
export const REVEAL_THEMES = {
  beige: 'light',
  black: 'dark',
  'black-contrast': 'dark',
  blood: 'dark',
  dracula: 'dark',
  league: 'dark',
  moon: 'dark',
  night: 'dark',
  serif: 'light',
  simple: 'light',
  sky: 'light',
  solarized: 'light',
  white: 'light',
  'white-contrast': 'light',
} as const satisfies Record<string, 'light' | 'dark'>;

export type RevealThemeName = keyof typeof REVEAL_THEMES;

export function isRevealTheme(name: string): name is RevealThemeName {
  return Object.hasOwn(REVEAL_THEMES, name);
}

/** highlight.js style names (reveal-md's `highlightTheme`, default zenburn) -> the shiki theme
 * closest to them. A name missing here and from shiki gets a warning and livedeck's palette. */
export const HLJS_TO_SHIKI: Record<string, string> = {
  monokai: 'monokai',
  'monokai-sublime': 'monokai',
  github: 'github-light',
  'github-dark': 'github-dark',
  'github-dark-dimmed': 'github-dark-dimmed',
  'atom-one-dark': 'one-dark-pro',
  'atom-one-dark-reasonable': 'one-dark-pro',
  'atom-one-light': 'one-light',
  'solarized-dark': 'solarized-dark',
  'solarized-light': 'solarized-light',
  nord: 'nord',
  'night-owl': 'night-owl',
  'tokyo-night-dark': 'tokyo-night',
  vs: 'light-plus',
  vs2015: 'dark-plus',
  dracula: 'dracula',
  'base16/dracula': 'dracula',
  'gruvbox-dark': 'gruvbox-dark-medium',
  'gruvbox-light': 'gruvbox-light-medium',
  'base16/gruvbox-dark-medium': 'gruvbox-dark-medium',
  'base16/gruvbox-light-medium': 'gruvbox-light-medium',
  'rose-pine': 'rose-pine',
  'rose-pine-dawn': 'rose-pine-dawn',
  'rose-pine-moon': 'rose-pine-moon',
  'material-darker': 'material-theme-darker',
  'material-palenight': 'material-theme-palenight',
  'base16/material': 'material-theme',
};
