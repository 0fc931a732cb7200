// How fast @xterm/headless alone parses the bulk output, in this process with no pty and no
// socket: the most a server can forward if every byte also goes through a headless terminal
// on its one JavaScript thread (livedeck keeps one per session, for reattach snapshots).

import { readFileSync } from 'node:fs';
import xtermHeadless from '@xterm/headless';
import type { BulkFile } from './bulk-file.js';

/** Size of the chunks written, about what a pty read gives node-pty. */
const CHUNK_BYTES = 4096;
/** Written before waiting for the parser to catch up (xterm.js drops data past 50 MB pending). */
const WINDOW_BYTES = 512 * 1024;

/** MB/s of the bulk file's terminal bytes (newlines as the pty sends them, "\r\n") written into a
 * headless terminal of 80x24 with 1000 lines of scrollback, as livedeck's sessions are. */
export async function headlessParseRate(file: BulkFile): Promise<number> {
  const data = Buffer.from(readFileSync(file.path, 'latin1').replaceAll('\n', '\r\n'), 'latin1');
  const terminal = new xtermHeadless.Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
  try {
    const start = performance.now();
    for (let window = 0; window < data.length; window += WINDOW_BYTES) {
      const end = Math.min(window + WINDOW_BYTES, data.length);
      for (let at = window; at < end; at += CHUNK_BYTES) terminal.write(data.subarray(at, Math.min(at + CHUNK_BYTES, end)));
      await new Promise<void>((resolve) => terminal.write('', resolve));
    }
    return data.length / 1e6 / ((performance.now() - start) / 1000);
  } finally {
    terminal.dispose();
  }
}
