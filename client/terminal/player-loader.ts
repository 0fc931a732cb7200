// Loads a pane's recording in a static page: its `.cast.js` classic script (see PaneCast in
// common/deck.ts), which works from file:// as well as over http(s), where fetch() would not.
// Each recording is loaded and parsed once, however many panes replay it.

import { CastError, parseCast, type ParsedCast } from '../../common/asciicast.js';
import { CAST_SCRIPTS_GLOBAL, type PaneCast } from '../../common/deck.js';

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

const loads = new Map<string, Promise<ParsedCast>>();

/** The parsed recording; rejects with a CastLoadError. */
export function loadCast(cast: PaneCast): Promise<ParsedCast> {
  let load = loads.get(cast.file);
  if (!load) {
    load = readScript(cast).then((text) => {
      // For devtools and bench/replay.ts: where loading a long recording spends its time.
      performance.mark(`livedeck replay: ${cast.file} script loaded`);
      const parsed = parseRecording(text, cast.file);
      performance.mark(`livedeck replay: ${cast.file} parsed`);
      return parsed;
    });
    loads.set(cast.file, load);
  }
  return load;
}

function parseRecording(text: string, file: string): ParsedCast {
  try {
    return parseCast(text, file);
  } catch (error) {
    if (error instanceof CastError) throw new CastLoadError('cast-invalid', error.message);
    throw error;
  }
}

type CastScripts = Record<string, string | undefined>;

function castScripts(): CastScripts | undefined {
  return (globalThis as unknown as Record<string, CastScripts | undefined>)[CAST_SCRIPTS_GLOBAL];
}

function readScript(cast: PaneCast): Promise<string> {
  return new Promise((resolve, reject) => {
    const take = (): boolean => {
      const scripts = castScripts();
      const text = scripts?.[cast.file];
      if (typeof text !== 'string') return false;
      // Parsed once and kept parsed: the text is not needed any more.
      delete scripts![cast.file];
      resolve(text);
      return true;
    };
    if (take()) return;
    const script = document.createElement('script');
    script.src = cast.script;
    script.async = true;
    script.addEventListener('load', () => {
      script.remove();
      if (!take()) reject(new CastLoadError('cast-missing', `${cast.script} holds no recording for ${cast.file}`));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new CastLoadError('cast-missing', `${cast.script} could not be loaded`));
    });
    document.head.append(script);
  });
}
