// Where a command writes what it makes (a static site's folder, a PDF): the file system's refusals
// (EACCES, ENOTDIR, EPERM, a read-only disk, /proc) turned into one-line errors that name the path,
// and folders made one level at a time, because a recursive mkdir under /proc never returns.

import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LivedeckError } from './errors.js';

/** Why the file system refused, in words (the code stays in brackets for a search). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENOTDIR':
      return 'a file is in the way where a folder should be (ENOTDIR)';
    case 'EISDIR':
      return 'it is a folder (EISDIR)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'ENOENT':
      return 'no files can be made there (ENOENT)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Makes `dir` and its missing parents, one level at a time; `fail` makes the error to throw. */
export async function makeFolders(dir: string, fail: (reason: string) => LivedeckError): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (!statSync(at).isDirectory()) throw fail(`${at} is a file, not a folder`);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fail(`cannot make the folder ${folder}: ${describeFsError(error)}`);
    }
  }
}
