// Loads a demo folder (demos/<name>/) and parses its steps.sh into the steps typed into its shell.
//
// steps.sh stays a valid bash script (every directive is a bash comment). Example:
//
//   #!/bin/bash                        a shebang on line 1 is ignored
//   ## note for the author             `##` lines are ignored (outside a heredoc body)
//
//   # Lancer le compteur               caption: the step's leading `#` lines, each stripped of
//   # en arrière-plan.                 `#` and the blanks after it, joined with one space
//   ./compteur.sh &                    command: the other lines of the paragraph
//   #@ pause 2                         directive: `#@`, a name, its argument
//
//   # Ctrl-Z suspend le compteur.
//   #@ keys ^Z                         a step that sends keys instead of a command
//
// Rules:
// - A step is a paragraph: blank (or whitespace-only) lines separate steps. A paragraph of `##`
//   notes only is no step.
// - `#`, `##` and `#@` count at column 1 only. Caption lines come before the command: a `#` line
//   after a command line is an error (a blank line is probably missing). Directives may stand
//   before or after the command. An indented `#@` line is an error.
// - A command may span several lines, typed as they are, each followed by Enter (a typer should
//   let the shell print its continuation prompt before typing the next line, or the terminal
//   echoes that line twice). A line ending in `\` continues onto the next line, which may hold
//   anything but must not be blank; a heredoc (`<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`) runs to
//   its delimiter line, blank and `#` lines included. A command must not end in `\` nor leave a
//   heredoc open.
// - Directives, each at most once per step:
//     `#@ wait <text>`    after typing the step, wait until <text> appears in its output (the
//                         caller owns the timeout). The text is verbatim, trailing blanks trimmed.
//     `#@ pause <s>`      wait <s> seconds after the step (after its `wait` text, if any): a
//                         decimal number from 0 to 60 (`2`, `1.5`, `.5`).
//     `#@ noenter`        type the command without pressing Enter after its last line.
//     `#@ keys <k> ...`   send keys instead of a command; keys separated by blanks: caret
//                         notation for control characters (`^C`, `^Z`, `^D`; `^A`..`^Z`, `^@`,
//                         `^[`, `^\`, `^]`, `^^`, `^_`, letters in either case) or a key name
//                         (case-insensitive): Enter, Tab, Esc, Space, Backspace, Up, Down, Right,
//                         Left. A keys step has no command line and no `noenter`; it may have a
//                         caption, `wait` and `pause`.
// - Errors, each reported at file:line:col with a hint: a caption or directive with no command,
//   a misplaced caption or directive, an unknown or repeated directive, a bad argument, an
//   unterminated command, a file with no step.
//
// In a DemoStep, `command` is the command lines joined with "\n" ('' for a keys step), `keys` the
// bytes to send (null for a command step), `enter` false under `noenter`, `pause` 0 by default,
// and `line` the 1-based line of the step's first command line, or of its `#@ keys` line.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LivedeckError, type ErrorCode } from '../errors.js';
import { DEMO_NAME_RULE, demoFile, isDemoName, RECORDING_FILE, SETUP_FILE, STEPS_FILE } from './layout.js';

export interface DemoStep {
  command: string;
  caption: string | null;
  line: number;
  wait: string | null;
  pause: number;
  enter: boolean;
  keys: string | null;
}

export interface Demo {
  name: string;
  /** Absolute path of the demo folder. */
  dir: string;
  steps: DemoStep[];
  /** Absolute path of setup.sh, or null when the demo has none. */
  setup: string | null;
  /** Whether session.cast exists. */
  hasRecording: boolean;
}

const MAX_PAUSE_SECONDS = 60;
const DIRECTIVES = ['wait', 'pause', 'noenter', 'keys'] as const;
type DirectiveName = (typeof DIRECTIVES)[number];

const NAMED_KEYS: Readonly<Record<string, string>> = {
  enter: '\r',
  tab: '\t',
  esc: '\x1b',
  space: ' ',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
};

/** One paragraph of the file while it is being read. */
interface Paragraph {
  captionParts: string[];
  firstCaptionLine: number | null;
  commandLines: string[];
  firstCommandLine: number | null;
  /** Each directive seen, by name: its line and the fields it sets. */
  directives: Map<DirectiveName, { line: number; step: Partial<DemoStep> }>;
}

function newParagraph(): Paragraph {
  return {
    captionParts: [],
    firstCaptionLine: null,
    commandLines: [],
    firstCommandLine: null,
    directives: new Map(),
  };
}

