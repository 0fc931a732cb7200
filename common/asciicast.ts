// The recording format: reads asciicast v1, v2 and v3, writes v2 one line at a time. Shared by the
// server (recording) and the browser (replay), so it uses neither Node nor DOM APIs.
//
// Cast data is text (JSON strings), never bytes. Whoever turns terminal bytes into events must
// decode them with one streaming `TextDecoder` per terminal (`decode(chunk, { stream: true })`):
// it holds back a multi-byte character cut between two chunks until its last bytes arrive, so an
// event never carries half a character. The server's CastWriter does exactly that.

/** 'o' output, 'i' input, 'r' resize, 'm' marker, 'x' exit status. */
export type CastEventCode = 'o' | 'i' | 'r' | 'm' | 'x';

export interface CastTheme {
  fg: string;
  bg: string;
  /** 8 or 16 colours; every colour here is CSS `#rrggbb`. */
  palette: string[];
}

export interface CastHeader {
  /** Version of the file read; the writer always writes 2. */
  version: 1 | 2 | 3;
  cols: number;
  rows: number;
  /** Unix time, in seconds, when the recording started. */
  timestamp?: number;
  title?: string;
  /** Seconds: a player shortens longer pauses to this. */
  idleTimeLimit?: number;
  env?: Record<string, string>;
  theme?: CastTheme;
}

export interface CastEvent {
  /** Seconds since the start of the recording (v3 intervals are summed when reading). */
  time: number;
  code: CastEventCode;
  /** 'o'/'i': text; 'r': "COLSxROWS"; 'm': label (may be empty); 'x': exit status, e.g. "0". */
  data: string;
}

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

export interface ParsedCast extends Cast {
  /** The last line was cut short (no newline after it, not valid JSON) and was dropped. */
  truncated: boolean;
}

export interface CastMarker {
  time: number;
  label: string;
  /** Position of the marker in `cast.events`: replaying the events before it shows its screen. */
  index: number;
}

export interface TermSize {
  cols: number;
  rows: number;
}

/** An unreadable cast and the line at fault: `session.cast:7: event time must be a number`. */
export class CastError extends Error {
  override readonly name = 'CastError';
  readonly source: string;
  readonly line: number;
  readonly reason: string;

  constructor(source: string, line: number, reason: string) {
    super(`${source}:${line}: ${reason}`);
    this.source = source;
    this.line = line;
    this.reason = reason;
  }
}

// asciinema keeps terminal sizes in 16 bits; nothing larger is a real terminal.
/** Columns and rows at most. The screen is rebuilt in a terminal of that size (replay, the
 * build's screens, the PDF): a header claiming 65535x65535 would take gigabytes and minutes. The
 * widest real terminals (a 4K screen, a small font) stay well under it. */
const MAX_TERM_SIZE = 1000;
const KNOWN_CODES: ReadonlySet<unknown> = new Set<CastEventCode>(['o', 'i', 'r', 'm', 'x']);
const EXIT_STATUS = /^-?\d+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

type Fail = (line: number, reason: string) => never;

/**
 * Reads an asciicast v1, v2 or v3 file. Unknown header fields and unknown event codes are ignored,
 * as the specs require (a skipped v3 event still advances the clock). A last line cut short by a
 * killed recorder is dropped and reported as `truncated`; any other fault throws a CastError.
 */
