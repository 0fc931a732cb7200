// The PDF export's pure parts: `--range` parsing, terminal screens as HTML text (colours from the
// palette, styles, the cursor, escaping) and the screen cache, against a real asciinema recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCast } from '../../common/asciicast.js';
import { printQuery, readPrintQuery } from '../../common/print-contract.js';
import { renderPane } from '../../server/deck/terminal-fence.js';
import { LivedeckError } from '../../server/errors.js';
import { readCachedScreens, screensKey, writeCachedScreens } from '../../server/casts/screen-cache.js';
import { cellColorCss, screenRowsHtml, usedRows } from '../../server/casts/screen-html.js';
import { parseSlideRange } from '../../server/export/slide-range.js';
import { castToScreen, castToScreens, type CastScreen } from '../../server/casts/cast-screen.js';

test('--range: numbers and rising spans, in order', () => {
  assert.deepEqual(parseSlideRange('2-5,8', 18), [2, 3, 4, 5, 8]);
  assert.deepEqual(parseSlideRange('1', 18), [1]);
  assert.deepEqual(parseSlideRange('18', 18), [18]);
  assert.deepEqual(parseSlideRange('1-18', 18), Array.from({ length: 18 }, (_, i) => i + 1));
  assert.deepEqual(parseSlideRange('3-3,5', 18), [3, 5]);
});

test('--range: every mistake is an error that says what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /it is empty/],
    ['0', /there is no slide 0: the deck has 18 slides \(1-18\)/],
    ['19', /there is no slide 19/],
    ['2-19', /there is no slide 19/],
    ['5-2', /the span 5-2 goes down; write 2-5/],
    ['2,,3', /an empty part/],
    ['2,', /an empty part/],
    ['a', /"a" is not a slide number or a span like 2-5/],
    ['2-', /"2-" is not a slide number/],
    ['-3', /"-3" is not a slide number/],
    [' 2', /" 2" is not a slide number/],
    ['2.5', /"2.5" is not a slide number/],
    ['3,2', /2 comes after slide 3: name the slides in order/],
    ['2-4,3', /slide 3 is named twice/],
    ['2,2', /slide 2 is named twice/],
  ];
  for (const [range, message] of cases) {
    assert.throws(() => parseSlideRange(range, 18), (e: unknown) => {
      assert.ok(e instanceof LivedeckError, range);
      assert.equal(e.code, 'bad-range');
      assert.equal(e.exitCode, 2);
      assert.match(e.message, new RegExp(`^bad --range "${range.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": `));
      assert.match(e.message, message, range);
      assert.match(e.hint ?? '', /e\.g\. --range 2-5,8/);
      return true;
    });
  }
});

test('cell colours: the 16 ANSI colours are the palette\'s, the rest are computed as xterm does', () => {
  assert.equal(cellColorCss(null), null);
  assert.equal(cellColorCss(0), 'var(--ld-term-black)');
  assert.equal(cellColorCss(1), 'var(--ld-term-red)');
  assert.equal(cellColorCss(7), 'var(--ld-term-white)');
  assert.equal(cellColorCss(8), 'var(--ld-term-bright-black)');
  assert.equal(cellColorCss(14), 'var(--ld-term-bright-cyan)');
  assert.equal(cellColorCss(16), '#000000');
  assert.equal(cellColorCss(208), '#ff8700');
  assert.equal(cellColorCss(231), '#ffffff');
  assert.equal(cellColorCss(232), '#080808');
  assert.equal(cellColorCss(255), '#eeeeee');
  assert.equal(cellColorCss('#0080ff'), '#0080ff');
});

test('a recorded screen as HTML: colours, bold, inverse, the cursor, blank rows left out', async () => {
  const cast = parseCast(readFileSync(new URL('../fixtures/casts/asciinema-colors.cast', import.meta.url), 'utf8'), 'asciinema-colors.cast');
  const screen = await castToScreen(cast, { at: 0.1 });
  // Four lines written, the cursor waiting at the start of the fifth.
  assert.equal(usedRows(screen), 5);
  const rows = screenRowsHtml(screen, usedRows(screen)).split('\n');
  assert.equal(rows.length, 5);
  // Bold red is drawn bright, as xterm.js draws it.
  assert.equal(rows[0], '<span style="color:var(--ld-term-bright-red);font-weight:700">rouge gras</span> normal');
  assert.equal(rows[1], '<span style="color:#ff8700">orange</span> <span style="background:#0080ff">fond bleu</span>');
  assert.equal(rows[2], '<span style="color:var(--ld-term-background);background:var(--ld-term-foreground)">inverse</span>');
  assert.equal(rows[3], 'café 🙂 ┌─┐');
  assert.equal(rows[4], '<span class="ld-screen-cursor"> </span>');
});

