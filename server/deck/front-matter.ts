// YAML front matter: deck metadata, livedeck's keys and the ones reveal-md decks use (title, theme,
// highlightTheme, revealOptions, separator, verticalSeparator, css, scripts). A wrong value of a
// known key is an error that points at it in the deck file; a key nobody knows (`date:`, `tags:`)
// is a warning naming the nearest known key, so a reveal-md deck still presents.

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseDocument, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { LivedeckError, positionOf } from '../errors.js';
import type { DeckMeta } from './model.js';
import { nearestName, suggestion } from './nearest.js';
import { checkRevealOption, REVEAL_OPTION_KEYS } from './reveal-options.js';
import { HLJS_TO_SHIKI, isRevealTheme, REVEAL_THEMES } from './themes.js';
import type { DeckWarning } from './warnings.js';

const ASPECTS = { '16:9': [1280, 720], '16:10': [1280, 800], '4:3': [1024, 768] } as const;

/** Every accepted key, with what it must hold; the defaults live in `defaultMeta`. */
const KEYS = {
  title: 'a string',
  author: 'a string',
  lang: '"fr" or "en"',
  footer: 'a string, or false for no footer',
  theme: `"light", "dark" or a reveal.js theme (${Object.keys(REVEAL_THEMES).join(', ')})`,
  aspect: '"16:9", "16:10" or "4:3"',
  highlightTheme: 'the name of a shiki theme (or of a highlight.js style)',
  revealOptions: 'a map of reveal.js options',
  separator: 'a regular expression',
  verticalSeparator: 'a regular expression',
  css: 'a file name beside the deck, or a list of them',
  scripts: 'a file name beside the deck, or a list of them',
} as const;
type Key = keyof typeof KEYS;

export interface FrontMatter {
  meta: DeckMeta;
  /** Offset in the source where the slides start (after the closing `---`). */
  bodyOffset: number;
  warnings: DeckWarning[];
}

