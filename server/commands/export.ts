// `livedeck export [deck]`: the deck as a PDF printed by Chromium, terminal panes as the text of
// their recordings.

import { basename, extname } from 'node:path';
import { LivedeckError } from '../errors.js';
import { DEFAULT_DECK } from '../paths.js';
import type { Command } from './command.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'print a deck to PDF with Chromium, terminals as the text of their recordings',
  args: '[deck.md]',
  options: {
    out: { type: 'string', short: 'o', description: 'the PDF file (default: <deck name>.pdf here, e.g. virtualisation.pdf)', valueName: 'FILE' },
    steps: { type: 'boolean', description: 'one page per build step (default: one page per slide, as it ends)' },
    handout: { type: 'boolean', description: 'one page per slide, and one before each step that hides a part of it' },
    notes: { type: 'boolean', description: 'speaker notes on a page of their own after each slide' },
    range: { type: 'string', description: 'slides to export, e.g. 2-5,8 (default: all)', valueName: 'LIST' },
    browser: { type: 'string', description: 'Chromium or Chrome to print with (default: $CHROME_PATH, a system one, Playwright\'s)', valueName: 'PATH' },
  },
  details: [
    'Pages are the slide\'s size (1280x720 CSS px for 16:9), with the theme\'s backgrounds, the bundled',
    'fonts embedded, selectable text and live links. A terminal pane prints the screen of its demo\'s',
    'recording (demos/<demo>/session.cast) as text: after its last step on a slide\'s page, after step K',
    'on the page of step K with --steps. A pane without a recording prints its steps.',
    'A slide whose steps replace a part of it (a figure stack, a fade-out) prints as it ends without',
    'that part, and the export warns; --handout also prints the slide as it is before each such step,',
    'so everything shown is on paper, in fewer pages than --steps.',
    'Progress goes to stderr by phase (Chromium prints all pages in one go). The PDF is written to a',
    'temp file and renamed at the end: a failed export leaves no file behind. Later exports reuse',
    'node_modules/.cache/livedeck/ (playwright-core\'s compiled code, the terminal screens): safe to delete.',
  ].join('\n'),
  async run(positionals, values) {
    if (values.steps === true && values.handout === true) {
      throw new LivedeckError('bad-option', '--steps and --handout cannot go together', { hint: '--steps prints every build step, --handout only those before a part is replaced' });
    }
    const pages = values.steps === true ? 'all' : values.handout === true ? 'handout' : 'last';
    const deck = positionals[0] ?? DEFAULT_DECK;
    const out = (values.out as string | undefined) ?? `${basename(deck, extname(deck))}.pdf`;
    const { exportPdf } = await import('../export/pdf-export.js');
    const summary = await exportPdf({
      deck,
      out,
      pages,
      notes: values.notes === true,
      range: (values.range as string | undefined) ?? null,
      browser: (values.browser as string | undefined) ?? null,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const { recorded, steps } = summary.panes;
    const panes = recorded + steps === 0 ? 'no terminal pane' : `terminal panes: ${recorded} from their recording${steps > 0 ? `, ${steps} as their steps` : ''}`;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    process.stdout.write(`${out}: ${plural(summary.pages, 'page')} (${plural(summary.slides, 'slide')}${PAGES_LABEL[pages]}`
      + `${values.notes === true ? ', notes' : ''}), ${panes}; ${formatSize(summary.bytes)}, exported in ${summary.seconds.toFixed(1)} s\n`);
    return 0;
  },
};

/** What the summary line says of the pages. */
const PAGES_LABEL = { last: '', all: ', one page per step', handout: ', handout' } as const;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
