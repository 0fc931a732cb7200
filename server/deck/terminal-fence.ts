// ```terminal fences -> a terminal pane spec in the deck model, plus the HTML the page carries for
// it: the pane box, the steps as readable commands (what a page without JavaScript and the PDF
// fall back to) and one hidden fragment per step, so the demo's steps join the slide's fragments.
// A pane with `cast=` replays a recording instead: its markers are its steps.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve } from 'node:path';
import { castMarkers, CastError, parseCast } from '../../common/asciicast.js';
import type { PaneStep, TerminalPaneSpec } from '../../common/deck.js';
import { DEMO_NAME_RULE, isDemoName } from '../demos/layout.js';
import { loadDemo, parseSteps, type DemoStep } from '../demos/steps.js';
import { LivedeckError } from '../errors.js';
import { escapeHtml } from './attributes.js';
import { describeKeys } from '../../common/steps.js';

/** Options of a terminal fence, with their defaults. */
const OPTIONS = {
  demo: null as string | null,
  cast: null as string | null,
  title: null as string | null,
  rows: null as number | null,
  cols: null as number | null,
  height: null as string | null,
  cwd: null as string | null,
  autoenter: true,
};
type OptionName = keyof typeof OPTIONS;

export class TerminalFenceError extends Error {
  constructor(message: string, readonly hint: string, readonly column = 0) {
    super(message);
  }
}

/** Parses `demo=processus rows=18 title="Processus"` strictly. */
export function parseTerminalOptions(info: string): typeof OPTIONS {
  const options = { ...OPTIONS };
  const re = /\s*([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/y;
  let pos = 0;
  while (pos < info.length && info.slice(pos).trim() !== '') {
    re.lastIndex = pos;
    const m = re.exec(info);
    if (!m) throw new TerminalFenceError(`cannot read the terminal option "${info.slice(pos).trim().split(/\s/)[0]}"`, 'options are name=value, e.g. ```terminal demo=processus rows=18', pos);
    const name = m[1]!;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    const column = pos + m[0].indexOf(name);
    if (!(name in OPTIONS)) throw new TerminalFenceError(`unknown terminal option "${name}"`, `known options: ${Object.keys(OPTIONS).join(', ')}`, column);
    const bad = (what: string) => new TerminalFenceError(`terminal option ${name} must be ${what}, not "${value}"`, `e.g. ${name}=${example(name as OptionName)}`, column);
    switch (name as OptionName) {
      case 'rows':
      case 'cols': {
        const n = Number(value);
        const [min, max] = name === 'rows' ? [2, 100] : [20, 300];
        if (!Number.isInteger(n) || n < min || n > max) throw bad(`a whole number from ${min} to ${max}`);
        options[name as 'rows' | 'cols'] = n;
        break;
      }
      case 'height':
        if (!/^\d+(\.\d+)?(px|%|em|rem|vh)$/.test(value)) throw bad('a CSS length');
        options.height = value;
        break;
      case 'autoenter':
        if (value !== 'true' && value !== 'false') throw bad('true or false');
        options.autoenter = value === 'true';
        break;
      case 'demo':
        if (!isDemoName(value)) throw bad(`a demo folder name (${DEMO_NAME_RULE})`);
        options.demo = value;
        break;
      case 'cast':
        if (value === '' || isAbsolute(value) || value.includes('\\')) throw bad('a path relative to the deck, with / between folders');
        options.cast = posix.normalize(value);
        break;
      case 'cwd':
        if (value.startsWith('/') || value.split('/').includes('..')) throw bad('a relative path inside the demo');
        options.cwd = value;
        break;
      case 'title':
        options.title = value;
        break;
    }
    pos = re.lastIndex;
  }
  return options;
}

function example(name: OptionName): string {
  return { demo: 'processus', cast: 'recordings/intro.cast', title: '"Processus"', rows: '18', cols: '80', height: '420px', cwd: 'src', autoenter: 'false' }[name];
}

export interface TerminalFenceInput {
  id: string;
  info: string;
  body: string;
  demosDir: string | null;
  /** The deck's path: errors in an inline body name it, and a cast= path starts from its folder. */
  file: string;
}

export interface CompiledTerminal {
  spec: TerminalPaneSpec;
  html: string;
  /** Files the pane depends on (its steps.sh, its recording). */
  dependencies: string[];
}

/** Compiles one fence; throws TerminalFenceError (info string) or LivedeckError (demo, steps). */
export function compileTerminal(input: TerminalFenceInput): CompiledTerminal {
  const options = parseTerminalOptions(input.info);
  const inline = input.body.trim() !== '';
  let steps: DemoStep[];
  const dependencies: string[] = [];
  if (options.cast !== null) {
    if (options.demo !== null) throw new TerminalFenceError('terminal with cast= cannot have a demo= too', 'a pane either runs a demo or replays a recording: keep one of them', optionColumn(input.info, 'demo'));
    if (inline) throw new TerminalFenceError(`terminal with cast=${options.cast} must have an empty body`, 'its steps are the recording\'s markers: remove the body or the cast option', optionColumn(input.info, 'cast'));
    const path = resolve(dirname(input.file), options.cast);
    steps = castSteps(readRecording(path, optionColumn(input.info, 'cast')), path);
    dependencies.push(path);
  } else if (options.demo !== null) {
    if (inline) throw new TerminalFenceError(`terminal with demo=${options.demo} must have an empty body`, `the steps come from demos/${options.demo}/steps.sh; remove the body or the demo option`);
    if (input.demosDir === null) throw new TerminalFenceError(`no demos/ folder found for demo=${options.demo}`, 'demos live in a demos/ folder beside the deck or one of its parent folders');
    const demo = loadDemo(input.demosDir, options.demo);
    steps = demo.steps;
    dependencies.push(`${demo.dir}/steps.sh`);
  } else if (inline) {
    steps = parseSteps(input.body, input.file);
  } else {
    steps = [];
  }
  if (options.cwd !== null && options.demo === null) throw new TerminalFenceError('terminal option cwd needs a demo', 'cwd is a folder inside the demo\'s working copy');
  const paneSteps: PaneStep[] = steps.map((s) => ({ command: s.command, caption: s.caption, enter: s.enter && options.autoenter, keys: s.keys, wait: s.wait, pause: s.pause }));
  const spec: TerminalPaneSpec = { id: input.id, demo: options.demo, castFile: options.cast, steps: paneSteps, title: options.title, rows: options.rows, cols: options.cols, height: options.height, cwd: options.cwd, autoenter: options.autoenter };
  return { spec, html: renderPane(spec), dependencies };
}

function readRecording(path: string, column: number): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new TerminalFenceError(`cannot read the recording ${shownPath(path)}: ${what}`, 'cast= names an asciicast file (asciinema rec, livedeck record, recordings/ of livedeck dev), relative to the deck', column);
  }
}

