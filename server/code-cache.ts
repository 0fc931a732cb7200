// require() of a big CommonJS package with V8's code cache kept on disk (node_modules/.cache/livedeck/
// code/), so that a fresh process does not compile it again: playwright-core is 7 MB of JavaScript
// whose compilation took 0.2 s of every `livedeck export`. Node >= 22.1 does this itself
// (module.enableCompileCache); Node 20 needs the hook below. A missing, stale or unwritable cache
// only costs speed, never an error: V8 checks the data against the source and rejects what does not
// match (another version of the package or of Node), and the file is then written anew.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
import { constants, Script } from 'node:vm';
import { PACKAGE_ROOT } from './paths.js';

export const CODE_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'livedeck', 'code');

/** What the hook needs of node's CommonJS loader (documented in node's own source, not typed). */
interface LoaderModule {
  _compile(content: string, filename: string): unknown;
  exports: unknown;
}
type ModuleWithCompile = typeof Module & { prototype: LoaderModule; wrap(content: string): string };

/** `require(specifier)` from `from` (a module's import.meta.url), the package's own files compiled
 * with the code cache kept in `dir`. */
export function requireWithCodeCache(specifier: string, from: string, dir = CODE_CACHE_DIR): unknown {
  const require = createRequire(from);
  const withBuiltin = Module as typeof Module & { enableCompileCache?: (dir: string) => unknown };
  if (typeof withBuiltin.enableCompileCache === 'function') {
    withBuiltin.enableCompileCache(dir);
    return require(specifier);
  }
  const packageDir = dirname(require.resolve(`${specifier}/package.json`)) + sep;
  const loader = Module as ModuleWithCompile;
  const compile = loader.prototype._compile;
  // WARNING: replaces node's CommonJS compile step for the duration of this one synchronous
  // require (as v8-compile-cache and yarn do), for the package's own files only; every other
  // file, and every require after this call, goes through node's own code.
  loader.prototype._compile = function (this: LoaderModule, content: string, filename: string): unknown {
    if (!filename.startsWith(packageDir)) return compile.call(this, content, filename);
    return compileWithCache(this, loader.wrap(content), filename, dir);
  };
  try {
    return require(specifier);
  } finally {
    loader.prototype._compile = compile;
  }
}

function compileWithCache(module: LoaderModule, wrapped: string, filename: string, dir: string): unknown {
  const cacheFile = join(dir, `${createHash('sha1').update(`${process.version}\0${filename}`).digest('hex')}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // A cold cache.
  }
  // import() inside the package resolves as in any CommonJS module node loads itself.
  const script = new Script(wrapped, { filename, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: LoaderModule, filename: string, dirname: string) => unknown;
  const result = run.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  if (cachedData === undefined || script.cachedDataRejected === true) writeAtExit(cacheFile, script);
  return result;
}

const pending = new Map<string, Script>();

/** Written as the process exits, so the data also holds the functions compiled while the package
 * was used (launching a browser, printing): 50 ms of compiling less in the next process than with
 * data written right after loading. */
function writeAtExit(file: string, script: Script): void {
  if (pending.size === 0) process.once('exit', () => pending.forEach((s, f) => writeCache(f, s.createCachedData())));
  pending.set(file, script);
}

function writeCache(file: string, data: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data);
    renameSync(temp, file); // another process reading it never sees half a file
  } catch {
    // An unwritable cache only costs speed.
  }
}
