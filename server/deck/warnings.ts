// Deck warnings: what a deck does that livedeck can present anyway but the author should know
// (a front-matter key nobody knows, a highlight theme without a shiki equivalent). The compiler
// collects them; `check`, `dev`, `build` and `export` print them on stderr like a compiler.

export interface DeckWarning {
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  hint?: string;
}

/** `file:line:col: warning: message`, then the hint on a line of its own. */
export function formatWarning(warning: DeckWarning): string {
  const head = `${warning.file}:${warning.line}:${warning.column}: warning: ${warning.message}`;
  return warning.hint ? `${head}\n  hint: ${warning.hint}` : head;
}

/** Writes every warning of a deck, one diagnostic each. */
export function printWarnings(warnings: readonly DeckWarning[], write: (text: string) => void): void {
  for (const warning of warnings) write(`${formatWarning(warning)}\n`);
}
