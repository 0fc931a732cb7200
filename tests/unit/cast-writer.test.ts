// CastWriter on the real file system: round trip, UTF-8 split across chunks, and kill -9 mid-way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCast } from '../../common/asciicast.js';
import { CastWriter } from '../../server/recording/cast-writer.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const writerModule = pathToFileURL(join(repoRoot, 'server/recording/cast-writer.ts')).href;

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-cast-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function read(path: string) {
  return parseCast(readFileSync(path, 'utf8'), path);
}

test('round trip: what the writer writes, parseCast reads back', async (t) => {
  const path = join(scratch(t), 'a', 'b', 'session.cast'); // parent folders do not exist yet
  const header = { cols: 80, rows: 24, timestamp: 1700000000, title: 'démo' };
  const writer = await CastWriter.open(path, header);
  const started = performance.now();
  writer.output('$ ');
  writer.marker('step 1');
  writer.output(new TextEncoder().encode('ls\r\n\u001b[1mbold\u001b[0m\r\n'));
  await sleep(30);
  writer.resize(100, 30);
  writer.marker('');
  writer.exit(0);
  writer.dispose();
  const elapsed = (performance.now() - started) / 1000;

  const cast = read(path);
  assert.deepEqual(cast.header, { version: 2, ...header });
  assert.equal(cast.truncated, false);
  assert.deepEqual(
    cast.events.map((e) => [e.code, e.data]),
    [
      ['o', '$ '],
      ['m', 'step 1'],
      ['o', 'ls\r\n\u001b[1mbold\u001b[0m\r\n'],
      ['r', '100x30'],
      ['m', ''],
      ['x', '0'],
    ],
  );
  const times = cast.events.map((e) => e.time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'times never go back');
  assert.ok(times[0]! >= 0 && times[0]! < 0.02, `first event at ${times[0]}`);
  assert.ok(times[3]! >= 0.029, `resize after the 30 ms pause, at ${times[3]}`);
  assert.ok(times[5]! <= elapsed + 0.001, 'times are measured from open');
});

test('a character split across two output() calls is never split between events', async (t) => {
  const path = join(scratch(t), 'unicode.cast');
  const writer = await CastWriter.open(path, { cols: 80, rows: 24 });
  const text = 'café 🙂 ┌─┐';
  const bytes = new TextEncoder().encode(text);
  // Cut inside é (2 bytes), inside 🙂 (4 bytes, twice) and inside ┌ (3 bytes).
  const e = text.indexOf('é');
  const cuts = [0, e + 1, e + 5, e + 6, e + 7, bytes.length - 8, bytes.length];
  for (let i = 1; i < cuts.length; i++) writer.output(bytes.subarray(cuts[i - 1], cuts[i]));
  writer.dispose();

  const events = read(path).events;
  assert.equal(events[0]?.data, 'caf', 'the first byte of é is held back');
  for (const event of events) {
    assert.ok(!event.data.includes('\uFFFD'), `no U+FFFD in ${JSON.stringify(event.data)}`);
    assert.equal(event.data, event.data.normalize(), 'whole characters only');
  }
  assert.equal(events.map((ev) => ev.data).join(''), text);
});

test('an incomplete character left at dispose() is written as U+FFFD, not lost', async (t) => {
  const path = join(scratch(t), 'dangling.cast');
  const writer = await CastWriter.open(path, { cols: 80, rows: 24 });
  writer.output(new Uint8Array([0x6f, 0x6b, 0xf0, 0x9f])); // "ok" + half of 🙂
  writer.dispose();
  assert.deepEqual(read(path).events.map((e) => e.data), ['ok', '\uFFFD']);
});

test('each event is on disk as soon as the call returns', async (t) => {
  const path = join(scratch(t), 'live.cast');
  const writer = await CastWriter.open(path, { cols: 80, rows: 24 });
  t.after(() => writer.dispose());
  assert.equal(readFileSync(path, 'utf8'), '{"version":2,"width":80,"height":24}\n');
  writer.marker('now');
  assert.deepEqual(read(path).events.map((e) => e.data), ['now']);
});

test('open() overwrites a file, and refuses a bad header before touching the disk', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'old.cast');
  writeFileSync(path, '{"version":2,"width":80,"height":24}\n[1.0, "o", "old"]\n');
  const writer = await CastWriter.open(path, { cols: 90, rows: 20 });
  writer.dispose();
  const empty = { header: { version: 2, cols: 90, rows: 20 }, events: [], truncated: false };
  assert.deepEqual(read(path), empty);

  const never = join(dir, 'never', 'bad.cast');
  await assert.rejects(CastWriter.open(never, { cols: 0, rows: 24 }), RangeError);
  assert.equal(existsSync(join(dir, 'never')), false);
});

test('a disposed writer refuses to write; dispose() twice is harmless', async (t) => {
  const writer = await CastWriter.open(join(scratch(t), 'closed.cast'), { cols: 80, rows: 24 });
  writer.dispose();
  writer.dispose();
  assert.throws(() => writer.output('late'), /disposed/);
  assert.throws(() => writer.marker('late'), /disposed/);
});

test('bad resize and exit values are refused', async (t) => {
  const writer = await CastWriter.open(join(scratch(t), 'bad.cast'), { cols: 80, rows: 24 });
  t.after(() => writer.dispose());
  assert.throws(() => writer.resize(0, 24), /invalid resize data/);
  assert.throws(() => writer.resize(80.5, 24), /invalid resize data/);
  assert.throws(() => writer.exit(1.5), RangeError);
});

test('a recorder killed with SIGKILL mid-recording leaves a valid file', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'killed.cast');
  const script = join(dir, 'record.mts'); // .mts: ESM outside our package, for top-level await
  writeFileSync(
    script,
    `import { CastWriter } from ${JSON.stringify(writerModule)};
const writer = await CastWriter.open(${JSON.stringify(path)}, { cols: 80, rows: 24 });
let n = 0;
const step = () => {
  writer.marker('step ' + n);
  writer.output('line ' + n + ' é🙂 ' + 'x'.repeat(n % 500) + '\\r\\n');
  n++;
};
for (let i = 0; i < 100; i++) step();
process.stdout.write('ready\\n');
setInterval(step, 1); // keeps writing until killed
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot, // where --import finds tsx
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  const waiting = new AbortController(); // stops the losers of the race below
  const { signal } = waiting;
  const [chunk] = (await Promise.race([
    once(child.stdout, 'data', { signal }),
    once(child, 'exit', { signal }).then(() => assert.fail('the recorder exited before the kill')),
    sleep(20_000, null, { signal }).then(() => assert.fail('the recorder did not start')),
  ]).finally(() => waiting.abort())) as [Buffer];
  assert.equal(chunk.toString(), 'ready\n');
  await sleep(50);
  child.kill('SIGKILL');
  const [code, killedBy] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(code, null);
  assert.equal(killedBy, 'SIGKILL');

  const cast = read(path);
  assert.deepEqual(cast.header, { version: 2, cols: 80, rows: 24 });
  assert.ok(cast.events.length >= 200, `${cast.events.length} events before the kill`);
  cast.events.forEach((event, i) => {
    const n = Math.floor(i / 2);
    if (i % 2 === 0) assert.deepEqual([event.code, event.data], ['m', `step ${n}`]);
    else assert.equal(event.data, `line ${n} é🙂 ${'x'.repeat(n % 500)}\r\n`);
  });
});
