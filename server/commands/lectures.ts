// `livedeck lectures [recordings-dir]`: the lectures `livedeck dev` recorded, one line each (when,
// how long, slides covered, voice, terminals), oldest first; `--json` for scripts.

import { existsSync, statSync } from 'node:fs';
import { LivedeckError } from '../errors.js';
import type { LectureListing } from '../lecture/lecture-list.js';
import type { Command } from './command.js';
import { RECORDINGS_DIR } from './dev.js';

export const lecturesCommand: Command = {
  name: 'lectures',
  summary: 'list the lectures livedeck dev recorded (date, duration, slides, voice)',
  args: '[recordings-dir]',
  options: {
    json: { type: 'boolean', description: 'print the list as JSON' },
  },
  details: 'Each launch of livedeck dev records a lecture in recordings/<date-time>/ (in the folder it was started from);\n'
    + '`livedeck build --lecture recordings/<date-time>` makes its site for students.',
  async run(positionals, values) {
    const root = positionals[0] ?? RECORDINGS_DIR;
    if (existsSync(root) && !statSync(root).isDirectory()) {
      throw new LivedeckError('bad-option', `${root} is not a folder`, { hint: 'give the folder livedeck dev records into, e.g. recordings' });
    }
    const { listLectures } = await import('../lecture/lecture-list.js');
    const lectures = (await listLectures(root)) ?? [];
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify(lectures, null, 2)}\n`);
      return 0;
    }
    if (lectures.length === 0) {
      const where = existsSync(root) ? `no lectures in ${root}/` : `no ${root}/ folder here`;
      process.stdout.write(`${where}: present a deck with \`livedeck dev\` and each launch records one there\n`);
      return 0;
    }
    process.stdout.write(formatTable(lectures));
    return 0;
  },
};

/** The lectures as a table, columns padded; an unreadable one shows its error in place of them. */
function formatTable(lectures: LectureListing[]): string {
  const head = ['LECTURE', 'STARTED', 'DURATION', 'SLIDES', 'VOICE', 'TERMINALS', ''];
  const rows = lectures.map((lecture) => {
    if ('error' in lecture) return [lecture.name, `error: ${lecture.error}`];
    const slides = `${lecture.slidesShown}/${lecture.slidesTotal ?? '?'}`;
    const voice = lecture.voiceMs === null ? 'no' : `yes ${clock(lecture.voiceMs)}`;
    return [lecture.name, wallClock(lecture.started), clock(lecture.durationMs), slides, voice, String(lecture.terminals), lecture.interrupted ? 'interrupted' : ''];
  });
  // An error row's message runs past the columns: it does not widen them.
  const widths = head.map((title, i) => Math.max(title.length, ...rows.filter((row) => row.length === head.length).map((row) => row[i]!.length)));
  widths[0] = Math.max(widths[0]!, ...rows.map((row) => row[0]!.length));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

/** h:mm:ss */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000); // as the lecture's player shows times
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** "2026-12-07 09:30" as the teacher's clock read (the header keeps its offset). */
function wallClock(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
