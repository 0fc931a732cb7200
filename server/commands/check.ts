// `livedeck check [deck]`: compiles the deck and reports the first error, like a compiler.

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
    const terminals = deck.slides.reduce((n, s) => n + s.terminals.length, 0);
    const steps = deck.slides.reduce((n, s) => n + s.steps, 0);
    process.stdout.write(`${file}: ok, ${deck.slides.length} slides, ${steps} build steps, ${terminals} terminal panes\n`);
    return 0;
  },
};
