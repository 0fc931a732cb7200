// Splits a deck body into slides (a `---` line) and each slide into content and speaker notes
// (a `Note:` line), the reveal.js markdown conventions, keeping every part's offset in the file.

export interface SourceChunk {
  text: string;
  /** Offset of `text` in the whole file. */
  offset: number;
}

export interface SlideSource {
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
const NOTES = /^[ \t]*notes?:[ \t]?/i;

function chunk(lines: Line[]): SourceChunk {
  if (lines.length === 0) return { text: '', offset: 0 };
  return { text: lines.map((l) => l.text).join('\n'), offset: lines[0]!.offset };
}

/**
 * Splits the deck body (newlines already normalised to \n) into slides. A separator is a line holding only `---`, outside code
 * blocks, after a blank line (otherwise Markdown reads it as an underlined heading).
 */
export function splitSlides(body: string, bodyOffset: number): SlideSource[] {
  const lines = scanLines(body, bodyOffset);
  const groups: Line[][] = [[]];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const afterBlank = previous === undefined || previous.text.trim() === '';
    if (!line.inCode && SEPARATOR.test(line.text) && afterBlank) groups.push([]);
    else groups[groups.length - 1]!.push(line);
  });
  return groups
    .filter((group) => group.some((l) => l.text.trim() !== ''))
    .map((group) => {
      const noteAt = group.findIndex((l) => !l.inCode && NOTES.test(l.text));
      if (noteAt < 0) return { content: chunk(group), notes: null };
      const noteLine = group[noteAt]!;
      const prefix = NOTES.exec(noteLine.text)![0].length;
      const firstNote: Line = { text: noteLine.text.slice(prefix), offset: noteLine.offset + prefix, inCode: false };
      return {
        content: chunk(group.slice(0, noteAt)),
        notes: chunk([firstNote, ...group.slice(noteAt + 1)]),
      };
    });
}
