// reveal.js's themes as livedeck assets (`themes/<name>.css`, for decks whose front matter names
// one, see server/deck/themes.ts), bundled so that nothing is fetched when the deck shows: several
// themes @import Google Fonts. Those imports become @font-face rules giving the family its name
// with livedeck's bundled Source Sans 3 files (reveal.js ships League Gothic and Source Sans Pro
// inside its themes, but not Lato, Open Sans, Montserrat, News Cycle, Quicksand or Ubuntu).

import type * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { REVEAL_THEMES } from '../deck/themes.js';

const require = createRequire(import.meta.url);
/** The bundled Source Sans 3 files the Google families fall back to. */
const FONT_FILES = dirname(require.resolve('@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff2'));

/** esbuild entry points: "themes/<name>-theme" -> reveal.js's CSS (client-bundle.ts drops the
 * "-theme" suffix of style entries). */
export function revealThemeEntries(): Record<string, string> {
  return Object.fromEntries(Object.keys(REVEAL_THEMES).map((name) => [`themes/${name}-theme`, require.resolve(`reveal.js/theme/${name}.css`)]));
}

const GOOGLE_FONTS = /^https?:\/\/fonts\.googleapis\.com\/css2?\?/;
/** The Source Sans 3 files every livedeck page bundles (theme/foundation.css), by style: a
 * Google family takes the nearest of them, so a theme adds no font file to a site or an export. */
const FACES: Record<'normal' | 'italic', number[]> = { normal: [400, 600, 700], italic: [400] };

/** Replaces `@import "https://fonts.googleapis.com/css?family=..."` with local faces. */
export const offlineFonts: esbuild.Plugin = {
  name: 'livedeck-offline-fonts',
  setup(build) {
    build.onResolve({ filter: GOOGLE_FONTS }, (args) => ({ path: args.path, namespace: 'google-fonts' }));
    build.onLoad({ filter: /.*/, namespace: 'google-fonts' }, (args) => ({
      contents: localFaces(args.path),
      loader: 'css',
      resolveDir: FONT_FILES,
    }));
    // Anything else from the network would be fetched at present time: refuse to bundle it.
    build.onResolve({ filter: /^(https?:)?\/\// }, (args) => ({
      errors: [{ text: `${args.importer} loads ${args.path} from the network; livedeck decks present offline` }],
    }));
  },
};

/** `family=Lato:400,700,400italic|News+Cycle` -> an @font-face per family, weight and style, each
 * a bundled Source Sans 3 file of the nearest weight (the browser makes a bold italic from the
 * italic). */
export function localFaces(url: string): string {
  const query = new URL(url).searchParams;
  const faces: string[] = [];
  for (const spec of query.getAll('family').flatMap((value) => value.split('|'))) {
    const [name, variants = '400'] = spec.split(':');
    for (const variant of variants.split(',')) {
      const m = /^(\d{3})?(italic|i)?$/.exec(variant.trim());
      if (!m) continue;
      const wanted = Number(m[1] ?? 400);
      const style = m[2] ? 'italic' : 'normal';
      const weight = FACES[style].reduce((best, w) => (Math.abs(w - wanted) < Math.abs(best - wanted) ? w : best));
      faces.push(`@font-face{font-family:${JSON.stringify(name!.replace(/\+/g, ' '))};font-style:${style};font-weight:${wanted};font-display:swap;`
        + `src:url("./source-sans-3-latin-${weight}-${style}.woff2") format("woff2")}`);
    }
  }
  return faces.join('\n');
}
