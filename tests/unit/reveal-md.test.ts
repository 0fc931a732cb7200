// reveal-md decks on livedeck's compiler: each convention of reveal-md's README on a fixture deck of
// our own (tests/fixtures/decks/reveal-md/): vertical stacks with the default and custom
// separators, the front-matter keys reveal-md knows, warnings for the keys nobody knows, slide
// backgrounds, and the errors a wrong value of a known key still is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileDeck } from '../../server/deck/compile.js';
import { slideAt } from '../../server/deck/model.js';
import { renderPage } from '../../server/deck/page.js';
import { REVEAL_OPTION_KEYS } from '../../server/deck/reveal-options.js';
import { REVEAL_THEMES } from '../../server/deck/themes.js';
import { formatWarning } from '../../server/deck/warnings.js';
import { compileError as compileErrorAt } from '../helpers/deck-errors.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'decks', 'reveal-md');
const deck = (name: string) => compileDeck(join(dir, name));
const require = createRequire(import.meta.url);

const compileError = (name: string) => compileErrorAt(join(dir, name));

const places = (d: Awaited<ReturnType<typeof deck>>) => d.slides.map((s) => `${s.h}.${s.v} ${s.title}`);

test('---- makes vertical stacks: slides keep a flat reading order, and get reveal\'s (h, v)', async () => {
  const d = await deck('stacks.md');
  assert.deepEqual(places(d), ['0.0 Stacks of slides', '1.0 Filesystems', '2.0 Processes', '2.1 Signals', '2.2 Jobs', '3.0 Summary']);
  assert.deepEqual(d.slides.map((s) => s.index), [0, 1, 2, 3, 4, 5]);
  // Pane ids count slides in reading order, as footers do.
  assert.deepEqual(d.slides[3]!.terminals.map((t) => t.id), ['s4-t1']);
  assert.equal(d.slides[4]!.steps, 3);
  assert.match(d.slides[4]!.notes!, /Down, down, then right/);
  // A separator inside code stays code.
  assert.match(d.slides[5]!.html, /----/);
  assert.equal(slideAt(d.slides, 2, 1)?.title, 'Signals');
  assert.equal(slideAt(d.slides, 2, 3), undefined);
});