function defaultMeta(file: string): DeckMeta {
  const name = file.split('/').pop()?.replace(/\.md$/i, '') ?? 'deck';
  return {
    title: name, author: null, lang: 'en', footer: null, theme: 'light', width: 1280, height: 720, aspect: '16:9',
    revealTheme: null, highlightTheme: null, revealOptions: {}, separator: null, verticalSeparator: null, css: [], scripts: [],
  };
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/m;

/** Reads the front matter at the very top of `source`, if any. */
export async function parseFrontMatter(source: string, file: string): Promise<FrontMatter> {
  const meta = defaultMeta(file);
  const warnings: DeckWarning[] = [];
  const open = OPEN.exec(source);
  if (!open) return { meta, bodyOffset: 0, warnings };
  const yamlStart = open[0].length;
  const close = CLOSE.exec(source.slice(yamlStart));
  if (!close) {
    throw new LivedeckError('front-matter', 'front matter is not closed', {
      file, line: 1, column: 1, source,
      hint: 'end the YAML block with a line holding only ---',
    });
  }
  const yamlText = source.slice(yamlStart, yamlStart + close.index);
  const afterClose = yamlStart + close.index + close[0].length;
  const bodyOffset = source[afterClose] === '\r' ? afterClose + 2 : source[afterClose] === '\n' ? afterClose + 1 : afterClose;

  const at = (offsetInYaml: number) => ({ file, source, ...positionOf(source, yamlStart + offsetInYaml) });
  const nodeAt = (node: unknown) => at((node as Node | null)?.range?.[0] ?? 0);
  const warn = (node: unknown, message: string, hint?: string) => {
    const { line, column } = nodeAt(node);
    warnings.push({ message, file, line, column, ...(hint ? { hint } : {}) });
  };
  const doc = parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new LivedeckError('front-matter', `invalid YAML: ${e.message.split('\n')[0]}`, { ...at(yamlErrorOffset(yamlText, e.pos[0])) });
  }
  if (doc.contents === null) return { meta, bodyOffset, warnings };
  if (!isMap(doc.contents)) {
    throw new LivedeckError('front-matter', 'front matter must be a list of "key: value" lines', { ...at(0) });
  }

  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!(key in KEYS)) {
      // reveal-md decks carry keys of their own tools (date, tags, ...): they still present.
      const nearest = nearestName(key, Object.keys(KEYS));
      warn(keyNode, `unknown front matter key "${key}" (ignored)`, nearest ? `did you mean "${nearest}"?` : `known keys: ${Object.keys(KEYS).join(', ')}`);
      continue;
    }
    const valueNode = pair.value;
    const value = isScalar(valueNode) ? valueNode.value : undefined;
    const wrong = () => new LivedeckError('front-matter', `"${key}" must be ${KEYS[key as Key]}`, { ...nodeAt(valueNode) });
    switch (key as Key) {
      case 'title':
        if (typeof value !== 'string' || value.trim() === '') throw wrong();
        meta.title = value.trim();
        break;
      case 'author':
        if (typeof value !== 'string') throw wrong();
        meta.author = value.trim();
        break;
      case 'lang':
        if (value !== 'fr' && value !== 'en') throw wrong();
        meta.lang = value;
        break;
      case 'footer':
        if (value === false) meta.footer = null;
        else if (typeof value === 'string') meta.footer = value.trim();
        else throw wrong();
        break;
      case 'theme':
        if (value === 'light' || value === 'dark') {
          meta.theme = value;
          meta.revealTheme = null;
        } else if (typeof value === 'string' && isRevealTheme(value)) {
          meta.revealTheme = value;
          meta.theme = REVEAL_THEMES[value];
        } else {
          const hint = typeof value === 'string' ? { hint: suggestion(value, ['light', 'dark', ...Object.keys(REVEAL_THEMES)], 'themes') } : {};
          throw new LivedeckError('front-matter', `"theme" must be ${KEYS.theme}`, { ...nodeAt(valueNode), ...hint });
        }
        break;
      case 'aspect': {
        const aspect = String(value);
        if (!(aspect in ASPECTS)) throw wrong();
        meta.aspect = aspect as DeckMeta['aspect'];
        [meta.width, meta.height] = ASPECTS[meta.aspect];
        break;
      }
      case 'highlightTheme':
        if (typeof value !== 'string' || value.trim() === '') throw wrong();
        meta.highlightTheme = highlightTheme(value.trim(), await shikiThemeNames(), (message, hint) => warn(valueNode, message, hint));
        break;
      case 'revealOptions':
        readRevealOptions(pair, meta, warn, nodeAt);
        break;
      case 'separator':
      case 'verticalSeparator':
        if (typeof value !== 'string' || value === '') throw wrong();
        checkSeparator(value, () => nodeAt(valueNode), key);
        meta[key as 'separator' | 'verticalSeparator'] = value;
        break;
      case 'css':
      case 'scripts':
        meta[key as 'css' | 'scripts'] = localFiles(valueNode, dirname(file), key as 'css' | 'scripts', nodeAt);
        break;
    }
  }
  return { meta, bodyOffset, warnings };
}

/** The shiki theme for a `highlightTheme` name: shiki's own name, or the nearest one to a
 * highlight.js style; null (livedeck's palette, with a warning) when there is none. */
function highlightTheme(name: string, themes: string[], warn: (message: string, hint: string) => void): string | null {
  const shiki = themes.includes(name) ? name : HLJS_TO_SHIKI[name.replace(/\.css$/, '')];
  if (shiki) return shiki;
  const nearest = nearestName(name, themes);
  warn(`highlight theme "${name}" has no shiki equivalent: code keeps livedeck's colours`,
    nearest ? `did you mean "${nearest}"?` : 'name a shiki theme (https://shiki.style/themes), e.g. github-dark, monokai, nord, one-light');
  return null;
}

/** The names of shiki's bundled themes, loaded only when a deck names one (a cold start without
 * code to highlight loads no shiki). */
async function shikiThemeNames(): Promise<string[]> {
  const { bundledThemesInfo } = await import('shiki/themes');
  return bundledThemesInfo.map((theme) => theme.id);
}

