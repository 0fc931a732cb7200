// Pins the steps.sh format of server/demos/steps.ts on real fixture folders, and checks that every
// demo of the course parses and fits a slide terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTerminalOptions, TerminalFenceError } from '../../server/deck/terminal-fence.js';
import { findDemosDir, isDemoName } from '../../server/demos/layout.js';
import { listDemos, loadDemo, parseSteps } from '../../server/demos/steps.js';
import type { DemoStep } from '../../server/demos/steps.js';
import { LivedeckError } from '../../server/errors.js';

const fixtures = fileURLToPath(new URL('../fixtures/demos/', import.meta.url));
const courseDemos = fileURLToPath(new URL('../../demos/', import.meta.url));

/** A step with the defaults of the format, overridden by `fields`. */
function step(fields: Partial<DemoStep> & Pick<DemoStep, 'line'>): DemoStep {
  return { command: '', caption: null, wait: null, pause: 0, enter: true, keys: null, ...fields };
}

test('complete fixture: captions, notes, directives, continuations, heredocs, keys', () => {
  const demo = loadDemo(fixtures, 'complete');
  assert.deepEqual(demo.steps, [
    step({ line: 7, command: 'echo "un"', caption: 'A caption on two lines.' }),
    step({ line: 9, command: 'echo deux', pause: 1.5 }),
    step({
      line: 14,
      command: `printf '%s\\n' prêt \\\n  "suite de la ligne" \\\n  fin`,
      caption: 'Directives before and after the command.',
      wait: 'prêt',
      pause: 0.5,
    }),
    step({
      line: 19,
      command: "cat <<'FIN'\nligne 1\n\n# not a caption: inside the heredoc\n#@ nor a directive\nFIN",
    }),
    step({ line: 26, command: 'cat <<-EOT | tr a-z A-Z <<< "here-string: no heredoc"\n\tindented\n\tEOT' }),
    step({ line: 32, command: 'ls -l', caption: 'Typed but not run.', enter: false }),
    step({ line: 36, keys: '\x1a\r', caption: 'Ctrl-Z, then the next line.', wait: 'Stopped' }),
    step({ line: 41, keys: '\x03\x1b\x1b[A\t', wait: 'end' }),
  ]);
});

test('loadDemo: absolute folder, setup.sh and recording when present', () => {
  const complete = loadDemo(fixtures, 'complete');
  assert.equal(complete.name, 'complete');
  assert.equal(complete.dir, resolve(fixtures, 'complete'));
  assert.equal(complete.setup, join(complete.dir, 'setup.sh'));
  assert.equal(complete.hasRecording, true);

  const minimal = loadDemo(fixtures, 'minimal');
  assert.deepEqual(minimal.steps, [step({ line: 1, command: 'echo seul' })]);
  assert.equal(minimal.setup, null);
  assert.equal(minimal.hasRecording, false);
});

test('Windows line endings are read like Unix ones', () => {
  assert.deepEqual(loadDemo(fixtures, 'crlf').steps, [
    step({ line: 3, command: 'echo crlf', caption: 'Windows line endings.', pause: 2 }),
    step({ line: 6, command: 'echo deux' }),
  ]);
});

test('keys: caret notation for every control character, names in any case', () => {
  const [only] = parseSteps('#@ keys ^@ ^a ^Z ^[ ^\\ ^] ^^ ^_ ENTER space Backspace down right left\n', 'inline.sh');
  assert.equal(only?.keys, '\0\x01\x1a\x1b\x1c\x1d\x1e\x1f\r \x7f\x1b[B\x1b[C\x1b[D');
  assert.equal(only?.command, '');
  assert.equal(only?.line, 1);
});

test('pause: bounds 0 and 60 are allowed', () => {
  const steps = parseSteps('true\n#@ pause 0\n\ntrue\n#@ pause 60\n\ntrue\n#@ pause 60.0\n', 'inline.sh');
  assert.deepEqual(steps.map((s) => s.pause), [0, 60, 60]);
});

