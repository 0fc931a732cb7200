// `livedeck record <demo>`: records a demo's steps, typed in a real shell with nobody at the
// keyboard, to demos/<demo>/session.cast (what the static site replays and the PDF prints).

import { COLS_MAX, COLS_MIN, ROWS_MAX, ROWS_MIN } from '../../common/protocol.js';
import { LivedeckError } from '../errors.js';
import type { Command } from './command.js';

export const recordCommand: Command = {
  name: 'record',
  summary: 'record a demo\'s steps in a real shell to demos/<demo>/session.cast',
  args: '<demo>',
  options: {
    demos: { type: 'string', description: 'the demos folder (default: the nearest demos/ here or above)', valueName: 'DIR' },
    cols: { type: 'string', default: '100', description: 'terminal width in characters', valueName: 'N' },
    rows: { type: 'string', default: '28', description: 'terminal height in characters', valueName: 'N' },
    'typing-ms': { type: 'string', default: '35', description: 'delay after each key typed, in ms', valueName: 'MS' },
    timeout: { type: 'string', default: '30', description: 'seconds a step may take to show its wait text and give the prompt back', valueName: 'S' },
  },
  details: [
    'Each step is typed key by key after a marker "N: caption", then its output is left to settle',
    '(no output for 0.6 s and the prompt back; a step followed by a `#@ keys` step need not give',
    'the prompt back). `#@ wait TEXT` and `#@ pause N` in steps.sh are honoured. The cast is',
    'written to a temp file and replaces session.cast only when the recording succeeded.',
    '`livedeck dev` types a live pane\'s steps the same way, as "next" reaches them.',
  ].join('\n'),
  async run(positionals, values) {
    const name = positionals[0];
    if (name === undefined) {
      throw new LivedeckError('bad-option', 'which demo? livedeck record <demo>', { hint: 'the name of a folder of demos/ holding a steps.sh' });
    }
    const cols = integerOption(values, 'cols', COLS_MIN, COLS_MAX);
    const rows = integerOption(values, 'rows', ROWS_MIN, ROWS_MAX);
    const typingMs = integerOption(values, 'typing-ms', 0, 1000);
    const timeoutSeconds = integerOption(values, 'timeout', 1, 3600);
    const { findDemosDir } = await import('../demos/layout.js');
    const demosDir = (values.demos as string | undefined) ?? findDemosDir(process.cwd());
    if (demosDir === null) {
      throw new LivedeckError('demos-not-found', `no demos/ folder in ${process.cwd()} or above`, { hint: 'run it in the project, or name the folder: --demos path/to/demos' });
    }

    const { displayPath, recordDemo } = await import('../recording/demo-recorder.js');
    const { loadDemo } = await import('../demos/steps.js');
    const { describeKeys } = await import('../../common/steps.js');
    const steps = loadDemo(demosDir, name).steps.length; // a missing demo or a bad steps.sh fails here, before any shell
    const err = process.stderr;
    err.write(`recording ${name}: ${steps} steps in a ${cols}x${rows} terminal, ${typingMs} ms per key\n`);
    const abort = new AbortController();
    const stop = () => abort.abort(new LivedeckError('record-interrupted', `recording of ${name} interrupted; its previous session.cast is unchanged`));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const started = performance.now();
    try {
      const result = await recordDemo({
        demosDir, demo: name, cols, rows, typingMs, timeoutSeconds, signal: abort.signal,
        onStep: (index, count, step, seconds) => {
          const what = step.keys !== null ? `keys ${describeKeys(step.keys)}` : step.command.split('\n')[0]!;
          const number = `${index + 1}`.padStart(`${count}`.length);
          err.write(`  step ${number}/${count}  ${seconds.toFixed(1).padStart(5)} s  ${what}\n`);
        },
      });
      err.write(`wrote ${displayPath(result.path)}: ${result.duration.toFixed(1)} s of terminal, ${result.markers} markers, `
        + `${(result.bytes / 1024).toFixed(1)} KiB (recorded in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      return 0;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};

function integerOption(values: Record<string, string | boolean | undefined>, name: string, min: number, max: number): number {
  const raw = String(values[name]);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new LivedeckError('bad-option', `--${name} must be a whole number from ${min} to ${max}, not "${raw}"`, { hint: `see livedeck record --help` });
  }
  return value;
}