function readRevealOptions(
  pair: Pair,
  meta: DeckMeta,
  warn: (node: unknown, message: string, hint?: string) => void,
  nodeAt: (node: unknown) => { file: string; source: string; line: number; column: number },
): void {
  const map = pair.value;
  if (!isMap(map)) throw new LivedeckError('front-matter', `"revealOptions" must be ${KEYS.revealOptions}`, { ...nodeAt(map ?? pair.key), hint: 'e.g. revealOptions: { transition: zoom, controls: false }' });
  for (const option of map.items) {
    const keyNode = option.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = option.value as Node | null;
    const value: unknown = valueNode === null ? null : valueNode.toJSON();
    const check = checkRevealOption(key, value);
    if (check.ok) {
      // The slide size is livedeck's page size too.
      if (key === 'width') meta.width = value as number;
      else if (key === 'height') meta.height = value as number;
      else meta.revealOptions[key] = value;
      continue;
    }
    switch (check.kind) {
      case 'unknown':
        warn(keyNode, `unknown reveal.js option "${key}" (ignored)`, suggestion(key, REVEAL_OPTION_KEYS, 'options'));
        break;
      case 'plugin':
        warn(keyNode, `reveal.js option "${key}" configures a plugin livedeck does not load (ignored)`);
        break;
      case 'own':
        warn(keyNode, `reveal.js option "${key}" is livedeck's to set (ignored)`, check.why);
        break;
      case 'wrong':
        throw new LivedeckError('front-matter', `reveal.js option "${key}" must be ${check.expected}`, { ...nodeAt(valueNode ?? keyNode) });
    }
  }
}

/** A separator is a regular expression, as in reveal-md, that must match some text (one that
 * matched nothing would make every character a slide). */
function checkSeparator(pattern: string, where: () => { file: string; source: string; line: number; column: number }, key: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'm');
  } catch (e) {
    throw new LivedeckError('front-matter', `"${key}" is not a regular expression: ${(e as Error).message}`, { ...where() });
  }
  if (regex.test('')) {
    throw new LivedeckError('front-matter', `"${key}" matches an empty text`, { ...where(), hint: 'reveal-md\'s default is "^\\n---\\n$" (a line holding only ---, with blank lines around it)' });
  }
}

/** `css` / `scripts`: one file name or a list (reveal-md also takes a comma-separated string),
 * each a file of the deck's folder. */
function localFiles(
  node: unknown,
  baseDir: string,
  key: 'css' | 'scripts',
  nodeAt: (node: unknown) => { file: string; source: string; line: number; column: number },
): string[] {
  const items: { name: unknown; node: unknown }[] = isSeq(node)
    ? node.items.map((item) => ({ name: isScalar(item) ? item.value : undefined, node: item }))
    : isScalar(node) && typeof node.value === 'string'
      ? node.value.split(',').map((name) => ({ name: name.trim(), node }))
      : [{ name: undefined, node }];
  return items.map(({ name, node: itemNode }) => {
    if (typeof name !== 'string' || name === '') throw new LivedeckError('front-matter', `"${key}" must be ${KEYS[key]}`, { ...nodeAt(itemNode) });
    const path = resolve(baseDir, name);
    const rel = relative(baseDir, path);
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(name) || isAbsolute(name) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new LivedeckError('front-matter', `${key} file "${name}" is not in the deck's folder`, { ...nodeAt(itemNode), hint: 'a deck presents offline: keep its files beside it and name them by a relative path' });
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new LivedeckError('front-matter', `${key} file "${name}" not found`, { ...nodeAt(itemNode), hint: `looked for ${path}` });
    }
    return rel.split(sep).join('/');
  });
}

/** Where to put the caret for a YAML error at `offset`. An unclosed quote or bracket is found only
 * at the end of the YAML, which is the closing `---`: the caret goes to the value of the last line
 * instead, where it was opened. */
function yamlErrorOffset(yamlText: string, offset: number): number {
  if (yamlText.slice(offset).trim() !== '') return offset;
  const lines = yamlText.slice(0, offset).replace(/\s+$/, '');
  const lineStart = lines.lastIndexOf('\n') + 1;
  const value = /^[^:#]*:[ \t]+/.exec(lines.slice(lineStart));
  return lineStart + (value ? value[0].length : 0);
}
