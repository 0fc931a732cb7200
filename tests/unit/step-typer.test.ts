// The browser's step typer and reconnection policy, without a browser: a step is typed once, after
// its marker, only into a live presenter shell; multi-line commands wait for the shell; long
// commands type faster; reconnection delays grow from 0.5 s to 8 s.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PaneStep } from '../../common/deck.js';
import { retryDelay } from '../../client/terminal/live-source.js';
import type { SourceState, TerminalSink, TerminalSource } from '../../client/terminal/source.js';
import { charDelay, COMMAND_MAX_MS, StepTyper } from '../../client/terminal/step-typer.js';
import { stepMarkLabel } from '../../common/steps.js';

/** A source that records what the typer sends, in order. */
class RecordingSource implements TerminalSource {
  state: SourceState = { name: 'connecting' };
  readonly sent: Array<{ at: number; what: 'write' | 'mark'; data: string }> = [];
  attach(_sink: TerminalSink): void {}
  write(data: string): void {
    this.sent.push({ at: performance.now(), what: 'write', data });
  }
  resize(): void {}
  /** Steps announced by marks, as LiveSource keeps them. */
  readonly announced = new Set<number>();
  mark(label: string, step?: number): void {
    if (step !== undefined) this.announced.add(step);
    this.sent.push({ at: performance.now(), what: 'mark', data: label });
  }
  restart(): void {}
  dispose(): void {}
  typed(): string {
    return this.sent.filter((s) => s.what === 'write').map((s) => s.data).join('');
  }
}

function step(command: string, more: Partial<PaneStep> = {}): PaneStep {
  return { command, caption: null, enter: true, keys: null, wait: null, pause: 0, ...more };
}

function typerFor(steps: PaneStep[]) {
  const source = new RecordingSource();
  const typed = source.announced;
  const skipped: number[] = [];
  const typer = new StepTyper({ steps, source, log: { has: (s) => typed.has(s) }, skipped: (s) => skipped.push(s) });
  const goLive = (resumed = false) => {
    source.state = { name: 'live', role: 'presenter', session: 'abc', resumed };
    typer.stateChanged(source.state);
  };
  return { source, typer, typed, skipped, goLive };
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('steps reached before the shell is live wait for it, then go in order, each once, after their marker', async () => {
  const { source, typer, goLive } = typerFor([step('echo a', { caption: 'First' }), step('echo b')]);
  typer.request([0, 1]);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(source.sent.length, 0, 'typed before the shell was live');
  goLive();
  await until(() => source.typed().endsWith('echo a\r'));
  typer.outputSeen(); // the shell answers, then stays quiet: the next step may go
  await until(() => source.typed() === 'echo a\recho b\r');
  assert.deepEqual(source.sent.filter((s) => s.what === 'mark').map((s) => s.data), ['1: First', '2: echo b']);
  assert.equal(source.sent[0]!.what, 'mark');
  typer.request([0, 1]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(source.typed(), 'echo a\recho b\r', 'a step was typed twice');
  typer.dispose();
});

test('a viewer never types; an ended shell gets nothing and the steps are reported', async () => {
  const { source, typer, skipped } = typerFor([step('echo a'), step('echo b')]);
  source.state = { name: 'live', role: 'viewer', session: 'abc', resumed: true };
  typer.request([0]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(source.sent.length, 0);
  source.state = { name: 'exited', code: 0, signal: null };
  typer.stateChanged(source.state);
  typer.request([1]);
  await until(() => skipped.length === 2);
  assert.deepEqual(skipped, [0, 1]);
  assert.equal(source.sent.length, 0);
  typer.dispose();
});

test('a multi-line command waits for the shell to answer each line; keys go at once', async () => {
  const { source, typer, goLive } = typerFor([step('cat <<EOF\nhi\nEOF'), step('', { keys: '\u0003' })]);
  goLive();
  typer.request([0]);
  await until(() => source.typed() === 'cat <<EOF\r');
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(source.typed(), 'cat <<EOF\r', 'the second line went before the continuation prompt');
  typer.outputSeen();
  await until(() => source.typed() === 'cat <<EOF\rhi\r');
  typer.outputSeen();
  await until(() => source.typed() === 'cat <<EOF\rhi\rEOF\r');
  typer.outputSeen();
  typer.request([1]);
  await until(() => source.typed().endsWith('\u0003'));
  assert.equal(source.sent.filter((s) => s.what === 'write' && s.data === '\u0003').length, 1);
  typer.dispose();
});

test('typing takes 25-40 ms a character, and long commands speed up to stay under 1.5 s', () => {
  for (const random of [0, 0.5, 1]) {
    const delay = charDelay(10, random);
    assert.ok(delay >= 25 && delay <= 40, `${delay}`);
  }
  assert.ok(charDelay(200, 1) * 200 <= COMMAND_MAX_MS);
});

test('step markers are "N: caption" (or the command, or the keys), as livedeck record writes them', () => {
  assert.equal(stepMarkLabel(0, step('ls', { caption: 'Look' })), '1: Look');
  assert.equal(stepMarkLabel(2, step('kill -STOP %1\nmore')), '3: kill -STOP %1');
  assert.equal(stepMarkLabel(4, step('', { keys: '\u001a' })), '5: ^Z');
  assert.equal(stepMarkLabel(0, step('x'.repeat(300))).length, 200);
});

test('reconnection waits 0.5 s, then twice as long each time up to 8 s, give or take a quarter', () => {
  assert.equal(retryDelay(0, 0.5), 500);
  assert.equal(retryDelay(1, 0.5), 1000);
  assert.equal(retryDelay(4, 0.5), 8000);
  assert.equal(retryDelay(10, 0.5), 8000);
  assert.equal(retryDelay(0, 0), 375);
  assert.equal(retryDelay(10, 1), 10_000);
});