test('a stack renders as nested sections, footers numbered in reading order', async () => {
  const d = await deck('stacks.md');
  const page = renderPage(d, { assets: '/_livedeck/', mode: 'static' });
  const slides = page.slice(page.indexOf('<div class="slides">'), page.indexOf('</div></div>'));
  // Top-level sections: 1, 2, the stack (3, 4, 5), 6.
  const outline = [...slides.matchAll(/<section[^>]*>|<\/section>/g)].map((m) => m[0].replace(/<section(?: class="(ld-stack)")?(?: class="present")?(?: data-ld-slide="(\d+)")?>/, (_, stack: string | undefined, n: string | undefined) => stack ? '[' : n ?? '?').replace('</section>', ']'));
  assert.equal(outline.join(''), '1]2][3]4]5]]6]');
  assert.deepEqual([...page.matchAll(/ld-footer-number">([^<]*)</g)].map((m) => m[1]), ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
});

test('separator and verticalSeparator are regular expressions, as in reveal-md; code is never split', async () => {
  const d = await deck('custom-separators.md');
  assert.deepEqual(places(d), ['0.0 One', '1.0 Two', '1.1 Two, below', '2.0 Three']);
  // With its own separators, a --- line is Markdown's rule.
  assert.match(d.slides[1]!.html, /<hr>/);
  assert.match(d.slides[2]!.html, /inside code is code/);
  assert.deepEqual(d.slides.map((s) => s.line), [6, 9, 17, 25]);
});

test('the front matter keys reveal-md knows all work; keys nobody knows are warnings', async () => {
  const d = await deck('front-matter.md');
  assert.equal(d.meta.title, 'Every reveal-md key');
  assert.equal(d.meta.revealTheme, 'solarized');
  assert.equal(d.meta.theme, 'light');
  assert.equal(d.meta.highlightTheme, 'monokai');
  assert.deepEqual(d.meta.revealOptions, { transition: 'zoom', controls: false, slideNumber: 'c/t' });
  assert.deepEqual([d.meta.width, d.meta.height], [960, 700]);
  assert.match(d.meta.css.join(), /^assets\/deck\.css\?v=[0-9a-f]{10}$/);
  assert.match(d.meta.scripts.join(), /^assets\/deck\.js\?v=[0-9a-f]{10}$/);
  assert.ok(d.dependencies.includes(join(dir, 'assets', 'deck.css')) && d.dependencies.includes(join(dir, 'assets', 'deck.js')));
  assert.deepEqual(d.warnings.map((w) => `${w.line}:${w.column} ${w.message}`), [
    '14:1 unknown front matter key "date" (ignored)',
    '15:1 unknown front matter key "tags" (ignored)',
  ]);
  // monokai's own colours, through the palette's variables.
  assert.equal(d.codeColors?.['--ld-code-background']?.toLowerCase(), '#272822');
  assert.equal(d.codeColors?.['--ld-code-token-keyword']?.toLowerCase(), '#f92672');

  const page = renderPage(d, { assets: '_livedeck/', mode: 'static' });
  const links = [...page.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map((m) => m[1]);
  assert.deepEqual(links, ['_livedeck/reveal-base.css', '_livedeck/themes/solarized.css', d.meta.css[0], '_livedeck/noscript.css']);
  assert.match(page, /<script src="_livedeck\/livedeck.js"><\/script>\n<script src="assets\/deck.js\?v=[0-9a-f]+"><\/script>/);
  assert.match(page, /<style>:root\[data-theme\]\{--ld-code-background:#272822;/);
  const data = JSON.parse(/<script type="application\/json" id="livedeck-deck">(.*)<\/script>/.exec(page)![1]!) as Record<string, unknown>;
  assert.equal(data.look, 'reveal');
  assert.deepEqual(data.revealOptions, { transition: 'zoom', controls: false, slideNumber: 'c/t' });
  assert.deepEqual([data.width, data.height], [960, 700]);
});

test('a typo gets "did you mean"; settings livedeck cannot apply warn instead of failing', async () => {
  const d = await deck('warnings.md');
  assert.equal(d.slides.length, 1);
  assert.equal(d.meta.highlightTheme, null);
  assert.equal(d.codeColors, null);
  const lines = d.warnings.map(formatWarning);
  const file = join(dir, 'warnings.md');
  assert.deepEqual(lines, [
    `${file}:3:17: warning: highlight theme "zenburn" has no shiki equivalent: code keeps livedeck's colours\n  hint: name a shiki theme (https://shiki.style/themes), e.g. github-dark, monokai, nord, one-light`,
    `${file}:4:1: warning: unknown front matter key "titel" (ignored)\n  hint: did you mean "title"?`,
    `${file}:6:3: warning: unknown reveal.js option "transtion" (ignored)\n  hint: did you mean "transition"?`,
    `${file}:7:3: warning: reveal.js option "markdown" configures a plugin livedeck does not load (ignored)`,
  ]);
});

test('highlight.js style names map to shiki themes that exist', async () => {
  const { HLJS_TO_SHIKI } = await import('../../server/deck/themes.js');
  const { bundledThemesInfo } = await import('shiki/themes');
  const shiki = new Set(bundledThemesInfo.map((t) => t.id));
  for (const [hljs, theme] of Object.entries(HLJS_TO_SHIKI)) assert.ok(shiki.has(theme), `${hljs} -> ${theme}, which shiki does not have`);
});

test('slide backgrounds: colour, image and gradient reach the slides\' sections, also in a stack', async () => {
  const d = await deck('backgrounds.md');
  assert.deepEqual(d.slides.map((s) => s.attributes), [
    { 'data-background': '#ff8800' },
    { 'data-background': 'assets/sky.svg' },
    { 'data-background-gradient': 'linear-gradient(to bottom, #283b95, #17b2c3)' },
    { 'data-background-color': 'rgb(20, 80, 20)' },
  ]);
  const page = renderPage(d, { assets: '_livedeck/', mode: 'static' });
  assert.match(page, /<section class="ld-stack">\n<section data-background-gradient="linear-gradient\(to bottom, #283b95, #17b2c3\)" data-ld-slide="3">/);
});

const ERRORS: [file: string, line: number, column: number, message: RegExp, hint?: RegExp][] = [
  ['bad-reveal-option.md', 4, 15, /reveal.js option "transition" must be one of "none", "fade"/],
  ['bad-separator.md', 3, 20, /"verticalSeparator" is not a regular expression/],
  ['missing-css.md', 4, 5, /css file "assets\/nope.css" not found/],
  ['bad-theme.md', 3, 8, /"theme" must be "light", "dark" or a reveal.js theme/, /did you mean "solarized"/],
];

for (const [file, line, column, message, hint] of ERRORS) {
  test(`error: reveal-md/errors/${file} points at ${line}:${column}`, async () => {
    const e = await compileError(`errors/${file}`);
    assert.equal(e.code, 'front-matter');
    assert.match(e.message, message);
    assert.equal(`${e.file}:${e.line}:${e.column}`, `${join(dir, 'errors', file)}:${line}:${column}`);
    if (hint) assert.match(e.hint ?? '', hint);
  });
}

test('revealOptions keys are reveal.js 6\'s configuration keys', () => {
  const config = readFileSync(join(require.resolve('reveal.js').replace(/reveal\.js$/, ''), 'config.d.ts'), 'utf8');
  const body = config.slice(config.indexOf('interface RevealConfig'));
  const declared = new Set([...body.matchAll(/^ {4}([A-Za-z0-9]+)\??:/gm)].map((m) => m[1]));
  const ours = REVEAL_OPTION_KEYS.filter((key) => !['menu', 'chalkboard'].includes(key));
  assert.deepEqual(ours.filter((key) => !declared.has(key)), []);
  assert.deepEqual([...declared].filter((key) => !REVEAL_OPTION_KEYS.includes(key!)), []);
});

test('each reveal.js theme gets the palette that reads on its background', () => {
  for (const [name, palette] of Object.entries(REVEAL_THEMES)) {
    const css = readFileSync(require.resolve(`reveal.js/theme/${name}.css`), 'utf8');
    const hex = /--r-background-color:\s*#([0-9a-f]{3,6})\b/i.exec(css)![1]!;
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
    const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    assert.equal(palette, luminance > 0.5 ? 'light' : 'dark', `${name}: background #${hex}`);
  }
});

test('every reveal.js theme is bundled offline: no @import or url() from the network, Google families on bundled fonts', async () => {
  const { clientAssets } = await import('../../server/assets/client-bundle.js');
  const assets = await clientAssets();
  const themes = [...assets.keys()].filter((name) => name.startsWith('themes/')).sort();
  assert.deepEqual(themes, Object.keys(REVEAL_THEMES).map((name) => `themes/${name}.css`).sort());
  for (const name of [...themes, 'reveal-base.css']) {
    const css = Buffer.from(assets.get(name)!).toString('utf8');
    assert.doesNotMatch(css, /@import/, name);
    const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1]!);
    // Fonts are files of the assets (named relative to the stylesheet), or inside it.
    for (const url of urls.filter((u) => !u.startsWith('data:'))) {
      assert.match(url, /^\.\.?\/fonts\/[\w.-]+\.woff2?$/, name);
      assert.ok(assets.has(url.replace(/^\.\.?\//, '')), `${name} names ${url}, which is not bundled`);
    }
  }
  // The themes add no font file: a site or an export carries the same fonts with or without them.
  const ownFonts = new Set([...Buffer.from(assets.get('livedeck.css')!).toString('utf8').matchAll(/fonts\/[\w.-]+\.woff2?/g)].map((m) => m[0]));
  const themeFonts = themes.flatMap((name) => [...Buffer.from(assets.get(name)!).toString('utf8').matchAll(/fonts\/[\w.-]+\.woff2?/g)].map((m) => m[0]));
  assert.deepEqual(themeFonts.filter((font) => !ownFonts.has(font)), []);
  // Lato (league, moon, solarized, simple, beige) is a face of the bundled Source Sans 3.
  const solarized = Buffer.from(assets.get('themes/solarized.css')!).toString('utf8');
  assert.match(solarized, /@font-face\{font-family:Lato;font-style:normal;font-weight:400;[^}]*url\("\.\.\/fonts\/source-sans-3-latin-400-normal-[\w]+\.woff2"\)/);
});
