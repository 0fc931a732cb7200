// The terminal pane's parts that run without a browser (client/terminal/): its disposable store,
// the words of its status for each source state, which keys a focused terminal keeps, and its
// buffer as text (against @xterm/headless, the page's parser). The
// poster and the player controls are pinned in Chromium (tests/e2e/cast-pane.test.ts, replay.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uiStrings } from '../../client/ui/i18n.js';
import { bufferText, screenRows } from '../../client/terminal/buffer-text.js';
import { DisposableStore } from '../../client/terminal/disposable.js';
import { playerKey, shellKey, type KeyTerminal } from '../../client/terminal/keys.js';
import { statusWords } from '../../client/terminal/status.js';
import { headless, write } from '../helpers/terminal-state.js';

test('DisposableStore undoes everything once, last added first, even after a teardown throws', () => {
  const store = new DisposableStore();
  const undone: string[] = [];
  store.defer(() => undone.push('listener'));
  store.add({ dispose: () => { undone.push('source'); throw new Error('source broke'); } });
  const part = store.add({ dispose: () => undone.push('part') });
  assert.equal(typeof part.dispose, 'function', 'add hands back what it was given');
  assert.equal(store.isDisposed, false);
  assert.throws(() => store.dispose(), /source broke/);
  assert.deepEqual(undone, ['part', 'source', 'listener']);
  assert.equal(store.isDisposed, true);
  store.dispose();
  assert.deepEqual(undone, ['part', 'source', 'listener'], 'a second dispose does nothing');
  // Something that arrives once its pane is gone (a terminal made ahead) does not outlive it.
  store.defer(() => undone.push('late'));
  assert.deepEqual(undone.at(-1), 'late');
});

test('DisposableStore reports every failing teardown', () => {
  const store = new DisposableStore();
  store.defer(() => { throw new Error('a'); });
  store.defer(() => { throw new Error('b'); });
  assert.throws(() => store.dispose(), (error: unknown) => error instanceof AggregateError && error.errors.length === 2);
});

test('statusWords: each state says its words, a failure explains itself in the notice', () => {
  for (const lang of ['en', 'fr'] as const) {
    const strings = uiStrings(lang);
    assert.deepEqual(statusWords({ name: 'idle' }, strings, false), { text: '', notice: null });
    assert.equal(statusWords({ name: 'live', role: 'presenter', session: 's', resumed: false }, strings, false).text, strings.live);
    assert.equal(statusWords({ name: 'live', role: 'viewer', session: 's', resumed: true }, strings, false).text, strings.readOnly);
    assert.equal(statusWords({ name: 'reconnecting', reason: 'waiting-for-presenter', retryInMs: 10 }, strings, false).text, strings.waitingForPresenter);
    assert.equal(statusWords({ name: 'reconnecting', reason: 'dropped', retryInMs: 10 }, strings, false).text, strings.reconnecting);
    assert.equal(statusWords({ name: 'exited', code: 3, signal: null }, strings, false).text, strings.exited(3, null));
    assert.equal(statusWords({ name: 'playing' }, strings, true).text, strings.playing);
    const badToken = statusWords({ name: 'failed', reason: 'bad-token', detail: 'x' }, strings, false);
    assert.deepEqual(badToken, { text: strings.failed, notice: strings.badToken });
    const invalid = statusWords({ name: 'failed', reason: 'cast-invalid', detail: 'demo.cast:4: not JSON' }, strings, true);
    assert.equal(invalid.text, strings.recordingFailed, 'a replay failing is the recording failing');
    assert.equal(invalid.notice, `${strings.recordingInvalid}\n\ndemo.cast:4: not JSON`);
    assert.equal(statusWords({ name: 'failed', reason: 'protocol', detail: 'bad frame' }, strings, false).notice, 'bad frame');
  }
});

