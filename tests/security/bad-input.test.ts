// Issue 15, item 7: bad input is a clear error (what and where, exit code 1 or 2), never a stack
// trace, a hang, or a silent success. Each case runs the real CLI with a time limit.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

const DECK = join(ROOT, 'tests', 'fixtures', 'decks', 'basic.md');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-bad-input-'));
  writeFileSync(join(dir, 'a-file'), 'not a folder\n');
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The result is one diagnostic: an error line (and a hint), with the exit code, no stack. */
function assertClearError(result: CliResult, status: number, error: RegExp): void {
  assert.equal(result.status, status, `exit code; stderr:\n${result.stderr}`);
  assert.match(result.stderr, error);
  assert.doesNotMatch(result.stderr, /\n\s+at |node:internal|triggerUncaughtException/);
  assert.ok(result.stderr.trim().split('\n').length <= 4, `a short diagnostic, not:\n${result.stderr}`);
}

/** runCli with a deadline: a hang fails the test instead of stalling the run. */
function runBounded(args: string[], cwd = dir): CliResult {
  const started = Date.now();
  const result = runCli(args, { cwd });
  assert.ok(Date.now() - started < 30_000, `livedeck ${args.join(' ')} took ${Date.now() - started} ms`);
  return result;
}

test('build -o under a file: a one-line error naming the path', () => {
  assertClearError(runBounded(['build', DECK, '-o', join(dir, 'a-file', 'site')]), 1, /error: cannot build into .*a-file\/site: .*a-file is a file, not a folder/);
});

test('build -o in /sys: permission denied, not an EPERM stack', () => {
  assertClearError(runBounded(['build', DECK, '-o', '/sys/livedeck-site']), 1, /error: cannot build into \/sys\/livedeck-site: permission denied/);
});

test('build -o in /proc: an error at once, not a hang', () => {
  assertClearError(runBounded(['build', DECK, '-o', '/proc/livedeck-site']), 1, /error: cannot build into \/proc\/livedeck-site: no files can be made there/);
});

test('export -o under a file: an error before Chromium starts, not an uncaught ENOTDIR', () => {
  assertClearError(runBounded(['export', DECK, '-o', join(dir, 'a-file', 'deck.pdf')]), 1, /error: cannot write .*a-file\/deck\.pdf: .*a-file is a file, not a folder/);
});

test('a recording whose header claims 65535x65535 is refused at once, naming the file', () => {
  const deckDir = join(dir, 'huge');
  mkdirSync(join(deckDir, 'demos', 'big'), { recursive: true });
  writeFileSync(join(deckDir, 'demos', 'big', 'steps.sh'), '# hello\necho hi\n');
  writeFileSync(join(deckDir, 'demos', 'big', 'session.cast'), '{"version": 2, "width": 65535, "height": 65535}\n[0.1, "o", "hi"]\n');
  writeFileSync(join(deckDir, 'deck.md'), '# Huge\n\n```terminal demo=big\n```\n');
  const started = Date.now();
  const result = runBounded(['build', 'deck.md', '-o', join(dir, 'huge-site')], deckDir);
  assertClearError(result, 1, /session\.cast:1:1: error: header width must be an integer from 1 to 1000, not 65535/);
  assert.ok(Date.now() - started < 10_000);
});

test('a binary file as a deck is an error, not "ok, 1 slides"', () => {
  const binary = join(dir, 'image.md');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  assertClearError(runBounded(['check', binary]), 1, /error: .*image\.md is not a text file/);
});

test('--port "" and --port -1: one-line errors, exit code 2, no server started', () => {
  assertClearError(runBounded(['dev', DECK, '--port', '']), 2, /error: --port must be a port number from 0 to 65535, not ""/);
  assertClearError(runBounded(['dev', DECK, '--port', '-1']), 2, /error: --port needs a value/);
  assertClearError(runBounded(['dev', DECK, '--port=-1']), 2, /error: --port must be a port number from 0 to 65535, not "-1"/);
  // A bad option is a bad option in every command: exit code 2 (it was 1 in dev).
  assertClearError(runBounded(['dev', DECK, '--token', 'short']), 2, /error: the presenter token must be at least 16 letters/);
});

test('an error on the front matter\'s second line points at it, not at the closing ---', () => {
  const deck = join(dir, 'front.md');
  writeFileSync(deck, '---\ntitle: Hello\nauthor: "unclosed\n---\n\n# Slide\n');
  const result = runBounded(['check', deck]);
  assertClearError(result, 1, /front\.md:3:9: error: invalid YAML: Missing closing "quote/);
  assert.match(result.stderr, /3 \| author: "unclosed\n\s+\|\s{9}\^/);
});
