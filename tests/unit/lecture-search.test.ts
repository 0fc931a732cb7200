// A lecture site's search entries (server/lecture/lecture-search.ts): a slide's text line by line
// at every visit, as the fixture deck compiles it (not its notes, nor a pane's listed steps); a
// cast= pane's lines when the step that prints them was shown, at each visit; and the order in
// which reveal.js shows a slide's fragments (server/deck/fragments.ts), which that relies on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCast } from '../../common/asciicast.js';
import { castAsPlayed } from '../../server/casts/cast-as-played.js';
import { castLines } from '../../server/casts/cast-lines.js';
import { compileDeck } from '../../server/deck/compile.js';
import { countFragments, slideFragments } from '../../server/deck/fragments.js';
import { lectureSearch, slideLines } from '../../server/lecture/lecture-search.js';
import { ROOT } from '../helpers/cli.js';
import { LECTURE_FIXTURE_DECK } from '../helpers/lecture-fixture.js';

test('a slide\'s text, one entry per line, entities decoded; no notes, no pane markup', () => {
  assert.deepEqual(slideLines('<h2 id="x">Fork &amp; exec</h2>\n<ul>\n<li>a <code>pid_t</code> &lt; 0</li>\n<li>b&#39;s&#x21;</li></ul>'), ['Fork & exec', 'a pid_t < 0', 'b\'s!']);
  assert.deepEqual(slideLines('<p>before</p><div class="ld-terminal" id="s3-t1" data-pane="s3-t1"><div class="ld-terminal-bar"><span class="ld-terminal-title">Processus</span></div>'
    + '<pre class="ld-terminal-steps">echo bonjour\nps</pre><span class="fragment ld-terminal-step" data-pane="s3-t1" data-step="0"></span></div><p>after</p>'), ['before', 'after']);
});

test('entries at each chapter\'s time, from the deck shown then', async () => {
  const deck = await compileDeck(join(LECTURE_FIXTURE_DECK, 'deck.md'));
  const chapters = [{ time: 1, slide: 2, title: 'Processes' }, { time: 5, slide: 3, title: 'A demo' }, { time: 9, slide: 2, title: 'Processes' }];
  const entries = lectureSearch({ chapters, positions: [], deckAt: () => deck, panes: new Map(), castLines: null });
  assert.deepEqual(entries.filter((entry) => entry.text === 'each has a PID').map((entry) => [entry.time, entry.slide, entry.kind]), [[1, 2, 'slide'], [9, 2, 'slide']]);
  assert.deepEqual(entries.filter((entry) => entry.time === 5).map((entry) => entry.text), ['A demo'], 'the demo\'s steps are terminal text, not slide text');
  assert.ok(!entries.some((entry) => /Say hello/.test(entry.text)));
  assert.ok(!entries.some((entry) => /Speaker notes/.test(entry.text)), 'notes are the teacher\'s');
  assert.ok(deck.slides[1]!.notes?.includes('Speaker notes'), 'the slide has notes');
});

test('fragments in reveal.js\'s order: given indices first (a shared one is one step, gaps closed), then the others as written', () => {
  const html = '<p class="fragment" id="a"></p><p class="fragment" data-fragment-index="3" id="b"></p><li class="x fragment" id="c"></li>'
    + '<p class="fragment" data-fragment-index="1" id="d"></p><p class="fragment" data-fragment-index="01" id="e"></p>'
    + '<p class="fragment" data-fragment-index="-1" id="f"></p><p class="fragment" data-fragment-index="x" id="g"></p><p class="fragmentary" id="h"></p>';
  const steps = slideFragments(html).map((fragment) => [/id="(\w)"/.exec(fragment.tag)![1], fragment.step]);
  assert.deepEqual(steps, [['d', 0], ['e', 0], ['b', 1], ['a', 2], ['c', 3]]);
  assert.equal(countFragments(html), 4);
});

test('a cast= pane\'s lines at the moment the step that prints them was shown, at each visit', async () => {
  const fixtures = join(ROOT, 'tests', 'fixtures', 'cast-pane');
  const deck = await compileDeck(join(fixtures, 'deck.md'));
  const cast = castAsPlayed(parseCast(readFileSync(join(fixtures, 'casts', 'live-class.cast'), 'utf8'), 'live-class.cast'), 'file');
  // Slide 1: arrived at 1, its first step at 3, left at 6 before the second; back at 9 from slide
  // 2, which shows every step at once.
  const chapters = [{ time: 1, slide: 1, title: 'A class\'s recording' }, { time: 6, slide: 2, title: 'asciinema 1' }, { time: 9, slide: 1, title: 'A class\'s recording' }];
  const positions = [
    { time: 1, h: 0, v: 0, f: -1, slide: 1 }, { time: 3, h: 0, v: 0, f: 0, slide: 1 },
    { time: 6, h: 1, v: 0, f: -1, slide: 2 }, { time: 9, h: 0, v: 0, f: 1, slide: 1 },
  ];
  const entries = lectureSearch({
    chapters, positions, deckAt: () => deck, panes: new Map(), castLines,
    replayAt: (_, castFile) => (castFile === 'casts/live-class.cast' ? cast : null),
  });
  const terminal = entries.filter((entry) => entry.kind === 'terminal').map((entry) => [entry.time, entry.slide, entry.pane, entry.text]);
  assert.deepEqual(terminal, [
    [3, 1, 's1-t1', '$ ls'], [3, 1, 's1-t1', 'alpha.txt  beta.txt'],
    [9, 1, 's1-t1', '$ ls'], [9, 1, 's1-t1', 'alpha.txt  beta.txt'], [9, 1, 's1-t1', '$ cat alpha.txt'], [9, 1, 's1-t1', 'first-file-text'],
    // The prompt it ends on.
    [9, 1, 's1-t1', '$'],
  ]);
});