/** Parses the text of a steps.sh; `file` names it in error messages. */
export function parseSteps(text: string, file: string): DemoStep[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const fail = (code: ErrorCode, message: string, line: number, column: number, hint: string): never => {
    throw new LivedeckError(code, message, { file, line, column, hint, source: text });
  };

  const steps: DemoStep[] = [];
  let para = newParagraph();
  // Heredoc delimiters still to be met, in order, with the line that opened them.
  let heredocs: { delimiter: string; stripTabs: boolean; line: number; column: number }[] = [];
  // Line number of the previous command line when it ends in `\`, else null.
  let continuedFrom: number | null = null;

  const finish = (): void => {
    const p = para;
    para = newParagraph();
    const keys = p.directives.get('keys');
    if (p.firstCommandLine === null && keys === undefined) {
      if (p.firstCaptionLine !== null) {
        fail('steps-no-command', 'caption without a command', p.firstCaptionLine, 1,
          'a caption is the `#` lines just above a command, in the same paragraph; ' +
          'write `##` for a note that is not shown');
      }
      const first = [...p.directives.values()].sort((a, b) => a.line - b.line)[0];
      if (first !== undefined) {
        fail('steps-no-command', 'directive without a command', first.line, 1,
          'a directive belongs to the step whose command is in the same paragraph (no blank line between them)');
      }
      return; // only `##` notes: nothing to do
    }
    if (keys !== undefined && p.firstCommandLine !== null) {
      fail('steps-keys-conflict', '`#@ keys` in a step that also has a command', keys.line, 1,
        'a step either types a command or sends keys; separate them with a blank line');
    }
    const noenter = p.directives.get('noenter');
    if (keys !== undefined && noenter !== undefined) {
      fail('steps-keys-conflict', '`#@ noenter` in a keys step', noenter.line, 1,
        'a keys step sends exactly the keys listed; add `Enter` to the list if it needs one');
    }
    const step: DemoStep = {
      command: p.commandLines.join('\n'),
      caption: p.captionParts.length > 0 ? p.captionParts.join(' ') : null,
      line: p.firstCommandLine ?? keys?.line ?? 0,
      wait: null,
      pause: 0,
      enter: true,
      keys: null,
    };
    for (const d of p.directives.values()) Object.assign(step, d.step);
    steps.push(step);
  };

  const parseDirective = (raw: string, lineNo: number): void => {
    const m = /^#@[ \t]*([^ \t]*)[ \t]*(.*?)[ \t]*$/.exec(raw);
    const name = m?.[1] ?? '';
    const arg = m?.[2] ?? '';
    const nameColumn = raw.indexOf(name, 2) + 1;
    const nameEnd = nameColumn - 1 + name.length;
    // A missing argument is pointed at just after the name.
    const argColumn = arg === '' ? nameEnd + 1 : raw.indexOf(arg, nameEnd) + 1;
    if (!(DIRECTIVES as readonly string[]).includes(name)) {
      fail('steps-unknown-directive', name === '' ? 'empty directive' : `unknown directive \`${name}\``,
        lineNo, name === '' ? 1 : nameColumn,
        `known directives: ${DIRECTIVES.map((d) => `#@ ${d}`).join(', ')}; write \`##\` for a plain note`);
    }
    const directive = name as DirectiveName;
    const seen = para.directives.get(directive);
    if (seen !== undefined) {
      fail('steps-duplicate-directive', `second \`#@ ${directive}\` in the same step`, lineNo, nameColumn,
        `the first one is on line ${seen.line}; each directive appears at most once per step`);
    }
    let step: Partial<DemoStep>;
    switch (directive) {
      case 'wait':
        if (arg === '') {
          fail('steps-bad-directive', '`#@ wait` needs the text to wait for', lineNo, argColumn,
            'e.g. `#@ wait Terminé`: the next step starts once this text is in the output');
        }
        step = { wait: arg };
        break;
      case 'pause': {
        const seconds = Number(arg);
        if (!/^(?:\d+(?:\.\d+)?|\.\d+)$/.test(arg) || seconds > MAX_PAUSE_SECONDS) {
          fail('steps-bad-directive', `bad pause \`${arg}\``, lineNo, argColumn,
            `a number of seconds from 0 to ${MAX_PAUSE_SECONDS}, decimals allowed: \`#@ pause 1.5\``);
        }
        step = { pause: seconds };
        break;
      }
      case 'noenter':
        if (arg !== '') {
          fail('steps-bad-directive', '`#@ noenter` takes no argument', lineNo, argColumn,
            'write `#@ noenter` alone on its line');
        }
        step = { enter: false };
        break;
      case 'keys':
        step = { keys: parseKeys(arg, raw, lineNo, argColumn, fail) };
        break;
    }
    para.directives.set(directive, { line: lineNo, step });
  };

  const danglingBackslash = (lineNo: number): never =>
    fail('steps-unterminated', 'the command ends with `\\`', lineNo, lines[lineNo - 1]!.length,
      'a line ending in `\\` continues onto the next line, which is missing; remove the `\\`');

  const addCommandLine = (raw: string, lineNo: number): void => {
    para.commandLines.push(raw);
    para.firstCommandLine ??= lineNo;
    continuedFrom = raw.endsWith('\\') ? lineNo : null;
    // `<<` opens a heredoc, `<<<` is a here-string.
    for (const m of raw.matchAll(/(?<!<)<<(?!<)(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
      heredocs.push({ delimiter: m[3] ?? '', stripTabs: m[1] === '-', line: lineNo, column: (m.index ?? 0) + 1 });
    }
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const open = heredocs[0];
    if (open !== undefined) {
      para.commandLines.push(raw);
      if ((open.stripTabs ? raw.replace(/^\t+/, '') : raw) === open.delimiter) heredocs = heredocs.slice(1);
      return;
    }
    if (continuedFrom !== null) {
      if (raw.trim() === '') danglingBackslash(continuedFrom);
      addCommandLine(raw, lineNo);
      return;
    }
    if (index === 0 && raw.startsWith('#!')) return;
    if (raw.trim() === '') {
      finish();
      return;
    }
    if (raw.startsWith('##')) return;
    if (raw.startsWith('#@')) {
      parseDirective(raw, lineNo);
      return;
    }
    if (raw.startsWith('#')) {
      if (para.firstCommandLine !== null) {
        fail('steps-misplaced-caption', 'caption line after the command', lineNo, 1,
          'a caption goes above its command; leave a blank line between two steps');
      }
      para.firstCaptionLine ??= lineNo;
      const part = raw.replace(/^#[ \t]*/, '').trimEnd();
      if (part !== '') para.captionParts.push(part);
      return;
    }
    const indented = /^[ \t]+#@/.exec(raw);
    if (indented !== null) {
      fail('steps-misplaced-directive', 'indented directive', lineNo, indented[0].length - 1,
        'directives start at column 1: `#@ wait ...`');
    }
    addCommandLine(raw, lineNo);
  });

  const open = heredocs[0];
  if (open !== undefined) {
    fail('steps-unterminated', `heredoc \`${open.delimiter}\` is never closed`, open.line, open.column,
      `end it with a line holding only \`${open.delimiter}\``);
  }
  if (continuedFrom !== null) danglingBackslash(continuedFrom);
  finish();
  if (steps.length === 0) {
    fail('steps-empty', 'no step in this file', 1, 1,
      'write at least one command; steps are paragraphs separated by blank lines');
  }
  return steps;
}

/** Turns the argument of `#@ keys` into the bytes to send. */
function parseKeys(
  arg: string,
  raw: string,
  lineNo: number,
  argColumn: number,
  fail: (code: ErrorCode, message: string, line: number, column: number, hint: string) => never,
): string {
  const hint = 'keys are separated by spaces: `^C`, `^Z`, `^D` (control characters) or ' +
    `${Object.keys(NAMED_KEYS).map((k) => k[0]!.toUpperCase() + k.slice(1)).join(', ')}`;
  if (arg === '') fail('steps-bad-directive', '`#@ keys` needs at least one key', lineNo, argColumn, hint);
  let bytes = '';
  let from = argColumn - 1;
  for (const token of arg.split(/[ \t]+/)) {
    const column = raw.indexOf(token, from) + 1;
    from = column - 1 + token.length;
    const caret = /^\^([@A-Za-z[\\\]^_])$/.exec(token);
    const named = NAMED_KEYS[token.toLowerCase()];
    if (caret !== null) {
      bytes += String.fromCharCode(caret[1]!.toUpperCase().charCodeAt(0) - 64);
    } else if (named !== undefined) {
      bytes += named;
    } else {
      fail('steps-bad-directive', `unknown key \`${token}\``, lineNo, column, hint);
    }
  }
  return bytes;
}

/** Names of the demos in a demos folder: sub-folders with a valid name and a steps.sh. */
export function listDemos(demosDir: string): string[] {
  if (!existsSync(demosDir)) return [];
  return readdirSync(demosDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isDemoName(e.name) && existsSync(demoFile(demosDir, e.name, STEPS_FILE)))
    .map((e) => e.name)
    .sort();
}

/** Loads demos/<name>/: its parsed steps, its setup script and whether it has a recording. */
export function loadDemo(demosDir: string, name: string): Demo {
  if (!isDemoName(name)) {
    throw new LivedeckError('demo-invalid-name', `invalid demo name \`${name}\``, {
      hint: `a demo name is ${DEMO_NAME_RULE}`,
    });
  }
  const dir = resolve(demosDir, name);
  const stepsFile = demoFile(demosDir, name, STEPS_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(stepsFile)) {
    const available = listDemos(demosDir);
    const where = existsSync(demosDir) ? `in ${demosDir}` : `because ${demosDir} does not exist`;
    throw new LivedeckError('demo-not-found', `no demo \`${name}\` ${where}`, {
      hint: available.length > 0
        ? `available demos: ${available.join(', ')}`
        : `a demo is a folder ${join(demosDir, '<name>')} holding a ${STEPS_FILE}`,
    });
  }
  const setup = join(dir, SETUP_FILE);
  return {
    name,
    dir,
    steps: parseSteps(readFileSync(stepsFile, 'utf8'), stepsFile),
    setup: existsSync(setup) ? setup : null,
    hasRecording: existsSync(join(dir, RECORDING_FILE)),
  };
}
