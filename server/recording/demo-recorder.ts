// `livedeck record`: runs a demo's steps in a real shell, exactly as a live session does (fresh
// working copy, setup.sh, the same environment, the same step player and timing), with nobody at
// the keyboard, and writes demos/<name>/session.cast with one marker per step. The cast is written
// to a temp file and renamed at the end: a failed recording never replaces the previous one.

import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { castMarkers, parseCast } from '../../common/asciicast.js';
import { loadDemo, type DemoStep } from '../demos/steps.js';
import { LivedeckError } from '../errors.js';
import { DEFAULT_SHELL, shellEnvironment } from '../terminal/environment.js';
import { TerminalSession } from '../terminal/session.js';
import { SessionRecording } from './session-recording.js';
import { ShellWatcher } from '../terminal/shell-watcher.js';
import { playSteps, STEP_TIMING_DEFAULTS } from '../terminal/step-player.js';

export interface RecordOptions {
  demosDir: string;
  demo: string;
  /** Terminal size; default 100 x 28. */
  cols?: number;
  rows?: number;
  /** Delay after each key, in ms; default 35. */
  typingMs?: number;
  /** Seconds a step may take to show its wait text and give the prompt back; default 30. */
  timeoutSeconds?: number;
  /** Milliseconds without output after which a step's output counts as settled; default 600. */
  quietMs?: number;
  signal?: AbortSignal;
  onStep?: (index: number, count: number, step: DemoStep, seconds: number) => void;
}

const RECORD_DEFAULTS = {
  cols: 100,
  rows: 28,
  typingMs: STEP_TIMING_DEFAULTS.typingMs,
  timeoutSeconds: STEP_TIMING_DEFAULTS.timeoutMs / 1000,
  quietMs: STEP_TIMING_DEFAULTS.quietMs,
};
/** Pauses longer than this are shortened by players: waiting for a command is not worth watching. */
const RECORDING_IDLE_TIME_LIMIT = 2;

export interface RecordResult {
  /** The cast written: demos/<name>/session.cast. */
  path: string;
  steps: number;
  markers: number;
  /** Seconds, the time of the last event. */
  duration: number;
  bytes: number;
}

export async function recordDemo(options: RecordOptions): Promise<RecordResult> {
  const { cols, rows, typingMs, timeoutSeconds, quietMs } = { ...RECORD_DEFAULTS, ...definedOnly(options) };
  const demo = loadDemo(options.demosDir, options.demo);
  const stepsFile = join(demo.dir, 'steps.sh');
  const target = join(demo.dir, 'session.cast');
  // Beside the demo's folder, not in it: the working copy of a session started meanwhile would
  // copy it. Hidden, and named by process, so a crashed recording leaves no clutter in `ls`.
  const temp = join(options.demosDir, `.${demo.name}.session.cast.${process.pid}.tmp`);

  const shell = DEFAULT_SHELL;
  const session = await TerminalSession.start({
    id: `record-${randomBytes(6).toString('hex')}`,
    demo: { name: demo.name, dir: demo.dir, setupScript: demo.setup },
    cols,
    rows,
    shell,
  });
  // Both attached in the tick the shell started in, before its first output.
  const watcher = new ShellWatcher(session);
  let writeError: Error | null = null;
  const env = shellEnvironment({ sessionId: session.id, shell });
  const recording = new SessionRecording(session, temp, {
    header: {
      timestamp: Math.floor(Date.now() / 1000),
      title: demo.name,
      idleTimeLimit: RECORDING_IDLE_TIME_LIMIT,
      env: { TERM: env['TERM']!, SHELL: shell },
    },
    onError: (error) => (writeError = error),
  });

  let done = false;
  try {
    await playSteps(session, watcher, demo.steps, {
      typingMs,
      timeoutMs: timeoutSeconds * 1000,
      quietMs,
      stepsFile: displayPath(stepsFile),
      stepsSource: readFileSync(stepsFile, 'utf8'),
      signal: options.signal,
      onStep: (index, step, seconds) => options.onStep?.(index, demo.steps.length, step, seconds),
    });
    // Closed before the shell is killed: a recording ends on the last prompt, with no exit.
    await recording.dispose();
    if (writeError !== null) {
      throw new LivedeckError('record-write', `cannot write the recording ${temp}: ${(writeError as Error).message}`);
    }
    const result = checkRecording(temp, target, demo.steps.length);
    await rename(temp, target);
    done = true;
    return result;
  } finally {
    await recording.dispose();
    watcher.dispose();
    await session.dispose();
    if (!done) await rm(temp, { force: true });
  }
}

/** Reads the new cast back as any player would, before it replaces the old one. */
function checkRecording(temp: string, target: string, steps: number): RecordResult {
  const cast = parseCast(readFileSync(temp, 'utf8'), temp);
  const markers = castMarkers(cast).length;
  if (markers !== steps) {
    throw new LivedeckError('record-check', `the recording has ${markers} markers for ${steps} steps`, { hint: 'this is a bug in livedeck record' });
  }
  return {
    path: target,
    steps,
    markers,
    duration: cast.events.at(-1)?.time ?? 0,
    bytes: statSync(temp).size,
  };
}

/** A path as messages show it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) ? path : rel;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
