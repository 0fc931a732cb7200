// The livedeck command line: picks the command, parses its options strictly, prints help, and
// turns errors into diagnostics and exit codes (never a stack trace for a user's mistake).

import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LivedeckError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { Command } from './command.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { devCommand } from './dev.js';
import { exportCommand } from './export.js';
import { lecturesCommand } from './lectures.js';
import { newCommand } from './new.js';
import { recordCommand } from './record.js';

const COMMANDS: Command[] = [newCommand, devCommand, checkCommand, recordCommand, buildCommand, exportCommand, lecturesCommand];

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'livedeck: Markdown slide decks whose terminals are real shells',
    '',
    'Usage: livedeck <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: livedeck <command> --help)',
    '  -v, --version  show the version',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([name, spec]) => {
    // A switch that is on by default is shown as the way to turn it off.
    const shown = spec.type === 'boolean' && spec.default === true ? `no-${name}` : name;
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${shown}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const fallback = spec.default !== undefined && spec.type === 'string' ? ` (default: ${String(spec.default)})` : '';
    return [flag, `${spec.description}${fallback}`] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `livedeck ${command.name}: ${command.summary}`,
    '',
    `Usage: livedeck ${command.name} ${command.args}${Object.keys(command.options).length ? ' [options]' : ''}`,
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(command.details ? ['', command.details] : []),
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(mainHelp());
    return name === undefined ? 1 : 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new LivedeckError('unknown-command', `unknown command "${name}"`, { hint: `commands: ${COMMANDS.map((c) => c.name).join(', ')}; see livedeck --help` });
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  const options = Object.fromEntries(Object.entries(command.options).map(([key, { description: _d, valueName: _v, ...spec }]) => [key, spec]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (e) {
    throw new LivedeckError('bad-option', describeParseError(e as Error), { hint: `see livedeck ${command.name} --help` });
  }
  const maxPositionals = command.args.split(' ').filter(Boolean).length;
  if (parsed.positionals.length > maxPositionals) {
    throw new LivedeckError('bad-option', `too many arguments: ${parsed.positionals.slice(maxPositionals).join(' ')}`, { hint: `usage: livedeck ${command.name} ${command.args}` });
  }
  return command.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
}

/** parseArgs's complaint in one line: it writes three for a value that starts with "-". */
function describeParseError(error: Error): string {
  const option = /'(--[\w-]+)/.exec(error.message)?.[1] ?? /'(-\w)/.exec(error.message)?.[1];
  if (option !== undefined) {
    if (/ambiguous/.test(error.message)) return `${option} needs a value (one that starts with "-" is written ${option}=-VALUE)`;
    if (/argument missing/.test(error.message)) return `${option} needs a value`;
    if (/^Unknown option/.test(error.message)) return `unknown option ${option}`;
  }
  return error.message.split('\n')[0]!;
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    if (e instanceof LivedeckError) {
      process.stderr.write(`${e.format()}\n`);
      process.exitCode = e.exitCode;
    } else {
      throw e;
    }
  }
}
