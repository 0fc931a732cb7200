// Slide Markdown -> HTML. marked tokenises (with two block extensions: Pandoc fenced divs and
// `. . .` pauses); this module walks the tokens itself so it can place reveal attribute comments
// on the right element, turn pauses and incremental lists into fragments, and hand code fences
// to the highlighter, terminal fences to the terminal compiler and images to the figure loader.

import { Marked, type Token, type Tokens, type TokenizerExtension } from 'marked';
import {
  AttributeSyntaxError, addAttribute, classList, escapeHtml, injectAttributes, mergeAttributes,
  parseAttributeList, parsePandocAttributes, renderAttributes, type Attributes,
} from './attributes.js';
import { LivedeckError, positionOf, type ErrorCode } from '../errors.js';

/** What the renderer needs from the rest of the compiler; every callback gets an absolute offset. */
export interface MarkdownHost {
  file: string;
  /** The whole deck file, for error positions. */
  source: string;
  /** Highlights a code block (see highlight.ts); throws LivedeckError for an unknown language. */
  code(code: string, info: string, offset: number): string;
  /** Compiles a ```terminal fence into its pane HTML. */
  terminal(info: string, body: string, offset: number): string;
  /** An image: inline SVG for local .svg files, an <img> otherwise. */
  image(href: string, alt: string, title: string | null, attrs: Attributes, offset: number): string;
}

export interface RenderedMarkdown {
  html: string;
  /** Attributes collected from `<!-- .slide: -->` comments. */
  slideAttributes: Attributes;
  /** HTML of `::: notes` blocks. */
  notes: string[];
  /** Plain text of the first heading. */
  title: string | null;
}

interface FencedDiv {
  type: 'fencedDiv';
  raw: string;
  attrs: string;
  /** Offset of the body inside `raw`. */
  bodyStart: number;
  closed: boolean;
  tokens: Token[];
}

const DIV_OPEN = /^ {0,3}(:{3,})[ \t]*(\{[^}\n]*\}|[-\w]+)?[ \t]*:*[ \t]*(?:\n|$)/;
const DIV_CLOSE = /^ {0,3}:{3,}[ \t]*$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const PAUSE = /^ {0,3}\. \. \.[ \t]*(?:\n+|$)/;
const ELEMENT_COMMENT = /^\s*<!--\s*\.element:\s*([\s\S]*?)\s*-->\s*$/;
const SLIDE_COMMENT = /<!--\s*\.slide:\s*([\s\S]*?)\s*-->/g;

const fencedDiv: TokenizerExtension = {
  name: 'fencedDiv',
  level: 'block',
  start(src) {
    const m = /(^|\n) {0,3}:{3,}/.exec(src);
    return m ? m.index + m[1]!.length : undefined;
  },
  tokenizer(src) {
    const open = DIV_OPEN.exec(src);
    if (!open || !open[2]) return undefined;
    // Find the matching close line, counting nested opens and skipping code blocks.
    const lines = src.slice(open[0].length).split('\n');
    let depth = 1;
    let fence: string | null = null;
    let consumed = open[0].length;
    let bodyEnd = -1;
    for (const line of lines) {
      const code = CODE_FENCE.exec(line);
      if (fence !== null) {
        if (code && code[1]![0] === fence[0] && code[1]!.length >= fence.length && line.trim() === code[1]) fence = null;
      } else if (code) {
        fence = code[1]!;
      } else if (DIV_CLOSE.test(line)) {
        if (--depth === 0) {
          bodyEnd = consumed;
          consumed += line.length + 1;
          break;
        }
      } else if (DIV_OPEN.exec(line)?.[2]) {
        depth++;
      }
      consumed += line.length + 1;
    }
    const closed = bodyEnd >= 0;
    const raw = src.slice(0, Math.min(consumed, src.length));
    const body = src.slice(open[0].length, closed ? bodyEnd : src.length);
    const token: FencedDiv = {
      type: 'fencedDiv', raw, attrs: open[2], bodyStart: open[0].length, closed,
      tokens: this.lexer.blockTokens(body, []),
    };
    return token as unknown as Tokens.Generic;
  },
};

const pause: TokenizerExtension = {
  name: 'pause',
  level: 'block',
  start(src) {
    const m = /(^|\n) {0,3}\. \. \./.exec(src);
    return m ? m.index + m[1]!.length : undefined;
  },
  tokenizer(src) {
    const m = PAUSE.exec(src);
    return m ? { type: 'pause', raw: m[0] } : undefined;
  },
};

