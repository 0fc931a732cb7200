// The shape every CLI command shares: its name, help text, options (with their defaults, parsed
// strictly by node:util parseArgs) and what it runs. A command module imports its heavy parts
// inside `run`, so `livedeck --help` and the other commands do not pay for them.

import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

export interface Command {
  name: string;
  summary: string;
  /** e.g. "[deck.md]" */
  args: string;
  options: Record<string, OptionSpec>;
  /** Extra help text after the options. */
  details?: string;
  run(positionals: string[], values: Record<string, string | boolean | undefined>): Promise<number>;
}
