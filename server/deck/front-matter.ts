// YAML front matter: deck metadata, validated strictly (an unknown key or a wrong type is an error
// that points at the key in the deck file).

import { parseDocument, isMap, isScalar, type Scalar } from 'yaml';
import { LivedeckError, positionOf } from '../errors.js';
import type { DeckMeta } from './model.js';

const ASPECTS = { '16:9': [1280, 720], '16:10': [1280, 800], '4:3': [1024, 768] } as const;

/** Every accepted key, with what it must hold; the defaults live in `defaultMeta`. */
const KEYS = {
  title: 'a string',
  author: 'a string',
  lang: '"fr" or "en"',
  footer: 'a string, or false for no footer',
  theme: '"light" or "dark"',
  aspect: '"16:9", "16:10" or "4:3"',
} as const;
type Key = keyof typeof KEYS;

export interface FrontMatter {
  meta: DeckMeta;
  /** Offset in the source where the slides start (after the closing `---`). */
  bodyOffset: number;
}

function defaultMeta(file: string): DeckMeta {
  const name = file.split('/').pop()?.replace(/\.md$/i, '') ?? 'deck';
  return { title: name, author: null, lang: 'en', footer: null, theme: 'light', width: 1280, height: 720, aspect: '16:9' };
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/m;

/** Reads the front matter at the very top of `source`, if any. */
export function parseFrontMatter(source: string, file: string): FrontMatter {
  const meta = defaultMeta(file);
  const open = OPEN.exec(source);
  if (!open) return { meta, bodyOffset: 0 };
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
  const doc = parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new LivedeckError('front-matter', `invalid YAML: ${e.message.split('\n')[0]}`, { ...at(e.pos[0]) });
  }
  if (doc.contents === null) return { meta, bodyOffset };
  if (!isMap(doc.contents)) {
    throw new LivedeckError('front-matter', 'front matter must be a list of "key: value" lines', { ...at(0) });
  }

  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyPos = at(isScalar(keyNode) ? keyNode.range?.[0] ?? 0 : 0);
    if (!(key in KEYS)) {
      throw new LivedeckError('front-matter', `unknown front matter key "${key}"`, {
        ...keyPos, hint: `known keys: ${Object.keys(KEYS).join(', ')}`,
      });
    }
    const valueNode = pair.value;
    const value = isScalar(valueNode) ? (valueNode as Scalar).value : undefined;
    const valuePos = at(isScalar(valueNode) ? valueNode.range?.[0] ?? 0 : 0);
    const wrong = () => new LivedeckError('front-matter', `"${key}" must be ${KEYS[key as Key]}`, { ...valuePos });
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
        if (value !== 'light' && value !== 'dark') throw wrong();
        meta.theme = value;
        break;
      case 'aspect': {
        const aspect = String(value);
        if (!(aspect in ASPECTS)) throw wrong();
        meta.aspect = aspect as DeckMeta['aspect'];
        [meta.width, meta.height] = ASPECTS[meta.aspect];
        break;
      }
    }
  }
  return { meta, bodyOffset };
}
