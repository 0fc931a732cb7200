// Code fences -> highlighted HTML at build time with shiki, coloured through the palette's CSS
// variables, with reveal-style line steps (```bash [1|2-3]) rendered as stacked fragments.
// Shiki and the languages a deck uses load only when a block is not in the cache; the
// highlighter is kept for the next compile.

import { createHash } from 'node:crypto';
import type { HighlighterCore } from 'shiki/core';
import { bundledLanguagesInfo } from 'shiki/langs';
import { HighlightCache } from './highlight-cache.js';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from './attributes.js';

const PLAIN = new Set(['', 'text', 'txt', 'plain', 'plaintext']);

export interface CodeInfo {
  lang: string;
  /** Highlighted line sets, one per step; null when the fence has no `[...]`. Empty set = no highlight. */
  steps: Set<number>[] | null;
}

export class CodeInfoError extends Error {
  constructor(message: string, readonly hint: string, readonly column = 0) {
    super(message);
  }
}

/** Reads a fence's info string: `bash`, `bash [1|2-3]`, `c [2,4-5]`. */
export function parseCodeInfo(info: string): CodeInfo {
  const m = /^([^\s[]*)\s*(?:\[([^\]]*)\])?\s*$/.exec(info.trim());
  if (!m) throw new CodeInfoError(`cannot read the code fence info "${info}"`, 'write ```lang or ```lang [1|2-3]');
  const lang = m[1]!.toLowerCase();
  if (m[2] === undefined) return { lang, steps: null };
  const steps = m[2].split('|').map((step) => {
    const lines = new Set<number>();
    for (const part of step.split(',').map((p) => p.trim()).filter(Boolean)) {
      const range = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!range) throw new CodeInfoError(`"${part}" is not a line number or range`, 'line steps look like [1|2-3|5,7]', info.indexOf(part));
      const from = Number(range[1]);
      const to = Number(range[2] ?? range[1]);
      if (from < 1 || to < from) throw new CodeInfoError(`line range "${part}" is empty`, 'ranges go from a smaller to a larger line, starting at 1', info.indexOf(part));
      for (let n = from; n <= to; n++) lines.add(n);
    }
    return lines;
  });
  return { lang, steps };
}

/** Canonical shiki language id for a fence language, or null when shiki does not know it. */
export function resolveLanguage(lang: string): string | null {
  if (PLAIN.has(lang)) return 'text';
  const info = bundledLanguagesInfo.find((l) => l.id === lang || l.aliases?.includes(lang));
  return info ? info.id : null;
}

/**
 * Loads shiki's regex engine from its .wasm file. Shiki's default loader decodes a base64 copy
 * and, by testing for `Response`, makes Node load its whole fetch implementation: together
 * about 90 ms of every cold start.
 */
async function instantiateOniguruma(imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> {
  const bytes = await readFile(fileURLToPath(import.meta.resolve('shiki/onig.wasm')));
  return WebAssembly.instantiate(bytes, imports);
}

/** A code block to highlight: its text, shiki language id and line steps. */
export interface CodeBlock {
  code: string;
  langId: string;
  steps: Set<number>[] | null;
}

/**
 * Highlights code blocks, remembering the HTML of every block it has seen in a small disk cache
 * (highlight-cache.ts): a deck whose code did not change compiles without loading shiki at all,
 * which is most of a cold start.
 */
export class Highlighter {
  private core: HighlighterCore | null = null;
  private readonly loaded = new Set<string>();

  constructor(private readonly cache: HighlightCache = new HighlightCache(null)) {}

  /** Highlights (or finds in the cache) every block that `render` will be asked for. */
  async prepare(blocks: CodeBlock[]): Promise<void> {
    await this.cache.load();
    const highlighted = blocks.filter((b) => b.langId !== 'text');
    // has() marks each hit as just used, so the pruning below drops other decks' blocks first.
    const missing = highlighted.filter((b) => !this.cache.has(cacheKey(b)));
    if (missing.length === 0) return;
    await this.loadLanguages(missing.map((b) => b.langId));
    for (const block of missing) this.cache.set(cacheKey(block), this.highlight(block));
    this.cache.prune(new Set(highlighted.map(cacheKey)));
    await this.cache.save();
  }

  /** HTML for a code block that went through `prepare` (plain text needs no preparing). */
  render(code: string, langId: string, steps: Set<number>[] | null): string {
    const block = { code, langId, steps };
    if (langId === 'text') return this.highlight(block);
    const cached = this.cache.get(cacheKey(block));
    if (cached === undefined) throw new Error(`livedeck: code block in ${langId} was not prepared`);
    return cached;
  }

  private async loadLanguages(langs: string[]): Promise<void> {
    if (this.core === null) {
      const [{ createHighlighterCore, createCssVariablesTheme }, { createOnigurumaEngine }] = await Promise.all([import('shiki/core'), import('shiki/engine/oniguruma')]);
      const theme = createCssVariablesTheme({ name: 'livedeck', variablePrefix: '--ld-code-', fontStyle: true });
      this.core = await createHighlighterCore({ themes: [theme], langs: [], engine: createOnigurumaEngine({ instantiator: instantiateOniguruma }) });
    }
    const missing = [...new Set(langs)].filter((l) => !this.loaded.has(l));
    if (missing.length === 0) return;
    const { bundledLanguages } = await import('shiki/langs');
    const modules = await Promise.all(missing.map((id) => bundledLanguages[id as keyof typeof bundledLanguages]()));
    await this.core.loadLanguage(...modules.map((m) => m.default));
    for (const id of missing) this.loaded.add(id);
  }

  private highlight({ code, langId, steps }: CodeBlock): string {
    const text = code.replace(/\n$/, '');
    const core = this.core;
    const one = (highlight: Set<number> | null, extraClass: string): string => {
      const dim = highlight !== null && highlight.size > 0;
      if (langId === 'text' || core === null) {
        const lines = text.split('\n').map((line, i) => `<span class="line${dim && !highlight.has(i + 1) ? ' dim' : ''}">${escapeHtml(line)}</span>`);
        return `<pre class="shiki livedeck${extraClass}"><code>${lines.join('\n')}</code></pre>`;
      }
      return core.codeToHtml(text, {
        lang: langId,
        theme: 'livedeck',
        transformers: [{
          pre(node) {
            this.addClassToHast(node, extraClass.trim().split(' ').filter(Boolean));
            delete node.properties.tabindex;
          },
          line(node, line) {
            if (dim && !highlight.has(line)) this.addClassToHast(node, 'dim');
          },
        }],
      });
    };
    if (steps === null || steps.length === 0) return one(null, '');
    if (steps.length === 1) return one(steps[0]!, ' ld-code-highlight');
    // One copy per step, stacked in one grid cell: each later step is a fragment drawn over the
    // earlier ones, so stepping forward and backward (and reveal's PDF print) need no script.
    const copies = steps.map((lines, i) => {
      const kind = i === 0 ? '' : i === steps.length - 1 ? ' fragment' : ' fragment current-visible';
      return one(lines, ` ld-code-step${kind}`);
    });
    return `<div class="ld-code-steps">${copies.join('')}</div>`;
  }
}

function cacheKey({ code, langId, steps }: CodeBlock): string {
  return createHash('sha256').update(JSON.stringify([langId, steps?.map((set) => [...set]) ?? null, code])).digest('base64url');
}