export function parseCast(text: string, source = '<cast>'): ParsedCast {
  const fail: Fail = (line, reason) => {
    throw new CastError(source, line, reason);
  };
  const unmarked = text.replace(/^\uFEFF/, '');
  const lines = unmarked.split('\n');
  const headerLine = lines[0] ?? '';
  if (headerLine.trim() === '') fail(1, 'missing header: the first line is empty');
  const version1 = readVersion1(unmarked, fail);
  if (version1 !== null) return version1;
  const header = readHeader(parseJson(headerLine, 1, 'header', fail), fail);

  // Only a line with no newline after it can be a write that a kill interrupted.
  let lastLine = lines.length - 1;
  while (lastLine > 0 && lines[lastLine]?.trim() === '') lastLine--;
  const canBeCut = lastLine === lines.length - 1;

  const events: CastEvent[] = [];
  let truncated = false;
  let previousTime = 0; // v2 clock
  let micros = 0; // v3 clock, summed in whole microseconds so long recordings do not drift
  for (let i = 1; i <= lastLine; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    if (line.trim() === '' || (header.version === 3 && line.startsWith('#'))) continue;

    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (i === lastLine && canBeCut) {
        truncated = true;
        break;
      }
      fail(lineNo, `event is not valid JSON: ${(error as Error).message}`);
    }

    if (!Array.isArray(value)) fail(lineNo, 'event must be a JSON array [time, code, data]');
    const fields: unknown[] = value;
    if (fields.length !== 3) {
      fail(lineNo, `event must have 3 elements [time, code, data], not ${fields.length}`);
    }
    const [seconds, code, data] = fields;
    if (typeof seconds !== 'number') fail(lineNo, 'event time must be a number');
    if (seconds < 0) {
      fail(lineNo, `event ${header.version === 3 ? 'interval' : 'time'} must not be negative`);
    }
    if (typeof code !== 'string' || code === '') {
      fail(lineNo, 'event code must be a non-empty string');
    }

    let time: number;
    if (header.version === 2) {
      if (seconds < previousTime) {
        fail(lineNo, `event time goes backwards: ${seconds} after ${previousTime}`);
      }
      time = previousTime = seconds;
    } else {
      micros += Math.round(seconds * 1e6);
      time = micros / 1e6;
    }

    if (!isKnownCode(code)) continue;
    if (typeof data !== 'string') fail(lineNo, 'event data must be a string');
    const reason = invalidData(code, data);
    if (reason !== undefined) fail(lineNo, reason);
    events.push({ time, code, data });
  }

  return { header, events, truncated };
}

/** Reads the data of a resize event, "COLSxROWS". */
export function parseResize(data: string): TermSize {
  const size = readResize(data);
  if (size === undefined) throw new RangeError(resizeReason(data));
  return size;
}

/** The markers of a cast, in order: steps and slide changes for the seek bar and stepping. */
export function castMarkers(cast: Cast): CastMarker[] {
  const markers: CastMarker[] = [];
  cast.events.forEach((event, index) => {
    if (event.code === 'm') markers.push({ time: event.time, label: event.data, index });
  });
  return markers;
}

/**
 * The v2 header line, without its newline. `version` is not taken: this module writes v2 only, the
 * format every asciinema player and CLI reads.
 */
export function serializeHeader(header: Omit<CastHeader, 'version'>): string {
  checkSize(header.cols, header.rows);
  const out: Record<string, unknown> = { version: 2, width: header.cols, height: header.rows };
  if (header.timestamp !== undefined) out['timestamp'] = finite('timestamp', header.timestamp);
  if (header.idleTimeLimit !== undefined) {
    out['idle_time_limit'] = finite('idleTimeLimit', header.idleTimeLimit);
  }
  if (header.title !== undefined) out['title'] = header.title;
  if (header.env !== undefined) out['env'] = header.env;
  if (header.theme !== undefined) {
    const { fg, bg, palette } = header.theme;
    out['theme'] = { fg, bg, palette: palette.join(':') };
  }
  return escapeNonPrintable(JSON.stringify(out));
}

/**
 * One v2 event line, without its newline: `[1.5, "o", "text"]`. The time is rounded to
 * microseconds and never written in exponent notation. `previousTime`, the time of the event
 * written before, guards the order: a v2 file whose time goes back is rejected by readers.
 */
export function serializeEvent(event: CastEvent, previousTime?: number): string {
  const start = eventLineStart(event.time, event.code, previousTime);
  const reason = invalidData(event.code, event.data);
  if (reason !== undefined) throw new RangeError(reason);
  return `${start}${escapeNonPrintable(JSON.stringify(event.data))}]`;
}

/**
 * The start of an event line up to its data: `[1.5, "o", `. For writers that serialize the data
 * themselves (the live recorder writes output bytes straight to JSON, server/recording/json-text.ts);
 * the time is checked as serializeEvent checks it.
 */