test('screen text is escaped, and the cursor splits the run it falls in', () => {
  const plain = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false };
  const screen: CastScreen = {
    cols: 20, rows: 3,
    lines: ['a <b> & c', '', ''],
    cursor: { x: 2, y: 0, visible: true },
    runs: [[{ ...plain, text: 'a <b> & c', column: 0 }], [], []],
  };
  assert.equal(usedRows(screen), 1);
  assert.equal(screenRowsHtml(screen, 1), 'a <span class="ld-screen-cursor">&lt;</span>b&gt; &amp; c');
  assert.equal(usedRows({ ...screen, cursor: { x: 0, y: 2, visible: false } }), 1);
  assert.equal(screenRowsHtml({ ...screen, cursor: { x: 0, y: 0, visible: false } }, 2), 'a &lt;b&gt; &amp; c\n');
});

test('the screen cache: a hit gives the screens written, anything else is a miss, never an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-screen-cache-'));
  try {
    const text = readFileSync(new URL('../fixtures/casts/v2-markers-resize.cast', import.meta.url), 'utf8');
    const source = '/decks/a/demos/ps/session.cast';
    const moments = [{ marker: 0 }, { marker: 1 }, {}];
    const screens = await castToScreens(parseCast(text, source), moments);
    const key = screensKey(text, moments);
    assert.equal(await readCachedScreens(dir, source, key), null, 'empty cache');
    await writeCachedScreens(dir, source, key, screens);
    assert.deepEqual(await readCachedScreens(dir, source, key), screens);

    // Keyed by what the screens depend on: the recording's text and the moments.
    assert.equal(await readCachedScreens(dir, source, screensKey(`${text}[7.0, "o", "more"]\n`, moments)), null, 're-recorded');
    assert.equal(await readCachedScreens(dir, source, screensKey(text, [{ marker: 0 }])), null, 'other moments');
    assert.equal(await readCachedScreens(dir, '/decks/b/demos/ps/session.cast', key), null, 'another recording');
    // One entry per recording: writing its new screens replaces the old ones.
    const newKey = screensKey(text, [{}]);
    await writeCachedScreens(dir, source, newKey, screens.slice(2));
    assert.equal(readdirSync(dir).length, 1);
    assert.equal(await readCachedScreens(dir, source, key), null);
    assert.deepEqual(await readCachedScreens(dir, source, newKey), screens.slice(2));

    // A damaged entry is a miss; no cache, or an unwritable one, only means no hit.
    writeFileSync(join(dir, readdirSync(dir)[0]!), '{"key": "');
    assert.equal(await readCachedScreens(dir, source, newKey), null);
    await writeCachedScreens(null, source, key, screens);
    assert.equal(await readCachedScreens(null, source, key), null);
    // Bounded: past 64 recordings, the least recently written go.
    const many = join(dir, 'many');
    for (let i = 0; i < 66; i++) await writeCachedScreens(many, `/deck-${i}/session.cast`, key, screens.slice(0, 1));
    assert.equal(readdirSync(many).length, 64);
    assert.deepEqual(await readCachedScreens(many, '/deck-65/session.cast', key), screens.slice(0, 1));

    // A folder that cannot be made (a file is in the way, even for root).
    writeFileSync(join(dir, 'file'), '');
    const unwritable = join(dir, 'file', 'screens');
    await writeCachedScreens(unwritable, source, key, screens);
    assert.equal(await readCachedScreens(unwritable, source, key), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The print page's contract (common/print-contract.ts): what the export asks for in the URL is what
// the print view reads back.
test('the print view reads back the pages and slides the export asks for', () => {
  assert.deepEqual(printQuery('handout', [2, 3, 8]), ['ldPages=handout', 'ldSlides=2.3.8']);
  assert.deepEqual(printQuery('all', null), ['ldPages=all']);
  for (const [pages, slides] of [['last', [4]], ['handout', null], ['all', [1, 12]]] as const) {
    const read = readPrintQuery(new URLSearchParams(['print-pdf', ...printQuery(pages, slides === null ? null : [...slides])].join('&')));
    assert.deepEqual(read, { pages, slides: slides === null ? null : new Set(slides) });
  }
  assert.deepEqual(readPrintQuery(new URLSearchParams('ldPages=odd')), { pages: 'all', slides: null });
});

// A printed pane is rendered from its spec (server/export/print-panes.ts): the same markup as on
// screen, its step fragments replaced by the screens.
test('a pane printed from its spec differs from the live one only by its screens', () => {
  const step = { command: 'ls', caption: 'Lister', enter: true, keys: null, wait: null, pause: 0 };
  const pane = { id: 's1-t1', demo: 'tls', castFile: null, steps: [step, { ...step, caption: null }], title: null, rows: 8, cols: null, height: null, cwd: null, autoenter: true };
  const live = renderPane(pane);
  const printed = renderPane(pane, '<div class="ld-screens">SCREENS</div>');
  assert.equal((live.match(/class="fragment ld-terminal-step"/g) ?? []).length, 2);
  const markers = live.slice(live.indexOf('</pre>') + '</pre>'.length, -'</div>'.length);
  assert.equal(printed, live.replace('class="ld-terminal"', 'class="ld-terminal ld-terminal-print"').replace(markers, '<div class="ld-screens">SCREENS</div>'));
});
