// `livedeck build [deck]`: the deck as a static site (file:// or any static host), its terminal
// panes replaying the demos' recordings; `livedeck build --lecture recordings/<stamp>`: a class
// recorded by `livedeck dev` as a static site that replays it.

import { basename, extname } from 'node:path';
import { DEFAULT_LECTURE_IDLE_LIMIT, DEFAULT_QUIET_IDLE_LIMIT, formatLectureTime } from '../../common/lecture-site.js';
import { LivedeckError } from '../errors.js';
import { DEFAULT_DECK } from '../paths.js';
import type { Command } from './command.js';

/** --idle-limit at most, in seconds: a longer "silence" is no longer one. */
const MAX_IDLE_LIMIT = 3600;

export const buildCommand: Command = {
  name: 'build',
  summary: 'write a deck, or a recorded class (--lecture), as a static site (works from file://)',
  args: '[deck.md]',
  options: {
    out: { type: 'string', short: 'o', description: 'the site\'s folder (default: <deck name>-site, e.g. virtualisation-site; <lecture folder>-site for --lecture)', valueName: 'DIR' },
    lecture: { type: 'string', description: 'build the class recorded in this folder of recordings/ instead of a deck (livedeck lectures lists them)', valueName: 'DIR' },
    'idle-limit': { type: 'string', description: `with --lecture: shorten longer silences to this many seconds (default ${DEFAULT_LECTURE_IDLE_LIMIT} while the voice was recorded, ${DEFAULT_QUIET_IDLE_LIMIT} elsewhere; 0 or none: keep them)`, valueName: 'S' },
  },
  details: [
    'The folder holds index.html, livedeck\'s assets (_livedeck/), the deck\'s images and, for each',
    'demo a pane uses, its demos/<demo>/session.cast (casts/<demo>.cast, and the segments the player',
    'loads, casts/<demo>/<n>.js).',
    'A demo without a recording is a warning (its pane shows its steps); an invalid or outdated',
    'recording is an error. A previous build in the folder is replaced once the new one is complete.',
    '',
    'With --lecture: a page per version of the deck shown in class (index.html first), each pane\'s',
    'shells as one recording on the class\'s clock (lecture/casts/), the voice (lecture/voice/) and the',
    'timeline the player follows (lecture/lecture.js). A class whose server was killed builds from',
    'what was written.',
  ].join('\n'),
  async run(positionals, values) {
    const started = performance.now();
    if (values.lecture !== undefined) return buildLecture(positionals, values, started);
    if (values['idle-limit'] !== undefined) {
      throw new LivedeckError('bad-option', '--idle-limit goes with --lecture', { hint: 'a deck\'s recordings keep the idle limit they were recorded with' });
    }
    const deck = positionals[0] ?? DEFAULT_DECK;
    const out = (values.out as string | undefined) ?? `${basename(deck, extname(deck))}-site`;
    const { buildStaticSite } = await import('../build/static-site.js');
    const site = await buildStaticSite({ deck, out, warn: (line) => process.stderr.write(`${line}\n`) });
    const recordings = site.missing.length > 0 ? `${site.casts} recordings, ${site.missing.length} missing` : `${site.casts} recordings`;
    process.stdout.write(`${out.replace(/\/+$/, '')}/: ${site.slides} slides, ${site.panes} terminal panes, ${recordings}; `
      + `${site.files} files, ${formatSize(site.bytes)}, built in ${elapsed(started)} s\n`);
    return 0;
  },
};

async function buildLecture(positionals: string[], values: Record<string, string | boolean | undefined>, started: number): Promise<number> {
  if (positionals.length > 0) {
    throw new LivedeckError('bad-option', `--lecture builds the deck the class was given with: no deck to name (${positionals[0]})`, { hint: 'livedeck build --lecture recordings/<stamp>' });
  }
  const lecture = values.lecture as string;
  const idleLimits = parseIdleLimit(values['idle-limit'] as string | undefined);
  const out = (values.out as string | undefined) ?? `${basename(lecture.replace(/\/+$/, ''))}-site`;
  const { buildLectureSite } = await import('../build/lecture-site.js');
  const site = await buildLectureSite({ lecture, out, ...(idleLimits === null ? {} : { idleLimits }) });
  const shortened = site.recorded - site.duration >= 1 ? ` (${formatLectureTime(site.recorded)} recorded)` : '';
  const pages = site.pages > 1 ? ` in ${site.pages} versions` : '';
  const voice = site.voice > 0 ? `voice ${formatLectureTime(site.voice)}` : 'no voice';
  process.stdout.write(`${out.replace(/\/+$/, '')}/: a class of ${formatLectureTime(site.duration)}${shortened}, ${site.slides} slides${pages}, `
    + `${site.chapters} chapters, ${site.terminals} terminals (${site.sessions} shells), ${voice}; `
    + `${site.files} files, ${formatSize(site.bytes)}, built in ${elapsed(started)} s\n`);
  return 0;
}

/** Seconds, or 0 or "none": no silence is shortened; the same everywhere. Null: the defaults. */
function parseIdleLimit(raw: string | undefined): { voice: number; quiet: number } | null {
  if (raw === undefined) return null;
  if (raw === 'none') return { voice: 0, quiet: 0 };
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_IDLE_LIMIT) {
    throw new LivedeckError('bad-option', `--idle-limit must be a number of seconds from 0 to ${MAX_IDLE_LIMIT}, or none, not "${raw}"`, {
      hint: `e.g. --idle-limit 3 (0 or none keeps every silence; default ${DEFAULT_LECTURE_IDLE_LIMIT} s while the voice was recorded, ${DEFAULT_QUIET_IDLE_LIMIT} s elsewhere)`,
    });
  }
  return { voice: value, quiet: value };
}

function elapsed(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