/** A terminal as the key decisions see it, recording whether it let go of the keyboard. */
function keyTerminal(type: 'normal' | 'alternate', selection = false): KeyTerminal & { blurred: boolean } {
  return { buffer: { active: { type } }, hasSelection: () => selection, blurred: false, blur() { this.blurred = true; } };
}

function key(key: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}): KeyboardEvent & { stopped: boolean } {
  const event = { type: 'keydown', key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods, stopped: false,
    preventDefault() {}, stopPropagation() { this.stopped = true; } };
  return event as unknown as KeyboardEvent & { stopped: boolean };
}

test('shellKey: a writable shell keeps its keys; Escape, clicker keys and a read-only pane give them back', () => {
  let terminal = keyTerminal('normal');
  assert.equal(shellKey(key('a'), terminal, true), true);
  assert.equal(shellKey(key('ArrowLeft'), terminal, true), true);
  assert.equal(shellKey(key('c', { ctrlKey: true }), terminal, true), true, 'Ctrl+C without a selection is ^C');
  assert.equal(terminal.blurred, false);
  assert.equal(shellKey(key('c', { ctrlKey: true }), keyTerminal('normal', true), true), false, 'with one, it copies');
  assert.equal(shellKey(key('v', { ctrlKey: true }), terminal, true), false, 'the browser pastes');

  const escape = key('Escape');
  assert.equal(shellKey(escape, terminal, true), false);
  assert.ok(terminal.blurred && escape.stopped, 'Escape leaves the terminal, and is not reveal.js\'s');
  terminal = keyTerminal('alternate');
  assert.equal(shellKey(key('Escape'), terminal, true), true, 'vi gets its Escape');
  assert.equal(shellKey(key('Escape', { shiftKey: true }), terminal, true), false);
  assert.ok(terminal.blurred, 'Shift+Escape leaves a full-screen program');

  terminal = keyTerminal('normal');
  assert.equal(shellKey(key('PageDown'), terminal, true), false);
  assert.ok(terminal.blurred, 'a clicker goes on with the slides');
  terminal = keyTerminal('normal');
  assert.equal(shellKey(key(' '), terminal, false), false);
  assert.ok(terminal.blurred, 'a read-only pane hands space to the slides');
  assert.equal(shellKey({ ...key('a'), type: 'keyup' } as KeyboardEvent, keyTerminal('normal'), false), true, 'only keydown is decided');
});

test('playerKey: the player\'s keys are its own, any other key goes back to the slides', () => {
  const handled: string[] = [];
  const handleKey = (event: KeyboardEvent) => event.key === ' ' && handled.push(event.key) > 0;
  let terminal = keyTerminal('normal');
  assert.equal(playerKey(key(' '), terminal, handleKey), false);
  assert.deepEqual(handled, [' ']);
  assert.equal(terminal.blurred, false, 'the player keeps the keyboard');
  assert.equal(playerKey(key('x'), terminal, handleKey), false);
  assert.ok(terminal.blurred, 'another key is the slides\'');
  terminal = keyTerminal('normal', true);
  assert.equal(playerKey(key('c', { ctrlKey: true }), terminal, handleKey), false);
  assert.equal(terminal.blurred, false, 'Ctrl+C copies the selection and stays');
  terminal = keyTerminal('alternate');
  assert.equal(playerKey(key('Escape'), terminal, handleKey), false);
  assert.ok(terminal.blurred, 'Escape leaves the player, even on the alternate screen');
});

test('bufferText joins the lines the terminal wrapped; screenRows gives the screen without the scrollback', async () => {
  const term = headless(10, 3, 100);
  await write(term, 'one\r\n0123456789abc\r\nthree   \r\nfour');
  assert.equal(bufferText(term.buffer.active), 'one\n0123456789abc\nthree   \nfour', 'spaces written stay, unwritten cells do not');
  assert.deepEqual(screenRows(term.buffer.active, term.rows), ['abc', 'three', 'four']);
  term.dispose();
});
