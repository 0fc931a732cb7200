// Builds the browser side with esbuild: the runtime (client/main.ts -> livedeck.js, a classic
// script so it also runs from file://), the theme (theme/livedeck.css with reveal.js, xterm.js
// and the fonts it imports) and the no-JavaScript stylesheet. Output stays in memory; the dev
// server serves it and the static build writes it out.

import * as esbuild from 'esbuild';
import { join, relative } from 'node:path';
import { CLIENT_ENTRY, PACKAGE_ROOT, THEME_DIR } from './paths.js';
import { LivedeckError } from './errors.js';

/** Output files by their path relative to the assets folder, e.g. "livedeck.js", "fonts/x.woff2". */
export type AssetFiles = Map<string, Uint8Array>;

const OUT_DIR = join(PACKAGE_ROOT, '.livedeck-assets');

function buildOptions(minify: boolean): esbuild.BuildOptions {
  return {
    entryPoints: {
      livedeck: CLIENT_ENTRY,
      'livedeck-theme': join(THEME_DIR, 'livedeck.css'),
      noscript: join(THEME_DIR, 'noscript.css'),
    },
    bundle: true,
    write: false,
    outdir: OUT_DIR,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    loader: { '.woff2': 'file', '.woff': 'file' },
    assetNames: 'fonts/[name]-[hash]',
    // The CSS entry is named apart from the script so both can be "livedeck.*" once renamed.
    entryNames: '[name]',
    minify,
    sourcemap: minify ? false : 'inline',
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: join(PACKAGE_ROOT, 'client', 'tsconfig.json'),
  };
}

function collect(result: esbuild.BuildResult): AssetFiles {
  const files: AssetFiles = new Map();
  for (const file of result.outputFiles ?? []) {
    let name = relative(OUT_DIR, file.path).split('\\').join('/');
    if (name === 'livedeck-theme.css') name = 'livedeck.css';
    // esbuild emits a CSS file for the script entry only when it imports CSS; ours does not.
    files.set(name, file.contents);
  }
  return files;
}

function bundleError(e: unknown): LivedeckError {
  const failure = e as esbuild.BuildFailure;
  const first = failure.errors?.[0];
  return new LivedeckError('client-bundle', `cannot bundle the browser runtime: ${first?.text ?? (e as Error).message}`, {
    ...(first?.location ? { file: first.location.file, line: first.location.line, column: first.location.column + 1 } : {}),
    hint: 'this is a bug in livedeck\'s client or theme code, not in your deck',
  });
}

/** One-off build (static build, export). */
export async function buildClientAssets(): Promise<AssetFiles> {
  try {
    return collect(await esbuild.build(buildOptions(true)));
  } catch (e) {
    throw bundleError(e);
  }
}

/** Incremental builds for the dev server. */
export class ClientBundler {
  private context: esbuild.BuildContext | null = null;

  async build(): Promise<AssetFiles> {
    try {
      this.context ??= await esbuild.context(buildOptions(false));
      return collect(await this.context.rebuild());
    } catch (e) {
      throw bundleError(e);
    }
  }

  async dispose(): Promise<void> {
    await this.context?.dispose();
    this.context = null;
  }
}