test('listDemos: folders with a valid name and a steps.sh, sorted', () => {
  const names = listDemos(fixtures);
  assert.ok(names.includes('complete') && names.includes('minimal') && names.includes('broken-pause'));
  assert.ok(!names.includes('no-steps'), 'a folder without steps.sh is no demo');
  assert.ok(!names.includes('Invalid_Name'), 'an invalid name is no demo');
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(listDemos(join(fixtures, 'does-not-exist')), []);
});

/** Asserts that `run` throws a LivedeckError with this code and position. */
function assertError(
  run: () => unknown,
  expected: { code: string; file?: string; line?: number; column?: number; message?: RegExp; hint?: RegExp },
): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof LivedeckError, `expected a LivedeckError, got ${String(error)}`);
    assert.equal(error.code, expected.code);
    if (expected.file !== undefined) assert.equal(error.file, expected.file);
    if (expected.line !== undefined) assert.equal(error.line, expected.line, 'line');
    if (expected.column !== undefined) assert.equal(error.column, expected.column, 'column');
    if (expected.message) assert.match(error.message, expected.message);
    if (expected.hint) assert.match(error.hint ?? '', expected.hint);
    else assert.ok(error.hint, 'every error has a hint');
    return true;
  });
}

const brokenFixtures: [name: string, code: string, line: number, column: number, message: RegExp][] = [
  ['broken-empty', 'steps-empty', 1, 1, /no step/],
  ['broken-unknown-directive', 'steps-unknown-directive', 5, 4, /unknown directive `attendre`/],
  ['broken-empty-directive', 'steps-unknown-directive', 2, 1, /empty directive/],
  ['broken-pause', 'steps-bad-directive', 4, 10, /bad pause `61`/],
  ['broken-pause-text', 'steps-bad-directive', 2, 10, /bad pause `1,5`/],
  ['broken-wait-empty', 'steps-bad-directive', 2, 8, /needs the text/],
  ['broken-noenter-argument', 'steps-bad-directive', 2, 12, /takes no argument/],
  ['broken-duplicate-directive', 'steps-duplicate-directive', 3, 4, /second `#@ pause`/],
  ['broken-caption-only', 'steps-no-command', 3, 1, /caption without a command/],
  ['broken-directive-only', 'steps-no-command', 4, 1, /directive without a command/],
  ['broken-caption-after-command', 'steps-misplaced-caption', 3, 1, /caption line after the command/],
  ['broken-indented-directive', 'steps-misplaced-directive', 2, 3, /indented directive/],
  ['broken-unknown-key', 'steps-bad-directive', 3, 12, /unknown key `Ctrl-Z`/],
  ['broken-keys-with-command', 'steps-keys-conflict', 2, 1, /also has a command/],
  ['broken-noenter-keys', 'steps-keys-conflict', 2, 1, /noenter` in a keys step/],
  ['broken-unclosed-heredoc', 'steps-unterminated', 3, 5, /heredoc `FIN` is never closed/],
  ['broken-dangling-backslash', 'steps-unterminated', 1, 9, /ends with `\\`/],
];

for (const [name, code, line, column, message] of brokenFixtures) {
  test(`error ${code} in ${name} at ${line}:${column}`, () => {
    assertError(() => loadDemo(fixtures, name), { code, file: join(fixtures, name, 'steps.sh'), line, column, message });
  });
}

test('every broken fixture has its case above', () => {
  const broken = listDemos(fixtures).filter((name) => name.startsWith('broken-'));
  assert.deepEqual(broken, brokenFixtures.map(([name]) => name).sort());
});

test('the duplicate directive error names the first one', () => {
  assertError(() => loadDemo(fixtures, 'broken-duplicate-directive'), {
    code: 'steps-duplicate-directive',
    hint: /first one is on line 2/,
  });
});

test('an empty text and a lone shebang are empty files', () => {
  assertError(() => parseSteps('', 'vide.sh'), { code: 'steps-empty', file: 'vide.sh', line: 1, column: 1 });
  assertError(() => parseSteps('#!/bin/bash\n\n\n', 'vide.sh'), { code: 'steps-empty', line: 1 });
});

test('an error prints file:line:col, the source line and a caret', () => {
  const file = join(fixtures, 'broken-pause', 'steps.sh');
  let error: unknown;
  try {
    loadDemo(fixtures, 'broken-pause');
  } catch (thrown) {
    error = thrown;
  }
  assert.ok(error instanceof LivedeckError);
  assert.equal(
    error.format(),
    [
      `${file}:4:10: error: bad pause \`61\``,
      '  4 | #@ pause 61',
      '    |          ^',
      '  hint: a number of seconds from 0 to 60, decimals allowed: `#@ pause 1.5`',
    ].join('\n'),
  );
});

