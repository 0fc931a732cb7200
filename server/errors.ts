// The one error type of livedeck: a code, a message, an optional source position and a hint,
// formatted like a compiler diagnostic (file:line:col, the source line, a caret).

export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column?: number;
}

export interface ErrorDetails extends Partial<SourcePosition> {
  hint?: string;
  /** The text of the file, so the diagnostic can quote the line. */
  source?: string;
  /** Process exit code for the CLI. */
  exitCode?: number;
}

export class LivedeckError extends Error {
  readonly code: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  readonly source: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'LivedeckError';
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
    this.source = details.source;
    this.exitCode = details.exitCode ?? 1;
  }

  /** "file:line:col" or whatever part of it is known. */
  get location(): string | undefined {
    if (this.file === undefined) return undefined;
    if (this.line === undefined) return this.file;
    return `${this.file}:${this.line}:${this.column ?? 1}`;
  }

  /** The diagnostic as plain text: location, message, quoted line with a caret, hint. */
  format(): string {
    const out: string[] = [];
    const where = this.location;
    out.push(where ? `${where}: error: ${this.message}` : `error: ${this.message}`);
    const quoted = this.source !== undefined && this.line !== undefined
      ? this.source.split(/\r?\n/)[this.line - 1]
      : undefined;
    if (quoted !== undefined) {
      const gutter = String(this.line);
      out.push(`  ${gutter} | ${quoted}`);
      const col = Math.max(1, this.column ?? 1);
      // Keep tabs in the padding so the caret lines up under tabbed source lines.
      const pad = quoted.slice(0, col - 1).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(gutter.length)} | ${pad}^`);
    }
    if (this.hint) out.push(`  hint: ${this.hint}`);
    return out.join('\n');
  }
}

/** The offsets where each line of the last text asked about starts: a deck asks for many
 * positions in one source, and rescanning it from the start each time made `check` quadratic. */
let indexed: { text: string; starts: number[] } | null = null;

function lineStarts(text: string): number[] {
  if (indexed?.text === text) return indexed.starts;
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  indexed = { text, starts };
  return starts;
}

/** Line and column (1-based) of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  // The last line start at or before the offset (a newline at the offset itself ends its line).
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}
