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
}

/** Exit codes of the CLI: 1 for what went wrong with a deck, a demo, a recording or the machine;
 * 2 for a command line that cannot be run as written; 130 for an interrupted recording. */
const USAGE = 2;
const INTERRUPTED = 130;

/** Every error livedeck reports, by code, with the exit code the CLI gives it (marp-cli's
 * CLIErrorCode is the model): a new kind of error is a new row here. */
const EXIT_CODES = {
  // The command line.
  'unknown-command': USAGE,
  'bad-option': USAGE,
  'bad-range': USAGE,
  // A deck and what it names.
  'deck-not-found': 1,
  'deck-not-text': 1,
  'empty-deck': 1,
  'front-matter': 1,
  'code-fence': 1,
  'terminal-fence': 1,
  'figure': 1,
  'attributes': 1,
  'fenced-div': 1,
  // Demos and their steps.sh.
  'demos-not-found': 1,
  'demo-not-found': 1,
  'demo-invalid-name': 1,
  'steps-empty': 1,
  'steps-no-command': 1,
  'steps-unterminated': 1,
  'steps-bad-directive': 1,
  'steps-unknown-directive': 1,
  'steps-duplicate-directive': 1,
  'steps-misplaced-directive': 1,
  'steps-misplaced-caption': 1,
  'steps-keys-conflict': 1,
  // Recordings.
  'cast-missing': 1,
  'cast-invalid': 1,
  'cast-stale': 1,
  'cast-screen': 1,
  'record-step': 1,
  'record-timeout': 1,
  'record-write': 1,
  'record-check': 1,
  'record-interrupted': INTERRUPTED,
  // Shells.
  'spawn-failed': 1,
  'setup-failed': 1,
  'shutting-down': 1,
  'too-many-sessions': 1,
  // Outputs: the static site, the PDF, a new deck.
  'build-bad-out': 1,
  'build-missing-file': 1,
  'export-bad-out': 1,
  'export-missing-file': 1,
  'export-write': 1,
  'export-steps': 1,
  'export-screen': 1,
  'export-page': 1,
  'export-layout': 1,
  'new-not-empty': 1,
  // Lectures: a recorded class (its timeline, snapshots, casts, voice) and its site.
  'lecture-not-found': 1,
  'lecture-bad': 1,
  'lecture-voice': 1,
  // The machine.
  'browser-not-found': 1,
  'browser-start': 1,
  'port-in-use': 1,
  'port-denied': 1,
  'bad-host': 1,
  'client-bundle': 1,
  'internal': 1,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof EXIT_CODES;

export class LivedeckError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  readonly source: string | undefined;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'LivedeckError';
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
    this.source = details.source;
  }

  /** The CLI's exit code for this error (EXIT_CODES). */
  get exitCode(): number {
    return EXIT_CODES[this.code];
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
