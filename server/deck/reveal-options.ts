// `revealOptions` in the front matter: reveal.js's configuration keys (reveal.js 6's RevealConfig,
// node_modules/reveal.js/dist/config.d.ts), each with the values it takes from YAML, so a typo or a
// wrong value is caught at compile time rather than silently ignored by reveal.js in the browser.

/** What a key accepts: a JSON type, or one of the listed values. */
type Accepts = 'boolean' | 'number' | 'string' | 'strings' | readonly (string | number | boolean | null)[];

const TRANSITIONS = ['none', 'fade', 'slide', 'convex', 'concave', 'zoom'] as const;

/** reveal.js options a deck may set, and what each takes. */
const OPTIONS: Record<string, readonly Accepts[]> = {
  width: ['number'],
  height: ['number'],
  margin: ['number'],
  minScale: ['number'],
  maxScale: ['number'],
  controls: ['boolean', ['speaker', 'speaker-only']],
  controlsTutorial: ['boolean'],
  controlsLayout: [['edges', 'bottom-right']],
  controlsBackArrows: [['faded', 'hidden', 'visible']],
  progress: ['boolean'],
  slideNumber: ['boolean', ['h.v', 'h/v', 'c', 'c/t']],
  showSlideNumber: [['all', 'print', 'speaker']],
  hashOneBasedIndex: ['boolean'],
  hash: ['boolean'],
  respondToHashChanges: ['boolean'],
  jumpToSlide: ['boolean'],
  history: ['boolean'],
  keyboard: ['boolean'],
  disableLayout: ['boolean'],
  overview: ['boolean'],
  center: ['boolean'],
  touch: ['boolean'],
  loop: ['boolean'],
  rtl: ['boolean'],
  navigationMode: [['default', 'linear', 'grid']],
  shuffle: ['boolean'],
  fragments: ['boolean'],
  fragmentInURL: ['boolean'],
  embedded: ['boolean'],
  help: ['boolean'],
  pause: ['boolean'],
  showNotes: ['boolean'],
  showHiddenSlides: ['boolean'],
  autoPlayMedia: ['boolean', [null]],
  preloadIframes: ['boolean', [null]],
  preventIframeAutoFocus: ['boolean'],
  autoAnimate: ['boolean'],
  autoAnimateEasing: ['string'],
  autoAnimateDuration: ['number'],
  autoAnimateUnmatched: ['boolean'],
  autoAnimateStyles: ['strings'],
  autoSlide: ['number', [false]],
  autoSlideStoppable: ['boolean'],
  defaultTiming: ['number', [null]],
  mouseWheel: ['boolean'],
  previewLinks: ['boolean'],
  postMessage: ['boolean'],
  postMessageEvents: ['boolean'],
  focusBodyOnPageVisibilityChange: ['boolean'],
  transition: [TRANSITIONS],
  transitionSpeed: [['default', 'fast', 'slow']],
  backgroundTransition: [TRANSITIONS],
  parallaxBackgroundImage: ['string', [null]],
  parallaxBackgroundSize: ['string', [null]],
  parallaxBackgroundRepeat: ['string', [null]],
  parallaxBackgroundPosition: ['string', [null]],
  parallaxBackgroundHorizontal: ['number', [null]],
  parallaxBackgroundVertical: ['number', [null]],
  scrollLayout: [['full', 'compact']],
  scrollSnap: [[false, 'proximity', 'mandatory']],
  scrollProgress: ['boolean', ['auto']],
  scrollActivationWidth: ['number'],
  pdfPageHeightOffset: ['number'],
  viewDistance: ['number'],
  mobileViewDistance: ['number'],
  display: ['string'],
  hideInactiveCursor: ['boolean'],
  hideCursorTime: ['number'],
  sortFragmentsOnSync: ['boolean'],
};

/** reveal.js keys livedeck sets itself (its print view, the terminals' keys, its Markdown and
 * code compilers): a deck cannot change them. */
const OWN: Record<string, string> = {
  view: 'livedeck export prints the deck in reveal.js\'s print view itself',
  pdfMaxPagesPerSlide: 'livedeck export chooses the pages (--steps, --handout)',
  pdfSeparateFragments: 'livedeck export chooses the pages (--steps, --handout)',
  keyboardCondition: 'livedeck gives the keys typed in a terminal to its shell',
  autoAnimateMatcher: 'it takes a function, which front matter cannot hold',
  autoSlideMethod: 'it takes a function, which front matter cannot hold',
  plugins: 'livedeck compiles Markdown, code and notes itself; plugins need scripts (see `scripts`)',
  dependencies: 'livedeck compiles Markdown, code and notes itself; plugins need scripts (see `scripts`)',
};

/** Plugin settings: reveal-md passes them to plugins livedeck does not load (it renders Markdown
 * and code itself): a deck that sets them still presents, with a warning. */
const PLUGINS = ['markdown', 'highlight', 'katex', 'mathjax2', 'mathjax3', 'mathjax4', 'menu', 'chalkboard'];

export const REVEAL_OPTION_KEYS: readonly string[] = [...Object.keys(OPTIONS), ...Object.keys(OWN), ...PLUGINS];

export type RevealOptionCheck =
  | { ok: true }
  | { ok: false; kind: 'unknown' }
  | { ok: false; kind: 'wrong'; expected: string }
  | { ok: false; kind: 'own'; why: string }
  | { ok: false; kind: 'plugin' };

/** Whether `key: value` is a reveal.js option a deck may set, with a value it takes. */
export function checkRevealOption(key: string, value: unknown): RevealOptionCheck {
  if (key in OWN) return { ok: false, kind: 'own', why: OWN[key]! };
  if (PLUGINS.includes(key)) return { ok: false, kind: 'plugin' };
  const accepts = OPTIONS[key];
  if (!accepts) return { ok: false, kind: 'unknown' };
  return accepts.some((kind) => takes(kind, value)) ? { ok: true } : { ok: false, kind: 'wrong', expected: accepts.map(describe).join(' or ') };
}

function takes(kind: Accepts, value: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return kind.includes(value as string);
  }
}

function describe(kind: Accepts): string {
  if (typeof kind === 'string') return kind === 'strings' ? 'a list of strings' : `a ${kind}`;
  const values = kind.map((v) => JSON.stringify(v));
  return values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
}
