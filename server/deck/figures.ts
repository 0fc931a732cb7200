// Images of a deck: paths relative to the deck file, checked at compile time. Local SVG files
// are inlined so they take the palette's CSS variables (and follow a light/dark switch).

import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { escapeHtml, injectAttributes, mergeAttributes, renderAttributes, type Attributes } from './attributes.js';

export class FigureError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

export interface FigureResult {
  html: string;
  /** Absolute path of the local file, or null for a remote image. */
  file: string | null;
}

const REMOTE = /^(https?:)?\/\//i;

/** Renders `![alt](href "title")` for a deck in `baseDir`. */
export function renderFigure(baseDir: string, href: string, alt: string, title: string | null, attrs: Attributes): FigureResult {
  const titleAttr: Attributes = title ? { title } : {};
  if (REMOTE.test(href) || href.startsWith('data:')) {
    return { html: `<img src="${escapeHtml(href)}" alt="${escapeHtml(alt)}"${renderAttributes({ ...titleAttr, ...attrs })}>`, file: null };
  }
  const path = decodeURI(href.split(/[?#]/)[0]!);
  const file = resolve(baseDir, path);
  const rel = relative(baseDir, file);
  if (rel.startsWith('..') || path.startsWith('/')) {
    throw new FigureError(`image "${href}" is outside the deck's folder`, 'keep figures beside the deck, e.g. figures/name.svg');
  }
  if (!existsSync(file)) throw new FigureError(`image "${href}" not found (looked for ${file})`, 'paths are relative to the deck file');
  if (!/\.svg$/i.test(file)) {
    return { html: `<img src="${escapeHtml(rel.split('\\').join('/'))}" alt="${escapeHtml(alt)}"${renderAttributes({ ...titleAttr, ...attrs })}>`, file };
  }
  const svg = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[\s\S]*?\?>/, '')
    .replace(/<!DOCTYPE[\s\S]*?>/i, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  if (!svg.startsWith('<svg')) throw new FigureError(`image "${href}" is not an SVG document`, 'the file must start with an <svg> element');
  const label: Attributes = alt ? { 'aria-label': alt, role: 'img' } : { 'aria-hidden': 'true' };
  return { html: injectAttributes(svg, mergeAttributes({ class: 'ld-svg', ...label, ...titleAttr }, attrs)), file };
}
