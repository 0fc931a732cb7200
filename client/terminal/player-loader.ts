// Loads the segments of a pane's recording in a static page: each is a classic script (see PaneCast
// in common/deck.ts), which works from file:// as well as over http(s), where fetch() would not.
// Each segment is loaded and parsed once, however many panes replay it.

import { CastError, parseCast, parseResize } from '../../common/asciicast.js';
import type { Frame } from '../../common/cast-timeline.js';
import { CAST_SCRIPTS_GLOBAL, type PaneCastSegment } from '../../common/deck.js';

/** Why a recording cannot be replayed, in the reader's terms. */
export class CastLoadError extends Error {
  override readonly name = 'CastLoadError';

  constructor(
    readonly reason: 'cast-missing' | 'cast-invalid',
    message: string,
  ) {
    super(message);
  }
}

/** A segment as the player uses it. */
export interface LoadedSegment {
  /** The terminal size at its first frame. */
  cols: number;
  rows: number;
  /** What rebuilds the screen before its first frame on a blank terminal of that size, or null. */
  keyframe: string | null;
  /** Its frames, times on the player's clock. */
  frames: Frame[];
}

const loads = new Map<string, Promise<LoadedSegment>>();

/** The parsed segment; rejects with a CastLoadError. `frames` is how many the index says it has. */
export function loadSegment(segment: PaneCastSegment, frames: number): Promise<LoadedSegment> {
  let load = loads.get(segment.script);
  if (!load) {
    load = readScript(segment.script).then((text) => {
      // For devtools and bench/replay.ts: where loading a recording spends its time.
      performance.mark(`livedeck replay: ${segment.script} loaded`);
      const parsed = parseSegment(text, segment, frames);
      performance.mark(`livedeck replay: ${segment.script} parsed`);
      return parsed;
    });
    loads.set(segment.script, load);
  }
  return load;
}

function parseSegment(text: string, segment: PaneCastSegment, count: number): LoadedSegment {
  try {
    const { header, events } = parseCast(text, segment.script);
    const first = events[0];
    const keyframe = segment.keyframe > 0 && first?.code === 'o' ? first.data : null;
    const frames: Frame[] = [];
    for (const event of keyframe === null ? events : events.slice(1)) {
      if (event.code === 'o') frames.push({ kind: 'output', time: event.time, data: event.data });
      else if (event.code === 'r') frames.push({ kind: 'resize', time: event.time, ...parseResize(event.data) });
    }
    if (frames.length !== count || (keyframe?.length ?? 0) !== segment.keyframe) {
      throw new CastLoadError('cast-invalid', `${segment.script}: not the segment the page expects (${frames.length} events, not ${count}): build the site again`);
    }
    return { cols: header.cols, rows: header.rows, keyframe, frames };
  } catch (error) {
    if (error instanceof CastError) throw new CastLoadError('cast-invalid', error.message);
    throw error;
  }
}

type CastScripts = Record<string, string | undefined>;

function castScripts(): CastScripts | undefined {
  return (globalThis as unknown as Record<string, CastScripts | undefined>)[CAST_SCRIPTS_GLOBAL];
}

function readScript(src: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const take = (): boolean => {
      const scripts = castScripts();
      const text = scripts?.[src];
      if (typeof text !== 'string') return false;
      // Parsed once and kept parsed: the text is not needed any more.
      delete scripts![src];
      resolve(text);
      return true;
    };
    if (take()) return;
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.addEventListener('load', () => {
      script.remove();
      if (!take()) reject(new CastLoadError('cast-missing', `${src} holds no recording`));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new CastLoadError('cast-missing', `${src} could not be loaded`));
    });
    document.head.append(script);
  });
}
