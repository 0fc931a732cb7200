// `livedeck dev [deck]`: present a deck from a local server, with live terminals and live reload.

import { DEFAULT_DECK } from '../paths.js';
import { LivedeckError } from '../errors.js';
import type { Command } from './command.js';
import { untilStopped } from './dev-stop.js';

/** Where `livedeck dev` records its sessions, relative to the current folder (git-ignored). */
export const RECORDINGS_DIR = 'recordings';

export const devCommand: Command = {
  name: 'dev',
  summary: 'present a deck: local server, live terminals, reload on change',
  args: '[deck.md]',
  options: {
    port: { type: 'string', short: 'p', default: '4000', description: 'port to listen on', valueName: 'N' },
    host: { type: 'string', default: '127.0.0.1', description: 'address to listen on (another than localhost exposes the shells to the network)', valueName: 'H' },
    token: { type: 'string', description: 'fixed presenter token (default: $LIVEDECK_TOKEN, else random per launch)', valueName: 'T' },
    record: { type: 'boolean', default: true, description: 'do not record the class (by default its timeline, terminals and voice go to recordings/<date-time>/)' },
  },
  async run(positionals, values) {
    // Digits only: Number('') is 0, which would pick a random port.
    const port = /^\d{1,5}$/.test(String(values.port)) ? Number(values.port) : -1;
    if (port < 0 || port > 65535) {
      throw new LivedeckError('bad-option', `--port must be a port number from 0 to 65535, not "${String(values.port)}"`, { hint: 'e.g. --port 4000 (0 picks a free one)' });
    }
    const token = (values.token as string | undefined) ?? process.env.LIVEDECK_TOKEN ?? null;
    if (token !== null && !/^[\w-]{16,}$/.test(token)) {
      throw new LivedeckError('bad-option', 'the presenter token must be at least 16 letters, digits, "-" or "_"', { hint: 'leave it out to get a random one' });
    }
    const host = String(values.host);
    const { DevServer } = await import('../http/dev-server.js');
    const recordings = values.record === false ? null : RECORDINGS_DIR;
    const server = new DevServer({ deck: positionals[0] ?? DEFAULT_DECK, host, port, token, watch: true, recordings, log: (line) => process.stderr.write(`${line}\n`) });
    const url = await server.start();
    const deck = server.currentDeck;
    const out = process.stdout;
    out.write(`\nlivedeck · ${deck ? `${deck.meta.title} (${deck.slides.length} slides)` : 'deck has errors, see above'}\n`);
    out.write(`  presenter  ${url}?token=${server.tokens.presenter}\n`);
    out.write(`  audience   ${url}?token=${server.tokens.audience}   (read-only, follows the presenter)\n`);
    out.write(`  notes      ${url}presenter?token=${server.tokens.presenter}   (presenter view; S in the deck opens it too)\n`);
    const recordingsDir = server.recordingsDir;
    out.write(recordingsDir ? `  recording  the class (slides, terminals; your voice with M in the presenter view) to ${recordingsDir}/   (--no-record: off)\n` : '  recording  off\n');
    for (const address of server.lanAddresses) out.write(`  on the LAN http://${address}:${server.port}/?token=${server.tokens.audience}   (audience)\n`);
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      process.stderr.write(`\nWARNING: listening on ${host}: other machines can reach this server. The shells need the\n`
        + `presenter token; keep the presenter URL private and stop the server when the lecture ends.\n`);
    }
    out.write('\nCtrl-C stops the server and every shell it started.\n');
    return untilStopped(() => server.dispose(), (line) => process.stderr.write(`${line}\n`));
  },
};
