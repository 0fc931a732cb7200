// The deck compiler: a Markdown file -> the deck model (meta, slides with HTML, notes, terminal
// panes). Pure apart from reading the deck, its figures and its demos; every problem is a
// LivedeckError pointing at file:line:col.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Marked, type Tokens } from 'marked';
import { findDemosDir } from '../demos/layout.js';
import { LivedeckError, positionOf } from '../errors.js';
import { addAttribute, classList } from './attributes.js';
import { codeThemeColors } from './code-theme.js';
import { renderFigure, FigureError } from './figures.js';
import { countFragments } from './fragments.js';
import { parseFrontMatter } from './front-matter.js';
import { CodeInfoError, Highlighter, parseCodeInfo, resolveLanguage, type CodeBlock } from './highlight.js';
import { DEFAULT_CACHE_FILE, HighlightCache } from './highlight-cache.js';
import { renderMarkdown, type MarkdownHost } from './markdown.js';
import type { Deck, Slide, TerminalPaneSpec } from './model.js';
import { splitSlides } from './slides.js';
import { compileTerminal, TerminalFenceError } from './terminal-fence.js';

export interface CompileOptions {
  /** Kept between compiles (dev server) so shiki loads each language once. */
  highlighter?: Highlighter;
  /** Where demo folders are; found from the deck's folder when omitted. */
  demosDir?: string | null;
}

const sharedHighlighter = new Highlighter(new HighlightCache(DEFAULT_CACHE_FILE));

/** Compiles the deck at `file`. */
export async function compileDeck(file: string, options: CompileOptions = {}): Promise<Deck> {
  const path = resolve(file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LivedeckError('deck-not-found', code === 'ENOENT' ? `deck file not found: ${path}` : `cannot read deck ${path}: ${(e as Error).message}`, {
      hint: 'give the path of a Markdown deck, e.g. livedeck dev slides/virtualisation.md',
    });
  }
  // A binary file would parse as one slide of noise: say what it is instead (git's test).
  if (raw.includes('\0')) {
    throw new LivedeckError('deck-not-text', `${path} is not a text file (it holds NUL bytes): a deck is a Markdown file`, {
      hint: 'give the path of a Markdown deck, e.g. livedeck dev slides/virtualisation.md',
    });
  }
  const demosDir = options.demosDir !== undefined ? options.demosDir : findDemosDir(dirname(path));
  return compileDeckSource(raw, path, { ...options, demosDir });
}

