// The browser side, built with esbuild: the runtime (client/main.ts -> livedeck.js, a classic
// script so it also runs from file://), the theme (theme/livedeck.css with reveal.js, xterm.js
// and the fonts it imports), the no-JavaScript stylesheet, and the presenter view of `livedeck dev`
// (client/presenter/ -> presenter.js, theme/presenter.css).
// `npm run build` writes them to dist/assets; the dev server and the static build reuse that copy
// while it is newer than every source, and rebuild in memory otherwise.

import type * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CLIENT_DIR, CLIENT_ENTRY, COMMON_DIR, PACKAGE_ROOT, THEME_DIR } from '../paths.js';
import { LivedeckError } from '../errors.js';
import { offlineFonts, revealThemeEntries } from './reveal-themes.js';

/** Output files by their path relative to the assets folder, e.g. "livedeck.js", "fonts/x.woff2". */
export type AssetFiles = Map<string, Uint8Array>;

export const PREBUILT_ASSETS = join(PACKAGE_ROOT, 'dist', 'assets');
// reveal-themes.ts decides what the reveal.js themes' font imports become.
const SOURCES = [CLIENT_DIR, THEME_DIR, COMMON_DIR, join(PACKAGE_ROOT, 'server', 'assets', 'reveal-themes.ts'), join(PACKAGE_ROOT, 'package-lock.json')];

/** esbuild starts a service process: load it only when a build is really needed. */
function loadEsbuild(): Promise<typeof esbuild> {
  return import('esbuild');
}

function buildOptions(dev: boolean): esbuild.BuildOptions {
  return {
    entryPoints: {
      livedeck: CLIENT_ENTRY,
      // Styles are named apart from the scripts' entries, then renamed to livedeck.css, presenter.css in `collect`.
      'livedeck-theme': join(THEME_DIR, 'livedeck.css'),
      presenter: join(CLIENT_DIR, 'presenter', 'main.ts'),
      'presenter-theme': join(THEME_DIR, 'presenter.css'),
      noscript: join(THEME_DIR, 'noscript.css'),
      // Decks with a reveal.js theme: livedeck's styles without its look, and the theme.
      'reveal-base-theme': join(THEME_DIR, 'reveal-base.css'),
      ...revealThemeEntries(),
    },
    plugins: [offlineFonts],
    bundle: true,
    write: false,
    outdir: PREBUILT_ASSETS,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    loader: { '.woff2': 'file', '.woff': 'file' },
    assetNames: 'fonts/[name]-[hash]',
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: join(CLIENT_DIR, 'tsconfig.json'),
  };
}

function collect(result: esbuild.BuildResult): AssetFiles {
  const files: AssetFiles = new Map();
  for (const file of result.outputFiles ?? []) {
    const name = relative(PREBUILT_ASSETS, file.path).split('\\').join('/');
    files.set(name.replace(/-theme\.css$/, '.css'), file.contents);
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

/** Builds the assets (minified) and writes them to `dir` (npm run build: dist/assets). */
export async function writePrebuiltAssets(dir = PREBUILT_ASSETS): Promise<AssetFiles> {
  let files: AssetFiles;
  try {
    files = collect(await (await loadEsbuild()).build(buildOptions(false)));
  } catch (e) {
    throw bundleError(e);
  }
  rmSync(dir, { recursive: true, force: true });
  for (const [name, contents] of files) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
  return files;
}

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function readTree(dir: string, files: AssetFiles = new Map(), base = dir): AssetFiles {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, files, base);
    else files.set(relative(base, path).split('\\').join('/'), readFileSync(path));
  }
  return files;
}

/** dist/assets when it is newer than every client, theme and common source; otherwise null. */
export function loadPrebuiltAssets(): AssetFiles | null {
  const built = statSync(join(PREBUILT_ASSETS, 'livedeck.js'), { throwIfNoEntry: false });
  if (!built || SOURCES.some((source) => newestMtime(source) > built.mtimeMs)) return null;
  return readTree(PREBUILT_ASSETS);
}

/** The assets for a one-off use (static build, export): the prebuilt copy, or a fresh build. */
export async function clientAssets(): Promise<AssetFiles> {
  const prebuilt = loadPrebuiltAssets();
  if (prebuilt) return prebuilt;
  try {
    return collect(await (await loadEsbuild()).build(buildOptions(false)));
  } catch (e) {
    throw bundleError(e);
  }
}

/** The dev server's assets: the prebuilt copy first, then incremental rebuilds on change. */
export class ClientBundler {
  private context: esbuild.BuildContext | null = null;

  /** First load: no esbuild at all when dist/assets is fresh. */
  async initial(): Promise<AssetFiles> {
    return loadPrebuiltAssets() ?? this.rebuild();
  }

  async rebuild(): Promise<AssetFiles> {
    try {
      this.context ??= await (await loadEsbuild()).context(buildOptions(true));
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