/** Renders one chunk of slide Markdown (content or notes) that starts at `offset` in the file. */
export function renderMarkdown(text: string, offset: number, host: MarkdownHost): RenderedMarkdown {
  return new SlideRenderer(host).render(text, offset);
}

class SlideRenderer {
  private readonly marked: Marked;
  private readonly offsets = new WeakMap<object, number>();
  private readonly elementAttrs = new WeakMap<object, Attributes>();
  private readonly slideAttributes: Attributes = {};
  private readonly notes: string[] = [];
  private title: string | null = null;

  constructor(private readonly host: MarkdownHost) {
    this.marked = new Marked({ gfm: true, extensions: [fencedDiv, pause] });
    this.marked.use({
      renderer: {
        // Inline images (not alone in their paragraph) still go through the figure loader.
        image: (token) => this.host.image(token.href, token.text, token.title ?? null, this.elementAttrs.get(token) ?? {}, this.offsetOf(token)),
      },
    });
  }

  render(text: string, offset: number): RenderedMarkdown {
    const tokens = this.marked.lexer(text);
    this.locate(tokens, text, offset);
    this.collectComments(tokens);
    const html = this.blocks(tokens, { incremental: false });
    return { html, slideAttributes: this.slideAttributes, notes: this.notes, title: this.title };
  }

  // ---- positions -------------------------------------------------------------------------

  /** Records the absolute offset of every token, searching each child's raw text in its parent. */
  private locate(tokens: Token[], parentRaw: string, parentOffset: number): void {
    let cursor = 0;
    for (const token of tokens) {
      const at = token.raw ? parentRaw.indexOf(token.raw, cursor) : -1;
      const offset = at >= 0 ? parentOffset + at : parentOffset + cursor;
      if (at >= 0) cursor = at + token.raw.length;
      this.offsets.set(token, offset);
      if (token.type === 'fencedDiv') {
        const div = token as unknown as FencedDiv;
        this.locate(div.tokens, div.raw.slice(div.bodyStart), offset + div.bodyStart);
      } else if (token.type === 'list') {
        this.locate((token as Tokens.List).items as unknown as Token[], token.raw, offset);
      } else if ('tokens' in token && Array.isArray(token.tokens)) {
        this.locate(token.tokens, token.raw, offset);
      }
    }
  }

  private offsetOf(token: object): number {
    return this.offsets.get(token) ?? 0;
  }

  private error(code: ErrorCode, message: string, offset: number, hint?: string): LivedeckError {
    return new LivedeckError(code, message, {
      file: this.host.file, source: this.host.source, ...positionOf(this.host.source, offset), ...(hint ? { hint } : {}),
    });
  }

  private attributeList(text: string, offset: number, pandoc = false): Attributes {
    try {
      return pandoc ? parsePandocAttributes(text) : parseAttributeList(text);
    } catch (e) {
      if (e instanceof AttributeSyntaxError) throw this.error('attributes', e.message, offset + e.offset, 'write attributes as name="value", separated by spaces');
      throw e;
    }
  }

  // ---- attribute comments ----------------------------------------------------------------

