// Code fences -> highlighted HTML at build time with shiki, coloured through the palette's CSS
// variables, with reveal-style line steps (```bash [1|2-3]) rendered as stacked fragments.
// Only the languages a deck uses are loaded; the highlighter is kept for the next compile.

import { createHighlighterCore, createCssVariablesTheme, type HighlighterCore } from 'shiki/core';
import { createOnigurumaEngine } from 'shiki/engine/oniguruma';
import { bundledLanguages, bundledLanguagesInfo } from 'shiki/langs';
import { escapeHtml } from './attributes.js';

const THEME = createCssVariablesTheme({ name: 'livedeck', variablePrefix: '--ld-code-', fontStyle: true });
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

export class Highlighter {
  private core: HighlighterCore | null = null;
  private readonly loaded = new Set<string>();

  /** Loads the given languages (ids from resolveLanguage) if they are not loaded yet. */
  async prepare(langs: Iterable<string>): Promise<void> {
    const missing = [...new Set(langs)].filter((l) => l !== 'text' && !this.loaded.has(l));
    if (this.core === null) {
      this.core = await createHighlighterCore({ themes: [THEME], langs: [], engine: createOnigurumaEngine(import('shiki/wasm')) });
    }
    if (missing.length === 0) return;
    const importers = missing.map((id) => bundledLanguages[id as keyof typeof bundledLanguages]);
    await this.core.loadLanguage(...(await Promise.all(importers.map((load) => load()))).map((m) => m.default));
    for (const id of missing) this.loaded.add(id);
  }

  /** HTML for a code block whose language was prepared. */
  render(code: string, langId: string, steps: Set<number>[] | null): string {
    const text = code.replace(/\n$/, '');
    const one = (highlight: Set<number> | null, extraClass: string): string => {
      const dim = highlight !== null && highlight.size > 0;
      if (langId === 'text' || this.core === null) {
        const lines = text.split('\n').map((line, i) => `<span class="line${dim && !highlight.has(i + 1) ? ' dim' : ''}">${escapeHtml(line)}</span>`);
        return `<pre class="shiki livedeck${extraClass}"><code>${lines.join('\n')}</code></pre>`;
      }
      return this.core.codeToHtml(text, {
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

