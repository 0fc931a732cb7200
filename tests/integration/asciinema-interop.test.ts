// Our casts against the real asciinema CLI: it plays what we write, we read what it records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCast } from '../../common/asciicast.js';
import { CastWriter } from '../../server/recording/cast-writer.js';
import { requireAsciinema } from '../helpers/asciinema.js';
import { scratchDir } from '../helpers/scratch.js';

const run = promisify(execFile);
const scratch = (t: { after(fn: () => void): void }) => scratchDir(t, 'livedeck-asciinema-');

test('asciinema cat accepts a cast written by CastWriter', async (t) => {
  requireAsciinema();
  const path = join(scratch(t), 'ours.cast');
  const writer = await CastWriter.open(path, { cols: 80, rows: 24, title: 'interop' });
  writer.output('hello from livedeck ');
  writer.output(new TextEncoder().encode('é🙂┌─┐\r\n'));
  writer.marker('step 1');
  writer.resize(100, 30);
  writer.output('\u0085second line\r\n'); // a C1 control, written as \u0085
  writer.exit(3); // an "x" event in v2: asciinema 2.x must skip it
  writer.dispose();

  // `asciinema cat` opens /dev/tty, so it runs inside a pty made by script(1); -e passes its
  // exit status through (1 for a file it cannot read).
  const { stdout } = await run('script', ['-qec', `asciinema cat '${path}'`, '/dev/null'], {
    timeout: 20_000,
  });
  assert.ok(stdout.includes('hello from livedeck é🙂┌─┐'), JSON.stringify(stdout));
  assert.ok(stdout.includes('\u0085second line'), JSON.stringify(stdout));
});

test('a recording made by asciinema rec parses with parseCast', async (t) => {
  requireAsciinema();
  const path = join(scratch(t), 'theirs.cast');
  // printf's octal escapes: é, 🙂 and ┌─┐ in UTF-8. --cols/--rows: without a tty asciinema would
  // take the size of none and write 0x0.
  const text = 'h\\303\\251llo \\360\\237\\231\\202 \\342\\224\\214\\342\\224\\200\\342\\224\\220\\n';
  const size = ['--cols', '100', '--rows', '30'];
  await run('asciinema', ['rec', '-q', ...size, '-c', `printf '${text}'`, path, '--overwrite'], {
    timeout: 20_000,
  });

  const cast = parseCast(readFileSync(path, 'utf8'), path);
  assert.equal(cast.truncated, false);
  assert.equal(cast.header.version, 2);
  assert.equal(cast.header.cols, 100);
  assert.equal(cast.header.rows, 30);
  assert.equal(typeof cast.header.timestamp, 'number');
  const output = cast.events.filter((e) => e.code === 'o').map((e) => e.data).join('');
  assert.ok(output.includes('héllo 🙂 ┌─┐'), JSON.stringify(output));
});
