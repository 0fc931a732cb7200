// HTML attributes written in the deck: reveal's `key="value"` lists (in `<!-- .slide: -->` and
// `<!-- .element: -->` comments) and Pandoc's `{#id .class key=value}` (on fenced divs), plus
// the small helpers that put them on rendered elements.

export type Attributes = Record<string, string>;

export class AttributeSyntaxError extends Error {
  /** Offset of the problem in the parsed text. */
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;

/** Parses `class="a b" data-x=1 hidden` (reveal style). */
export function parseAttributeList(text: string): Attributes {
  const attrs: Attributes = {};
  const re = /\s*([^\s="']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new AttributeSyntaxError(`cannot read attributes at "${text.slice(pos).trim()}"`, pos);
    const name = m[1]!;
    if (!NAME.test(name)) throw new AttributeSyntaxError(`"${name}" is not an attribute name`, pos + m[0].indexOf(name));
    addAttribute(attrs, name, m[2] ?? m[3] ?? m[4] ?? '');
    pos = re.lastIndex;
  }
  return attrs;
}

/** Parses the inside of Pandoc braces: `#id .class .other key=value key="quoted value"`. */
export function parsePandocAttributes(text: string): Attributes {
  const attrs: Attributes = {};
  const re = /\s*(?:#([-\w:.]+)|\.([-\w]+)|([-\w:.]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+)))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new AttributeSyntaxError(`cannot read "${text.slice(pos).trim()}"`, pos);
    if (m[1] !== undefined) attrs.id = m[1];
    else if (m[2] !== undefined) addAttribute(attrs, 'class', m[2]);
    else addAttribute(attrs, m[3]!, m[4] ?? m[5] ?? m[6] ?? '');
    pos = re.lastIndex;
  }
  return attrs;
}

/** Sets an attribute; classes accumulate. */
export function addAttribute(attrs: Attributes, name: string, value: string): void {
  if (name === 'class' && attrs.class) attrs.class = `${attrs.class} ${value}`.trim();
  else attrs[name] = value;
}

export function mergeAttributes(into: Attributes, from: Attributes): Attributes {
  for (const [name, value] of Object.entries(from)) addAttribute(into, name, value);
  return into;
}

export function classList(attrs: Attributes): string[] {
  return (attrs.class ?? '').split(/\s+/).filter(Boolean);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as const)[c as '&']};`);
}

export function renderAttributes(attrs: Attributes): string {
  return Object.entries(attrs).map(([name, value]) => (value === '' && name !== 'class' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`)).join('');
}

/**
 * Puts attributes on the first element of an HTML fragment (classes merge with existing ones,
 * other attributes replace). Used for `<!-- .element: -->`, which targets a rendered block.
 */
export function injectAttributes(html: string, attrs: Attributes): string {
  if (Object.keys(attrs).length === 0) return html;
  const m = /^(\s*<)([a-zA-Z][-a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)(\s*\/?>)/.exec(html);
  if (!m) return html;
  const existing = parseAttributeList(m[3]!);
  const merged = mergeAttributes(existing, attrs);
  return `${m[1]}${m[2]}${renderAttributes(merged)}${m[4]}${html.slice(m[0].length)}`;
}