/** A recording's steps: one per marker, labelled by its caption ("3: caption" from livedeck record,
 * any other label as it is), or one step that plays it all when it has no marker. A bad line is
 * an error naming the recording and the line. */
function castSteps(text: string, path: string): DemoStep[] {
  const shown = shownPath(path);
  let labels: string[];
  try {
    labels = castMarkers(parseCast(text, shown)).map((marker) => marker.label);
  } catch (e) {
    if (e instanceof CastError) throw new LivedeckError('cast-invalid', e.reason, { file: shown, line: e.line, source: text, hint: 'cast= takes an asciicast file, version 1, 2 or 3' });
    throw e;
  }
  if (labels.length === 0) labels = [''];
  return labels.map((label) => {
    const caption = label.replace(/^\d+: /, '').trim();
    return { command: '', caption: caption === '' ? null : caption, enter: false, keys: null, wait: null, pause: 0, line: 0 };
  });
}

/** A path as messages name it: from the current folder when inside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** Where option `name` starts in the fence's info string, for errors about it. */
function optionColumn(info: string, name: string): number {
  const at = new RegExp(`(^|\\s)${name}=`).exec(info);
  return at ? at.index + at[1]!.length : 0;
}

/** A pane's markup from its spec. For print (server/export/print-panes.ts), `printScreens` (its
 * recording's screens, one fragment per step) takes the place of the step fragments. */
export function renderPane(spec: TerminalPaneSpec, printScreens: string | null = null): string {
  const style = spec.height ? ` style="height:${spec.height}"` : '';
  const title = spec.title ?? spec.demo ?? (spec.castFile ? posix.basename(spec.castFile) : 'terminal');
  const lines = spec.steps.map((step, i) => {
    if (spec.castFile !== null) {
      // A recording's step has no command: its caption, or the recording's name, tells it.
      return `<span class="ld-step" data-step="${i}"><span class="ld-step-caption">▶ ${escapeHtml(step.caption ?? title)}</span></span>`;
    }
    const caption = step.caption ? `<span class="ld-step-caption"># ${escapeHtml(step.caption)}</span>\n` : '';
    const what = step.keys !== null ? `<span class="ld-step-keys">${escapeHtml(describeKeys(step.keys))}</span>` : escapeHtml(step.command);
    return `<span class="ld-step" data-step="${i}">${caption}<span class="ld-step-prompt">$ </span>${what}</span>`;
  });
  // One hidden fragment per step: reveal counts them with the slide's other fragments, so "next"
  // reaches each step in document order, and the client types the step when its fragment shows.
  const markers = printScreens ?? spec.steps.map((_, i) => `<span class="fragment ld-terminal-step" data-pane="${spec.id}" data-step="${i}"></span>`).join('');
  return `<div class="ld-terminal${printScreens === null ? '' : ' ld-terminal-print'}" id="${spec.id}" data-pane="${spec.id}"${spec.rows ? ` data-rows="${spec.rows}"` : ''}${style}>`
    + `<div class="ld-terminal-bar"><span class="ld-terminal-title">${escapeHtml(title)}</span></div>`
    + `<pre class="ld-terminal-steps">${lines.join('\n')}</pre>${markers}</div>`;
}
