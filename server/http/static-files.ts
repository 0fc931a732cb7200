// Serving files from a root folder without ever leaving it: the URL path is decoded, normalised
// and checked against the root, then the file's real path too (a symlink pointing out of the
// root is refused); dotfiles and anything outside answer 404.

import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.cast': 'application/x-asciicast',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` that a URL path names, or null when it would leave the root. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...parts);
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** `file` with every symlink resolved, or null when that leaves `root` (or does not exist). */
export function realpathInside(root: string, file: string): string | null {
  try {
    const base = realpathSync(root);
    const real = realpathSync(file);
    return real.startsWith(base + sep) ? real : null;
  } catch {
    return null;
  }
}

/** Streams a regular file; false when there is none (the caller answers 404). `file` is read
 * as given: resolve symlinks first (realpathInside) when they matter. */
export function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}): boolean {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Length': size, 'Cache-Control': 'no-cache', ...headers });
  createReadStream(file).pipe(res);
  return true;
}