test('demo-not-found lists the available demos', () => {
  assertError(() => loadDemo(fixtures, 'absente'), {
    code: 'demo-not-found',
    message: /no demo `absente`/,
    hint: /available demos: .*complete, crlf, minimal/,
  });
  assertError(() => loadDemo(fixtures, 'no-steps'), { code: 'demo-not-found', hint: /available demos:/ });
  assertError(() => loadDemo(join(fixtures, 'nowhere'), 'complete'), {
    code: 'demo-not-found',
    message: /does not exist/,
  });
});

test('demo names are lower-case letters, digits and dashes', () => {
  for (const name of ['../complete', 'Invalid_Name', '-complete', '', 'a/b', 'complete ', 'a'.repeat(65)]) {
    assertError(() => loadDemo(fixtures, name), { code: 'demo-invalid-name' });
  }
});

// One rule for a demo's name (server/demos/layout.ts): a fence's demo=, a folder loadDemo reads and
// the name a browser asks a shell for (common/protocol.ts) accept the same names.
test('a fence, a demos folder and the protocol share the demo-name rule', () => {
  for (const name of ['complete', 'a', '0-x', 'a'.repeat(64)]) {
    assert.equal(isDemoName(name), true, name);
    assert.equal(parseTerminalOptions(`demo=${name}`).demo, name);
  }
  for (const name of ['Invalid_Name', '-complete', 'a.b', 'a'.repeat(65)]) {
    assert.equal(isDemoName(name), false, name);
    assert.throws(() => parseTerminalOptions(`demo=${name}`), (e: unknown) => e instanceof TerminalFenceError && /at most 64/.test(e.message));
  }
});

test('the demos folder is the nearest demos/ at or above the deck', () => {
  assert.equal(findDemosDir(join(fixtures, 'complete')), fixtures.replace(/\/$/, ''));
  assert.equal(findDemosDir(resolve(courseDemos, '..', 'slides')), courseDemos.replace(/\/$/, ''));
});

// A course demo is a handful of steps: at least 4 (a pane beside the text of its slide, as tls's on
// slide 17, has room for few), at most 12 (as many as the class can follow in one go).
test('every demo of the course parses, has 4 to 12 captioned steps with short lines', () => {
  const names = listDemos(courseDemos);
  assert.ok(names.length > 0, `no demo found in ${courseDemos}`);
  for (const name of names) {
    const demo = loadDemo(courseDemos, name);
    assert.ok(demo.steps.length >= 4 && demo.steps.length <= 12, `${name}: ${demo.steps.length} steps`);
    for (const s of demo.steps) {
      assert.ok(s.caption, `${name}:${s.line}: a step of the course has a caption`);
      for (const commandLine of s.command.split('\n')) {
        // The prompt (user@livedeck:folder$ ) takes a good part of a slide terminal's 80 columns.
        assert.ok(commandLine.length <= 60, `${name}:${s.line}: line too long for the slide terminal`);
      }
    }
  }
});
