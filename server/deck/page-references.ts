// The files a compiled page loads: every src-like attribute (images, media, reveal's background
// images, scripts, stylesheets), split into local paths relative to the page and remote URLs.
// The static build copies the local ones and checks that each one exists.

/** Attributes whose value is a resource the page loads (links to other pages are not). Code blocks
 * and the page's JSON escape their quotes, so text in them never matches. */
const RESOURCE_ATTRIBUTES = /\s(src|poster|data-src|data-background|data-background-image|data-background-video|data-background-iframe|href)="([^"]*)"/g;

export interface PageReferences {
  /** Paths relative to the page, decoded, without query or fragment, e.g. "images/photo.png". */
  local: string[];
  /** Resources that come from another site ("https://...", "//..."). */
  remote: string[];
}

export function pageReferences(html: string): PageReferences {
  const local = new Set<string>();
  const remote = new Set<string>();
  for (const match of html.matchAll(RESOURCE_ATTRIBUTES)) {
    const [whole, name, raw] = match;
    const value = decodeEntities(raw!.trim());
    // On <a>, href is a link to follow, not something the page loads (unlike <link>, SVG <image>).
    if (name === 'href' && isAnchor(html, match.index + whole.length)) continue;
    if (value === '' || value.startsWith('#') || /^(data|blob|mailto|javascript):/i.test(value)) continue;
    if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(value)) {
      remote.add(value);
      continue;
    }
    local.add(decodeURI(value.split(/[?#]/)[0]!));
  }
  return { local: [...local], remote: [...remote] };
}

/** Whether the attribute ending at `end` belongs to an <a> element. */
function isAnchor(html: string, end: number): boolean {
  const start = html.lastIndexOf('<', end);
  return /^<a\s/i.test(html.slice(start, start + 3));
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt);/g, (_, entity: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[entity]!);
}
