// `livedeck build [deck]`: the deck as a static site (file:// or any static host), its terminal
// panes replaying the demos' recordings.

import { basename, extname } from 'node:path';
import { DEFAULT_DECK } from '../paths.js';
import type { Command } from './command.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'write a deck as a static site that replays its recordings (works from file://)',
  args: '[deck.md]',
  options: {
    out: { type: 'string', short: 'o', description: 'the site\'s folder (default: <deck name>-site, e.g. virtualisation-site)', valueName: 'DIR' },
  },
  details: [
    'The folder holds index.html, livedeck\'s assets (_livedeck/), the deck\'s images and, for each',
    'demo a pane uses, its demos/<demo>/session.cast (casts/<demo>.cast, and the segments the player',
    'loads, casts/<demo>/<n>.js).',
    'A demo without a recording is a warning (its pane shows its steps); an invalid or outdated',
    'recording is an error. A previous build in the folder is replaced once the new one is complete.',
  ].join('\n'),
  async run(positionals, values) {
    const started = performance.now();
    const deck = positionals[0] ?? DEFAULT_DECK;
    const out = (values.out as string | undefined) ?? `${basename(deck, extname(deck))}-site`;
    const { buildStaticSite } = await import('../build/static-site.js');
    const site = await buildStaticSite({ deck, out, warn: (line) => process.stderr.write(`${line}\n`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const recordings = site.missing.length > 0 ? `${site.casts} recordings, ${site.missing.length} missing` : `${site.casts} recordings`;
    process.stdout.write(`${out.replace(/\/+$/, '')}/: ${site.slides} slides, ${site.panes} terminal panes, ${recordings}; `
      + `${site.files} files, ${formatSize(site.bytes)}, built in ${seconds} s\n`);
    return 0;
  },
};

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
