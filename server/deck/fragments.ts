// A slide's fragments as reveal.js orders them (its fragments.sort): those with a
// data-fragment-index by that number (a shared one is one step), then those without, in the
// markup's order; the steps are then numbered 0, 1, ... without gaps. reveal.js reads the index
// with parseInt, so "01" is 1, and a fragment whose index is no whole number >= 0 is never shown.

export interface SlideFragment {
  /** The fragment's opening tag. */
  tag: string;
  /** The step that shows it: reveal.js's data-fragment-index once it has sorted them. */
  step: number;
}

/** The fragments of a slide's HTML that reveal.js shows, in their steps' order. */
export function slideFragments(html: string): SlideFragment[] {
  const ordered: string[][] = [];
  const unordered: string[][] = [];
  for (const m of html.matchAll(/<[a-z][^>]*\sclass="([^"]*)"[^>]*>/gi)) {
    if (!m[1]!.split(/\s+/).includes('fragment')) continue;
    const given = /\sdata-fragment-index="([^"]*)"/.exec(m[0]);
    if (!given) {
      unordered.push([m[0]]);
      continue;
    }
    const index = Number.parseInt(given[1]!, 10);
    if (index >= 0) (ordered[index] ??= []).push(m[0]);
  }
  const fragments: SlideFragment[] = [];
  let step = 0;
  // filter() drops the indices no fragment gave.
  for (const group of [...ordered.filter(() => true), ...unordered]) {
    for (const tag of group) fragments.push({ tag, step });
    step++;
  }
  return fragments;
}

/** Build steps of a slide: its distinct fragment steps. */
export function countFragments(html: string): number {
  return new Set(slideFragments(html).map((fragment) => fragment.step)).size;
}