  /**
   * Moves `<!-- .slide: -->` comments to the slide and `<!-- .element: -->` comments to the element
   * they follow: a comment ending a paragraph, heading or list item applies to that whole block
   * (an image alone in its paragraph takes it itself); a comment on its own line applies to the
   * block just before it.
   */
  private collectComments(tokens: Token[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'html' || token.type === 'paragraph') this.takeSlideComments(token);
      if (token.type === 'html') {
        const m = ELEMENT_COMMENT.exec(token.raw);
        if (m) {
          const target = previousBlock(tokens, i);
          if (!target) throw this.error('attributes', '<!-- .element: --> has no element before it', this.offsetOf(token), 'put the comment right after the block it applies to');
          this.addElementAttrs(target, this.attributeList(m[1]!, this.offsetOf(token) + token.raw.indexOf(m[1]!)));
          tokens.splice(i--, 1);
        } else if (token.raw.trim() === '') {
          tokens.splice(i--, 1);
        }
        continue;
      }
      if (token.type === 'paragraph' || token.type === 'heading') {
        const attrs = this.takeTrailingComment(token as Tokens.Paragraph);
        if (attrs) {
          const image = soleImage(token as Tokens.Paragraph);
          this.addElementAttrs(image ?? token, attrs);
        }
      } else if (token.type === 'list') {
        for (const item of (token as Tokens.List).items) {
          const first = item.tokens[0];
          if (first && (first.type === 'text' || first.type === 'paragraph')) {
            const attrs = this.takeTrailingComment(first as Tokens.Paragraph);
            if (attrs) this.addElementAttrs(item, attrs);
          }
          this.collectComments(item.tokens);
        }
      } else if (token.type === 'fencedDiv') {
        this.collectComments((token as unknown as FencedDiv).tokens);
      } else if (token.type === 'blockquote') {
        this.collectComments((token as Tokens.Blockquote).tokens);
      }
    }
  }

  private takeSlideComments(token: Token): void {
    if (!token.raw.includes('.slide:')) return;
    const inline = 'tokens' in token && Array.isArray(token.tokens) ? token.tokens : [token];
    for (const part of inline) {
      if (part.type !== 'html') continue;
      for (const m of part.raw.matchAll(SLIDE_COMMENT)) {
        const at = this.offsetOf(part) + m.index + m[0].indexOf(m[1]!);
        mergeAttributes(this.slideAttributes, this.attributeList(m[1]!, at));
      }
      (part as Tokens.HTML).text = part.raw.replace(SLIDE_COMMENT, '');
      (part as { raw: string }).raw = (part as Tokens.HTML).text;
    }
  }

  /** Removes an `.element` comment that ends the inline content of a block; returns its attributes. */
  private takeTrailingComment(block: Tokens.Paragraph | Tokens.Text): Attributes | null {
    const inline = block.tokens;
    if (!inline) return null;
    let last = inline.length - 1;
    while (last >= 0 && inline[last]!.type === 'text' && inline[last]!.raw.trim() === '') last--;
    const comment = inline[last];
    if (!comment || comment.type !== 'html') return null;
    const m = ELEMENT_COMMENT.exec(comment.raw);
    if (!m) return null;
    const attrs = this.attributeList(m[1]!, this.offsetOf(comment) + comment.raw.indexOf(m[1]!));
    inline.splice(last);
    // Drop the whitespace that separated the comment from the content.
    const tail = inline[inline.length - 1];
    if (tail && tail.type === 'text') {
      (tail as Tokens.Text).text = (tail as Tokens.Text).text.replace(/\s+$/, '');
    }
    return attrs;
  }

  private addElementAttrs(target: object, attrs: Attributes): void {
    this.elementAttrs.set(target, mergeAttributes(this.elementAttrs.get(target) ?? {}, attrs));
  }

  // ---- rendering -------------------------------------------------------------------------

  /** Renders a list of blocks; content after each `. . .` becomes the next fragment. */
  private blocks(tokens: Token[], ctx: { incremental: boolean }): string {
    const groups: Token[][] = [[]];
    for (const token of tokens) {
      if (token.type === 'pause') groups.push([]);
      else groups[groups.length - 1]!.push(token);
    }
    return groups
      .map((group, i) => {
        const html = group.map((token) => this.block(token, ctx)).join('');
        return i === 0 ? html : `<div class="fragment">${html}</div>`;
      })
      .join('');
  }

  private block(token: Token, ctx: { incremental: boolean }): string {
    const attrs = this.elementAttrs.get(token) ?? {};
    switch (token.type) {
      case 'space':
        return '';
      case 'heading': {
        const heading = token as Tokens.Heading;
        const inner = this.inline(heading.tokens);
        if (this.title === null) this.title = plainText(inner);
        return injectAttributes(`<h${heading.depth}>${inner}</h${heading.depth}>\n`, attrs);
      }
      case 'paragraph': {
        const paragraph = token as Tokens.Paragraph;
        const image = soleImage(paragraph);
        if (image) return `<p class="ld-figure">${this.inline(paragraph.tokens)}</p>\n`;
        return injectAttributes(`<p>${this.inline(paragraph.tokens)}</p>\n`, attrs);
      }
      case 'text': {
        const text = token as Tokens.Text;
        return text.tokens ? this.inline(text.tokens) : escapeHtml(text.text);
      }
      case 'list':
        return this.list(token as Tokens.List, attrs, ctx);
      case 'code': {
        const code = token as Tokens.Code;
        const info = code.lang ?? '';
        const offset = this.offsetOf(token);
        const html = /^terminal(\s|$)/.test(info)
          ? this.host.terminal(info.slice('terminal'.length).trim(), code.text, offset)
          : this.host.code(code.text, info, offset);
        return injectAttributes(html, attrs) + '\n';
      }
      case 'fencedDiv':
        return this.div(token as unknown as FencedDiv, ctx);
      case 'html':
        return token.raw;
      default:
        // Tables, block quotes, rules: marked's own rendering, with any element attributes.
        return injectAttributes(new this.marked.Parser(this.marked.defaults).parse([token]), attrs);
    }
  }

  private list(list: Tokens.List, attrs: Attributes, ctx: { incremental: boolean }): string {
    const tag = list.ordered ? 'ol' : 'ul';
    const start = list.ordered && list.start !== 1 && list.start !== '' ? ` start="${list.start}"` : '';
    const items = list.items
      .map((item) => {
        const itemAttrs = { ...(this.elementAttrs.get(item) ?? {}) };
        if (ctx.incremental) addAttribute(itemAttrs, 'class', 'fragment');
        const checkbox = item.task ? `<input type="checkbox" disabled${item.checked ? ' checked' : ''}> ` : '';
        // Nested lists inside an incremental item appear with their item.
        return `<li${renderAttributes(itemAttrs)}>${checkbox}${this.blocks(item.tokens, { incremental: false })}</li>\n`;
      })
      .join('');
    return injectAttributes(`<${tag}${start}>\n${items}</${tag}>\n`, attrs);
  }

  private div(div: FencedDiv, ctx: { incremental: boolean }): string {
    const offset = this.offsetOf(div);
    if (!div.closed) throw this.error('fenced-div', `fenced div "::: ${div.attrs}" is not closed`, offset, 'close it with a line holding only :::');
    const attrs = div.attrs.startsWith('{')
      ? this.attributeList(div.attrs.slice(1, -1), offset + div.raw.indexOf(div.attrs) + 1, true)
      : { class: div.attrs };
    const classes = classList(attrs);
    if (classes.includes('notes')) {
      this.notes.push(this.blocks(div.tokens, { incremental: false }));
      return '';
    }
    let incremental = ctx.incremental;
    if (classes.includes('incremental')) incremental = true;
    if (classes.includes('nonincremental')) incremental = false;
    const { title, width, ...rest } = attrs;
    const htmlAttrs: Attributes = rest;
    if (classes.includes('incremental') || classes.includes('nonincremental')) {
      htmlAttrs.class = classes.filter((c) => c !== 'incremental' && c !== 'nonincremental').join(' ');
      if (htmlAttrs.class === '') delete htmlAttrs.class;
      // A bare `::: incremental` only changes how its lists appear; it adds no box.
      if (Object.keys(htmlAttrs).length === 0) return this.blocks(div.tokens, { incremental });
    }
    if (width !== undefined) {
      if (!/^\d+(\.\d+)?(%|px|em|rem)?$/.test(width)) throw this.error('fenced-div', `width "${width}" is not a CSS length`, offset, 'use e.g. width="40%"');
      htmlAttrs.style = `${htmlAttrs.style ? htmlAttrs.style + ';' : ''}flex:0 0 ${/\d$/.test(width) ? `${width}%` : width}`;
    }
    const heading = title !== undefined ? `<div class="ld-block-title">${this.marked.parseInline(title) as string}</div>` : '';
    return `<div${renderAttributes(htmlAttrs)}>${heading}${this.blocks(div.tokens, { incremental })}</div>\n`;
  }

  private inline(tokens: Token[]): string {
    return new this.marked.Parser(this.marked.defaults).parseInline(tokens);
  }
}

/** The block before position `i`, skipping blank space. */
function previousBlock(tokens: Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) {
    if (tokens[j]!.type !== 'space') return tokens[j];
  }
  return undefined;
}

/** The image of a paragraph that holds nothing else, or null. */
function soleImage(paragraph: Tokens.Paragraph): Tokens.Image | null {
  const meaningful = paragraph.tokens.filter((t) => !(t.type === 'text' && t.raw.trim() === ''));
  return meaningful.length === 1 && meaningful[0]!.type === 'image' ? (meaningful[0] as Tokens.Image) : null;
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')
    .trim();
}
