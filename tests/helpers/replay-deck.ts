// Facts about the engine's fixture deck (tests/fixtures/replay/deck.md) that the build, export and
// replay tests check, so that they depend on a deck of their own and never on the course's content.

import { join } from 'node:path';
import { ROOT } from './cli.js';

/** The fixture's folder: deck.md, its demos (jobs and words recorded, unrecorded not) and figures. */
export const REPLAY_FIXTURE = join(ROOT, 'tests/fixtures/replay');

export const REPLAY_DECK = 'tests/fixtures/replay/deck.md';

export const REPLAY_TITLES = [
  'Engine fixture',
  'Notes and fragments',
  'Jobs and signals',
  'After the jobs',
  'In between',
  'Words in four steps',
  'A demo never recorded',
  'Stacked figures',
] as const;