export function eventLineStart(time: number, code: CastEventCode, previousTime?: number): string {
  if (!Number.isFinite(time) || time < 0) {
    throw new RangeError(`event time must be a finite number >= 0, not ${time}`);
  }
  if (previousTime !== undefined && time < previousTime) {
    throw new RangeError(`event time ${time} is before the previous event (${previousTime})`);
  }
  return `[${formatTime(time)}, ${JSON.stringify(code)}, `;
}

/**
 * An asciicast v1 file (asciinema before 2.0): one JSON document, often spread over many lines,
 * `{"version": 1, "width", "height", "stdout": [[delay, text], ...]}`, each delay the seconds since
 * the previous output. Null when the text is not one: no JSON document, or another version.
 */
function readVersion1(text: string, fail: Fail): ParsedCast | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A v2 or v3 file is never one JSON document; a v1 file spread over lines that is not one
    // either is reported at the line where the JSON breaks.
    if (!/^\s*\{\s*\n[^]*?"version"\s*:\s*1\s*[,}\n]/.test(text)) return null;
    const message = (error as Error).message;
    const at = /^(.*) in JSON at position (\d+)/.exec(message);
    if (at === null) return fail(1, 'version 1 recording is not valid JSON');
    return fail(text.slice(0, Number(at[2])).split('\n').length, `version 1 recording is not valid JSON: ${at[1]}`);
  }
  if (!isObject(value) || value['version'] !== 1) return null;
  const header: CastHeader = {
    version: 1,
    cols: dimension(value['width'], 'width', fail),
    rows: dimension(value['height'], 'height', fail),
  };
  const title = value['title'];
  if (typeof title === 'string' && title !== '') header.title = title;
  const env = value['env'];
  if (env != null) header.env = readEnv(env, fail);
  const stdout = value['stdout'];
  if (!Array.isArray(stdout)) fail(1, 'a version 1 recording must have "stdout": [[delay, text], ...]');
  const eventLines = version1EventLines(text);
  const events: CastEvent[] = [];
  let micros = 0;
  stdout.forEach((entry: unknown, k) => {
    const lineNo = eventLines[k] ?? 1;
    if (!Array.isArray(entry) || entry.length !== 2) fail(lineNo, `stdout[${k}] must be [delay, text]`);
    const [delay, data] = entry as unknown[];
    if (typeof delay !== 'number' || !(delay >= 0)) fail(lineNo, `stdout[${k}]: the delay must be a number >= 0`);
    if (typeof data !== 'string') fail(lineNo, `stdout[${k}]: the output must be a string`);
    micros += Math.round(delay * 1e6);
    events.push({ time: micros / 1e6, code: 'o', data });
  });
  return { header, events, truncated: false };
}

/** The line each entry of a v1 file's top-level "stdout" array starts on, for errors. */
function version1EventLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let key = '';
  let inStdout = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) key = text.slice(start + 1, i);
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2) inStdout = c === '[' && key === 'stdout';
      else if (depth === 3 && inStdout) lines.push(line);
    } else if (c === '}' || c === ']') depth--;
  }
  return lines;
}

function readHeader(value: unknown, fail: Fail): CastHeader {
  if (!isObject(value)) fail(1, 'header must be a JSON object');
  const fields = value;
  const version = fields['version'];
  let cols: number;
  let rows: number;
  let theme: unknown;
  if (version === 2) {
    cols = dimension(fields['width'], 'width', fail);
    rows = dimension(fields['height'], 'height', fail);
    theme = fields['theme'];
  } else if (version === 3) {
    const term = fields['term'];
    if (!isObject(term)) fail(1, 'header term must be an object with cols and rows');
    cols = dimension(term['cols'], 'term.cols', fail);
    rows = dimension(term['rows'], 'term.rows', fail);
    theme = term['theme'];
  } else {
    return fail(1, `unsupported asciicast version ${JSON.stringify(version)}: expected 2 or 3`);
  }

  const header: CastHeader = { version, cols, rows };
  // null counts as absent: asciinema 2.x writes `"SHELL": null` when a variable is unset.
  const timestamp = fields['timestamp'];
  if (timestamp != null) {
    if (typeof timestamp !== 'number') fail(1, 'header timestamp must be a number');
    header.timestamp = timestamp;
  }
  const title = fields['title'];
  if (title != null) {
    if (typeof title !== 'string') fail(1, 'header title must be a string');
    header.title = title;
  }
  const idleTimeLimit = fields['idle_time_limit'];
  if (idleTimeLimit != null) {
    if (typeof idleTimeLimit !== 'number' || idleTimeLimit < 0) {
      fail(1, 'header idle_time_limit must be a number >= 0');
    }
    header.idleTimeLimit = idleTimeLimit;
  }
  const env = fields['env'];
  if (env != null) header.env = readEnv(env, fail);
  if (theme != null) header.theme = readTheme(theme, fail);
  return header;
}

