// Splits a deck body into slides and vertical stacks (a `---` line; `----` for the next slide of a
// stack, as reveal-md; or the deck's own `separator` / `verticalSeparator` regular expressions) and
// each slide into content and speaker notes (a `Note:` line), the reveal.js markdown conventions,
// keeping every part's offset in the file.

export interface SourceChunk {
  text: string;
  /** Offset of `text` in the whole file. */
  offset: number;
}

export interface SlideSource {
  /** reveal.js's indices: horizontal position, and position in its vertical stack. */
  h: number;
  v: number;
  content: SourceChunk;
  /** Text after a `Note:` line, or null. */
  notes: SourceChunk | null;
}

interface Line {
  text: string;
  offset: number;
  /** True when the line is inside a fenced code block (fence lines included). */
  inCode: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The lines of `text`, each marked as in or out of a fenced code block. */
function scanLines(text: string, base: number): Line[] {
  const lines: Line[] = [];
  let fence: string | null = null;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const match = FENCE.exec(raw);
    let inCode = fence !== null;
    if (match) {
      const marker = match[1]!;
      if (fence === null) {
        fence = marker;
        inCode = true;
      } else if (marker[0] === fence[0] && marker.length >= fence.length && raw.trim() === marker) {
        fence = null;
        inCode = true;
      }
    }
    lines.push({ text: raw, offset: base + offset, inCode });
    offset += raw.length + 1;
  }
  return lines;
}

const SEPARATOR = /^---[ \t]*$/;
const VERTICAL_SEPARATOR = /^----[ \t]*$/;
/** reveal-md's defaults, for a deck that sets only one of the two. */
const REVEAL_MD_SEPARATOR = '^(\\r\\n?|\\n)---(\\r\\n?|\\n)$';
const REVEAL_MD_VERTICAL_SEPARATOR = '^(\\r\\n?|\\n)----(\\r\\n?|\\n)$';

export interface Separators {
  /** Regular expressions (reveal-md's `separator`, `verticalSeparator`); null for the default. */
  separator: string | null;
  verticalSeparator: string | null;
}

/** The lines between two separators, and whether the separator before them starts a new
 * horizontal slide (the first part does). */
interface Part {
  lines: Line[];
  newStack: boolean;
}
const NOTES = /^[ \t]*notes?:[ \t]?/i;

function chunk(lines: Line[]): SourceChunk {
  if (lines.length === 0) return { text: '', offset: 0 };
  return { text: lines.map((l) => l.text).join('\n'), offset: lines[0]!.offset };
}

/**
 * Splits the deck body (newlines already normalised to \n) into slides. By default a separator is
 * a line holding only `---` (a new slide) or `----` (the next slide of a vertical stack), outside
 * code blocks, after a blank line (otherwise Markdown reads it as an underlined heading). A deck
 * that sets `separator` or `verticalSeparator` gets reveal-md's rules instead: each is a regular
 * expression matched on the text (multiline), reveal-md's defaults standing in for the other;
 * matches inside code blocks do not count.
 */
export function splitSlides(body: string, bodyOffset: number, separators: Separators): SlideSource[] {
  const parts = separators.separator === null && separators.verticalSeparator === null
    ? splitOnLines(scanLines(body, bodyOffset))
    : splitOnPatterns(body, bodyOffset, separators.separator ?? REVEAL_MD_SEPARATOR, separators.verticalSeparator ?? REVEAL_MD_VERTICAL_SEPARATOR);
  const slides: SlideSource[] = [];
  let h = -1;
  let v = 0;
  let newStack = true;
  for (const part of parts) {
    newStack ||= part.newStack;
    // An empty part is no slide; a stack whose first part is empty starts at its next one.
    if (!part.lines.some((l) => l.text.trim() !== '')) continue;
    if (newStack) {
      h += 1;
      v = 0;
    } else {
      v += 1;
    }
    newStack = false;
    slides.push({ h, v, ...splitNotes(part.lines) });
  }
  return slides;
}

function splitOnLines(lines: Line[]): Part[] {
  const parts: Part[] = [{ lines: [], newStack: true }];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const afterBlank = previous === undefined || previous.text.trim() === '';
    if (!line.inCode && afterBlank && SEPARATOR.test(line.text)) parts.push({ lines: [], newStack: true });
    else if (!line.inCode && afterBlank && VERTICAL_SEPARATOR.test(line.text)) parts.push({ lines: [], newStack: false });
    else parts[parts.length - 1]!.lines.push(line);
  });
  return parts;
}

interface Match {
  start: number;
  end: number;
  newStack: boolean;
}

function splitOnPatterns(body: string, bodyOffset: number, separator: string, vertical: string): Part[] {
  const lines = scanLines(body, 0);
  const inCode = (from: number, to: number) => lines.some((l) => l.inCode && l.offset < Math.max(to, from + 1) && l.offset + l.text.length >= from);
  const matches: Match[] = [];
  for (const [pattern, newStack] of [[separator, true], [vertical, false]] as const) {
    const regex = new RegExp(pattern, 'gm');
    for (const m of body.matchAll(regex)) {
      if (m[0].length > 0 && !inCode(m.index, m.index + m[0].length)) matches.push({ start: m.index, end: m.index + m[0].length, newStack });
    }
  }
  // Where two matches overlap, the first one wins; at the same place, the longer one (`----` is
  // not a `---` followed by a dash).
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: Part[] = [];
  let from = 0;
  let newStack = true;
  for (const match of matches) {
    if (match.start < from) continue;
    parts.push({ lines: scanLines(body.slice(from, match.start), bodyOffset + from), newStack });
    from = match.end;
    newStack = match.newStack;
  }
  parts.push({ lines: scanLines(body.slice(from), bodyOffset + from), newStack });
  return parts;
}

function splitNotes(group: Line[]): Pick<SlideSource, 'content' | 'notes'> {
  const noteAt = group.findIndex((l) => !l.inCode && NOTES.test(l.text));
  if (noteAt < 0) return { content: chunk(group), notes: null };
  const noteLine = group[noteAt]!;
  const prefix = NOTES.exec(noteLine.text)![0].length;
  const firstNote: Line = { text: noteLine.text.slice(prefix), offset: noteLine.offset + prefix, inCode: false };
  return {
    content: chunk(group.slice(0, noteAt)),
    notes: chunk([firstNote, ...group.slice(noteAt + 1)]),
  };
}