/** Compiles deck text as if it were the file `path` (figures and demos resolve from there). */
export async function compileDeckSource(raw: string, path: string, options: CompileOptions = {}): Promise<Deck> {
  const source = raw.replace(/\r\n?/g, '\n');
  const baseDir = dirname(path);
  const demosDir = options.demosDir ?? null;
  const highlighter = options.highlighter ?? sharedHighlighter;
  const frontMatter = await parseFrontMatter(source, path);
  const { bodyOffset, warnings } = frontMatter;
  // The page names the deck's stylesheets and scripts by their content too, so saving one reloads
  // the open pages (the page changes) and no browser keeps an old copy.
  const versioned = (name: string) => `${name}?v=${createHash('sha256').update(readFileSync(resolve(baseDir, name))).digest('hex').slice(0, 10)}`;
  const meta = { ...frontMatter.meta, css: frontMatter.meta.css.map(versioned), scripts: frontMatter.meta.scripts.map(versioned) };
  const slideSources = splitSlides(source.slice(bodyOffset), bodyOffset, meta);
  if (slideSources.length === 0) {
    throw new LivedeckError('empty-deck', 'the deck has no slides', { file: path, line: positionOf(source, bodyOffset).line, source, hint: 'write Markdown after the front matter; separate slides with a line holding only ---' });
  }

  const at = (offset: number, column = 0) => {
    const pos = positionOf(source, offset);
    return { file: path, source, line: pos.line, column: pos.column + column };
  };

  // Highlighting is asynchronous (shiki loads on demand): find every code block first, prepare
  // them all, then render the slides synchronously.
  await highlighter.prepare(collectCodeBlocks(slideSources.flatMap((s) => [s.content, ...(s.notes ? [s.notes] : [])]), source, path));

  const dependencies = new Set<string>([path, ...[...frontMatter.meta.css, ...frontMatter.meta.scripts].map((name) => resolve(baseDir, name))]);
  const slides: Slide[] = slideSources.map((slideSource, index) => {
    const terminals: TerminalPaneSpec[] = [];
    const host: MarkdownHost = {
      file: path,
      source,
      code(code, info, offset) {
        try {
          const { lang, steps } = parseCodeInfo(info);
          const id = resolveLanguage(lang);
          return highlighter.render(code, id ?? 'text', steps);
        } catch (e) {
          if (e instanceof CodeInfoError) throw new LivedeckError('code-fence', e.message, { ...at(offset, 3 + e.column), hint: e.hint });
          throw e;
        }
      },
      terminal(info, body, offset) {
        try {
          const compiled = compileTerminal({ id: `s${index + 1}-t${terminals.length + 1}`, info, body, demosDir, file: path });
          terminals.push(compiled.spec);
          compiled.dependencies.forEach((d) => dependencies.add(d));
          return compiled.html;
        } catch (e) {
          if (e instanceof TerminalFenceError) throw new LivedeckError('terminal-fence', e.message, { ...at(offset, 3 + 'terminal '.length + e.column), hint: e.hint });
          if (e instanceof LivedeckError) {
            const hint = e.hint ? { hint: e.hint } : {};
            // A demo error that knows no place in the deck (unknown demo) points at the fence.
            if (e.file === undefined) throw new LivedeckError(e.code, e.message, { ...at(offset, 3), ...hint });
            // Inline steps are parsed on their own: their lines count from the fence's body.
            if (e.file === path && e.line !== undefined) {
              const fenceLine = positionOf(source, offset).line;
              throw new LivedeckError(e.code, e.message, { file: path, source, line: fenceLine + e.line, column: e.column ?? 1, ...hint });
            }
          }
          throw e;
        }
      },
      image(href, alt, title, attrs, offset) {
        try {
          const figure = renderFigure(baseDir, href, alt, title, attrs);
          if (figure.file) dependencies.add(figure.file);
          return figure.html;
        } catch (e) {
          if (e instanceof FigureError) throw new LivedeckError('figure', e.message, { ...at(offset), hint: e.hint });
          throw e;
        }
      },
    };
    const content = renderMarkdown(slideSource.content.text, slideSource.content.offset, host);
    const notesParts = [...content.notes];
    if (slideSource.notes) notesParts.push(renderMarkdown(slideSource.notes.text, slideSource.notes.offset, host).html);
    const notes = notesParts.join('').trim();
    return {
      index,
      h: slideSource.h,
      v: slideSource.v,
      line: positionOf(source, slideSource.content.offset).line,
      title: content.title,
      attributes: content.slideAttributes,
      html: content.html,
      notes: notes === '' ? null : notes,
      steps: 1 + countFragments(content.html),
      terminals,
    };
  });

  for (const slide of slides) {
    if (classList(slide.attributes).includes('title') && slide.attributes['data-footer'] === undefined) addAttribute(slide.attributes, 'data-footer', 'none');
  }
  const codeColors = meta.highlightTheme === null ? null : await codeThemeColors(meta.highlightTheme);
  return { file: path, baseDir, meta, slides, codeColors, dependencies: [...dependencies], warnings };
}

/** The code blocks of the given chunks, for the highlighter; an unknown language is an error
 * here (a malformed line-step list is reported when the block is rendered). */
function collectCodeBlocks(chunks: { text: string; offset: number }[], source: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lexer = new Marked({ gfm: true });
  for (const chunk of chunks) {
    lexer.walkTokens(lexer.lexer(chunk.text), (token) => {
      if (token.type !== 'code') return;
      const { text, lang: fenceInfo } = token as Tokens.Code;
      const info = fenceInfo ?? '';
      if (/^terminal(\s|$)/.test(info)) return;
      const lang = info.trim().split(/[\s[]/)[0]!.toLowerCase();
      const langId = resolveLanguage(lang);
      if (langId === null) {
        const offset = chunk.offset + chunk.text.indexOf(token.raw);
        const pos = positionOf(source, offset + token.raw.indexOf(lang));
        throw new LivedeckError('code-fence', `unknown code language "${lang}"`, { file, source, ...pos, hint: 'use a language shiki knows (bash, console, c, yaml, json, ini, ...) or "text"' });
      }
      try {
        blocks.push({ code: text, langId, steps: parseCodeInfo(info).steps });
      } catch (e) {
        if (!(e instanceof CodeInfoError)) throw e;
      }
    });
  }
  return blocks;
}

