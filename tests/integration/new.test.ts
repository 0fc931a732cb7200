// `livedeck new` end to end with the real CLI: the starter deck it writes compiles, its demo records
// in a real shell, it builds to a static site with that recording and it presents with
// `livedeck dev`; a folder that is not empty is refused and left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startDev } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

test('livedeck new writes a deck that checks, records, builds and presents', async (t) => {
  const dir = scratchDir(t, 'livedeck-new-test-');
  const made = runCli(['new', 'intro-to-shells'], { cwd: dir });
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /^ {2}livedeck dev intro-to-shells\/slides\.md$/m, made.stdout);
  const folder = join(dir, 'intro-to-shells');
  assert.deepEqual(readdirSync(folder, { recursive: true }).map(String).sort(), ['.gitignore', 'demos', 'demos/hello', 'demos/hello/steps.sh', 'slides.md']);
  assert.ok(statSync(join(folder, 'demos/hello/steps.sh')).mode & 0o100, 'steps.sh can be run by hand');
  assert.match(readFileSync(join(folder, 'slides.md'), 'utf8'), /^---\ntitle: "Intro to shells"\n/);

  // Two slides: the title, then two bullets and the demo's three steps.
  const check = runCli(['check', 'intro-to-shells/slides.md'], { cwd: dir });
  assert.equal(check.status, 0, check.stderr);
  assert.equal(check.stdout, 'intro-to-shells/slides.md: ok, 2 slides, 7 build steps, 1 terminal panes\n');
  assert.equal(check.stderr, '', 'no warning');

  // The demo's steps run in a real shell, as the recorder types them.
  const record = runCli(['record', 'hello', '--demos', join(folder, 'demos'), '--typing-ms', '0'], { cwd: dir });
  assert.equal(record.status, 0, record.stderr);
  const cast = readFileSync(join(folder, 'demos/hello/session.cast'), 'utf8');
  assert.ok(cast.includes('Hello from livedeck'), 'cat hello.txt printed what the step before wrote');

  const build = runCli(['build', 'intro-to-shells/slides.md'], { cwd: dir });
  assert.equal(build.status, 0, build.stderr);
  assert.ok(existsSync(join(dir, 'slides-site/index.html')), build.stdout);
  assert.doesNotMatch(build.stderr, /warning/, 'the pane has its recording');

  const server = await startDev([join(folder, 'slides.md')]);
  t.after(() => server.stop());
  const page = await fetch(`${server.url}?token=${server.presenterToken}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>Intro to shells<\/title>/);
});

test('livedeck new refuses a folder that is not empty, and a missing name', (t) => {
  const dir = scratchDir(t, 'livedeck-new-test-');
  writeFileSync(join(dir, 'notes.md'), 'my own notes');
  const refused = runCli(['new', dir]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^error: .* is not empty: livedeck new writes only into a new or empty folder\n/);
  assert.deepEqual(readdirSync(dir), ['notes.md'], 'nothing written');
  assert.equal(readFileSync(join(dir, 'notes.md'), 'utf8'), 'my own notes');

  const file = runCli(['new', join(dir, 'notes.md')]);
  assert.equal(file.status, 1);
  assert.match(file.stderr, /^error: .*notes\.md exists and is not a folder\n/);

  const none = runCli(['new']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^error: which folder\? livedeck new <folder>\n/);
});
