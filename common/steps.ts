// How a demo step is named, the same way in the browser (live marks) and on the server
// (recordings, the no-JavaScript listing): recordings and live sessions carry the same labels.

import { MAX_MARK_LABEL_LENGTH } from './protocol.js';

/** What a step is made of, as far as its name goes. */
export interface NamedStep {
  command: string;
  caption: string | null;
  keys: string | null;
}

/** Raw keys in the notation steps.sh uses: "\x03" -> "^C", Enter -> "⏎". */
export function describeKeys(keys: string): string {
  return [...keys].map((ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\r') return '⏎';
    if (code < 32) return `^${String.fromCharCode(code + 64)}`;
    return code === 127 ? '⌫' : ch;
  }).join(' ');
}

/** The marker step `index` (0-based) leaves in a recording: "3: its caption", or its command's
 * first line, or its keys; cut to the protocol's label limit. */
export function stepMarkLabel(index: number, step: NamedStep): string {
  const what = step.caption ?? (step.keys !== null ? describeKeys(step.keys) : step.command.split('\n')[0]!);
  const label = `${index + 1}: ${what}`;
  return label.length <= MAX_MARK_LABEL_LENGTH ? label : `${label.slice(0, MAX_MARK_LABEL_LENGTH - 1)}…`;
}

/** Whether a recording's marker is a step's (stepMarkLabel), not another kind (a live class's
 * "slide 8/18: title"). */
export function isStepMarkLabel(label: string): boolean {
  return /^\d+: /.test(label);
}