function readEnv(value: unknown, fail: Fail): Record<string, string> {
  if (!isObject(value)) fail(1, 'header env must be an object of strings');
  const env: Record<string, string> = {};
  for (const [name, setting] of Object.entries(value)) {
    if (setting === null) continue;
    if (typeof setting !== 'string') fail(1, `header env.${name} must be a string`);
    env[name] = setting;
  }
  return env;
}

function readTheme(value: unknown, fail: Fail): CastTheme {
  if (!isObject(value)) fail(1, 'header theme must be an object with fg, bg and palette');
  const { fg, bg, palette } = value;
  if (!isColor(fg)) fail(1, 'header theme.fg must be a #rrggbb colour');
  if (!isColor(bg)) fail(1, 'header theme.bg must be a #rrggbb colour');
  const colors = typeof palette === 'string' ? palette.split(':') : [];
  if ((colors.length !== 8 && colors.length !== 16) || !colors.every(isColor)) {
    fail(1, 'header theme.palette must be 8 or 16 #rrggbb colours separated by ":"');
  }
  return { fg, bg, palette: colors };
}

function parseJson(line: string, lineNo: number, what: string, fail: Fail): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    return fail(lineNo, `${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function dimension(value: unknown, name: string, fail: Fail): number {
  if (isTermSize(value)) return value;
  const hint =
    value === 0 ? ' (asciinema writes 0 when it records without a tty: use --cols/--rows)'
    : typeof value === 'number' && value > MAX_TERM_SIZE ? ' (the limit: its screen would take gigabytes to replay)' : '';
  const got = JSON.stringify(value);
  return fail(1, `header ${name} must be an integer from 1 to ${MAX_TERM_SIZE}, not ${got}${hint}`);
}

function invalidData(code: CastEventCode, data: string): string | undefined {
  if (code === 'r' && readResize(data) === undefined) return resizeReason(data);
  if (code === 'x' && !EXIT_STATUS.test(data)) {
    return `invalid exit status ${JSON.stringify(data)}: expected an integer`;
  }
  return undefined;
}

function readResize(data: string): TermSize | undefined {
  const match = /^(\d+)x(\d+)$/.exec(data);
  if (match === null) return undefined;
  const cols = Number(match[1]);
  const rows = Number(match[2]);
  return isTermSize(cols) && isTermSize(rows) ? { cols, rows } : undefined;
}

function resizeReason(data: string): string {
  return `invalid resize data ${JSON.stringify(data)}: expected "COLSxROWS", 1 to ${MAX_TERM_SIZE}`;
}

function checkSize(cols: number, rows: number): void {
  if (!isTermSize(cols) || !isTermSize(rows)) {
    throw new RangeError(`terminal size must be 1 to ${MAX_TERM_SIZE} each, not ${cols}x${rows}`);
  }
}

function isTermSize(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TERM_SIZE;
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, not ${value}`);
  return value;
}

function isKnownCode(code: unknown): code is CastEventCode {
  return KNOWN_CODES.has(code);
}

function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Via integer microseconds, so a tiny time never comes out as 1e-7: 12.3, 0.000001, 0.0.
function formatTime(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const fraction = String(micros % 1e6).padStart(6, '0').replace(/0+$/, '');
  return `${Math.floor(micros / 1e6)}.${fraction === '' ? '0' : fraction}`;
}

// JSON.stringify leaves DEL, the C1 controls and the Unicode line separators raw; the spec wants
// non-printable code points as \uXXXX. They can only occur inside strings, so escaping is safe.
function escapeNonPrintable(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
