// A live recording's clock starts with its session, not with its file: what the shell printed
// while the file was being opened (a slow disk, a busy recording thread) keeps the time it
// happened, so a lecture's casts and its timeline agree. A real shell, the real recording thread
// and CastWriter, the file's opening held back by the test.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCast } from '../../common/asciicast.js';
import { CastWriter } from '../../server/recording/cast-writer.js';
import { RecordingThread } from '../../server/recording/recording-thread.js';
import { SessionRecording } from '../../server/recording/session-recording.js';
import { DEFAULT_SHELL } from '../../server/terminal/environment.js';
import { TerminalSession } from '../../server/terminal/session.js';

const OPEN_DELAY_MS = 400;

for (const writer of ['the recording thread', 'a CastWriter in this thread'] as const) {
  test(`events that come while the file opens keep their own times (${writer})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'livedeck-recording-clock-'));
    const thread = new RecordingThread();
    const session = await TerminalSession.start({ id: `clock-${process.pid}`, demo: null, cols: 80, rows: 24, shell: DEFAULT_SHELL });
    t.after(async () => {
      await session.dispose();
      await thread.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const started = performance.now();
    const file = join(dir, 'session.cast');
    const recording = new SessionRecording(session, file, {
      open: async (path, header, onFailure) => {
        await sleep(OPEN_DELAY_MS); // a slow disk
        return writer === 'the recording thread'
          ? thread.open(path, header, onFailure)
          : CastWriter.open(path, header);
      },
    });
    session.write('echo clock-$((6*7))\r');
    const printed = await new Promise<number>((resolve) => {
      let seen = '';
      session.on('output', (data) => {
        seen += data.toString();
        if (seen.includes('clock-42\r\n')) resolve((performance.now() - started) / 1000);
      });
    });
    assert.ok(printed < OPEN_DELAY_MS / 1000, `the output came ${printed} s in, before the file was open`);
    await sleep(OPEN_DELAY_MS);
    session.write('echo after-$((6*7))\r');
    await sleep(300);
    await recording.dispose();

    const cast = parseCast(readFileSync(file, 'utf8'), file);
    const at = (text: string) => cast.events.find((event) => event.code === 'o' && event.data.includes(text))!.time;
    const early = at('clock-42');
    // The recording's clock starts with it (in the session's tick), not when its file opened.
    assert.ok(Math.abs(early - printed) < 0.1, `recorded at ${early} s, printed at ${printed} s`);
    assert.ok(at('after-42') > OPEN_DELAY_MS / 1000, 'later events are stamped as they come');
    const times = cast.events.map((event) => event.time);
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'times never go back');
  });
}
