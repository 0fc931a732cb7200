// The layout of a course's demos folder, owned here alone: where the folder is (the nearest
// demos/ at or above the deck), what a demo's name may be, and the files of demos/<name>/ that the
// compiler, the recorder, the build and the export read or write.

import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_NAME_PATTERN } from '../../common/protocol.js';

const DEMOS_FOLDER = 'demos';
/** A demo's steps: a demo is a folder holding one. */
export const STEPS_FILE = 'steps.sh';
/** Run before the demo's shell starts, when present. */
export const SETUP_FILE = 'setup.sh';
/** The demo's recording, written by `livedeck record`, replayed by the site and printed by the PDF. */
export const RECORDING_FILE = 'session.cast';

/** The rule DEMO_NAME_PATTERN checks, as messages state it. The same pattern for a fence's demo=,
 * a folder on disk and a name the browser asks for: a name one accepts the others accept. */
export const DEMO_NAME_RULE = 'lower-case letters, digits and dashes (at most 64), starting with a letter or digit';

export function isDemoName(name: string): boolean {
  return DEMO_NAME_PATTERN.test(name);
}

/** The nearest `demos/` folder at or above the deck's folder. */
export function findDemosDir(from: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, DEMOS_FOLDER);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A file of demos/<name>/ on disk. */
export function demoFile(demosDir: string, name: string, file: string): string {
  return join(demosDir, name, file);
}

/** A file of demos/<name>/ as messages name it ("demos/tls/session.cast"), wherever the folder is. */
export function shownDemoFile(name: string, file: string): string {
  return `${DEMOS_FOLDER}/${name}/${file}`;
}
