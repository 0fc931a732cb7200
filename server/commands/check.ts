// `livedeck check [deck]`: compiles the deck and reports the first error, like a compiler, and the
// deck's warnings.

import { DEFAULT_DECK } from '../paths.js';
import type { Command } from './command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'compile a deck and report its errors',
  args: '[deck.md]',
  options: {},
  async run(positionals) {
    const file = positionals[0] ?? DEFAULT_DECK;
    const { compileDeck } = await import('../deck/compile.js');
    const deck = await compileDeck(file);
    const { printWarnings } = await import('../deck/warnings.js');
    const { paneLimitWarnings } = await import('../terminal/reclaim.js');
    const warnings = [...deck.warnings, ...paneLimitWarnings(deck)];
    printWarnings(warnings, (text) => process.stderr.write(text));
    const terminals = deck.slides.reduce((n, s) => n + s.terminals.length, 0);
    const steps = deck.slides.reduce((n, s) => n + s.steps, 0);
    const stacks = new Set(deck.slides.filter((s) => s.v > 0).map((s) => s.h)).size;
    const warned = warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
    process.stdout.write(`${file}: ok, ${deck.slides.length} slides${stacks > 0 ? ` (${stacks} vertical stack${stacks === 1 ? '' : 's'})` : ''}, ${steps} build steps, ${terminals} terminal panes${warned}\n`);
    return 0;
  },
};
