// Writing bench/RESULTS.md: each benchmark owns one "## " section, rewritten on every run, and
// keeps the hand-written "### Interpretation" subsection it already had.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const KEPT_SUBSECTION = '### Interpretation';

export function markdownTable(rows: string[][]): string {
  const [head, ...body] = rows;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head!), line(head!.map(() => '---')), ...body.map(line)].join('\n');
}

/** Replaces (or adds) the section titled `title` ("## ...") of `file` with `body`. */
export function writeSection(file: string, title: string, body: string): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(`${title}\n`);
  const end = start === -1 ? -1 : nextSection(existing, start + title.length);
  const old = start === -1 ? '' : existing.slice(start, end === -1 ? undefined : end);
  const keptAt = old.indexOf(`${KEPT_SUBSECTION}\n`);
  const kept = keptAt === -1 ? `${KEPT_SUBSECTION}\n\n(not written yet)\n` : old.slice(keptAt);
  const section = `${title}\n\n${body.trim()}\n\n${kept.trim()}\n`;
  writeFileSync(file, start === -1
    ? `${existing.trimEnd()}\n\n${section}`
    : `${existing.slice(0, start)}${section}${end === -1 ? '' : `\n${existing.slice(end)}`}`);
}

function nextSection(text: string, from: number): number {
  const match = /^## /m.exec(text.slice(from));
  return match ? from + match.index : -1;
}

/** The machine's load, as `uptime` prints it. */
export function uptime(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim();
}

/** The commit measured, and whether the tree had changes on top of it. */
export function sourceVersion(root: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : ' with uncommitted changes'}`;
}
