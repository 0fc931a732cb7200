// A lecture site's search entries (server/lecture/lecture-search.ts): a slide's text line by line
// at every visit, as the fixture deck compiles it (not its notes, nor a pane's listed steps).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileDeck } from '../../server/deck/compile.js';
import { lectureSearch, slideLines } from '../../server/lecture/lecture-search.js';
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
