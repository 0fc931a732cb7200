// A terminal's buffer as text, for page scripts and tests (PaneHandle.text, screenLines): what a
// reader sees, with the lines xterm.js wrapped joined again and trailing blanks left out.

import type { IBuffer } from '@xterm/xterm';

/** The whole buffer (scrollback included), wrapped lines joined. */
export function bufferText(buffer: IBuffer): string {
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines.join('\n').trimEnd();
}

/** The `rows` rows of the screen (not the scrollback), trailing blanks removed: what castToScreen
 * gives. */
export function screenRows(buffer: IBuffer, rows: number): string[] {
  const lines: string[] = [];
  for (let y = 0; y < rows; y++) lines.push((buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '').replace(/ +$/, ''));
  return lines;
}
