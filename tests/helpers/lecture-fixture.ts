// Writes a small recorded class, as `livedeck dev` leaves it in recordings/<stamp>/, for the
// lecture build's tests and the lecture player's: the fixture deck of tests/fixtures/lecture/
// compiled and snapshotted (writeSnapshot, as the dev server does), a timeline, and the casts of
// its shells with what a terminal really receives (a prompt in colour, commands echoed as typed,
// a typo corrected with Backspace, a shell that exits and is restarted at another size).
//
// The class (times in ms of the lecture's clock, FIXTURE_TIMES):
//   0      deck A; 200 slide 1 (title)
//   4000   slide 2 (Processes), 6000 its fragment
//   9000   slide 3 (the demo); 9100 the demo's shell starts (pane s3-t1)
//   10000  step 1 typed (echo bonjour, fragment 0); 12000 step 2 (ps, fragment 1)
//   14000  `ls -la` typed by hand (as "ls -lq", Backspace, "a"), output at 15600
//   16500 .. 40000: nothing happens (a break: the idle limit shortens it)
//   40000  slide 4 (h3 v0); 40100 the pane s4-t1's shell starts; 41000 `whoami` typed by hand
//   44000  `exit`: the shell ends (status 0) at 44600; 47000 restarted (same session, 100x10)
//   48000  `echo again` typed
//   50000  slide 5 (h3 v1); 50500 a shell of no pane starts
//   52000  with `reload`: deck B (slide 2 renamed, and with `changedFigure` its image redrawn)
//   53000  slide 2 again, fragment shown; 56000 slide 3 again
//   58000  end (not with `killed`: no end, no session-end, the last lines cut short)
// With `voice`: a segment from 1000 to 30000 (voice-1.webm: spoken until 16000, then quiet
// chunks through the break) and one from 40500 to 56000 (voice-2.webm; with `killed`, never
// ended and its file cut in its last second).

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeEvent, serializeHeader, type CastEvent } from '../../common/asciicast.js';
import { LECTURE_FILE, LECTURE_VERSION, lectureLine, type LectureEvent } from '../../common/lecture.js';
import { compileDeck, compileDeckSource } from '../../server/deck/compile.js';
import { writeSnapshot } from '../../server/lecture/deck-snapshot.js';
import { longVoiceWebm } from './voice-webm.js';

export const LECTURE_FIXTURE_DECK = join(import.meta.dirname, '..', 'fixtures', 'lecture');
const CAST_PANE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cast-pane');

/** The command typed by hand in the demo's pane, as the screen shows it once corrected. */
export const HAND_TYPED = 'ls -la';
/** What it printed. */
export const HAND_TYPED_OUTPUT = 'drwxr-xr-x 2 student student 4096 Dec  7 09:00 notes';
/** The title of slide 2 after the reload. */
export const RELOADED_TITLE = 'Processes, reloaded';

export const FIXTURE_TIMES = {
  title: 200,
  processes: 4000,
  fragment: 6000,
  demo: 9000,
  demoShell: 9100,
  step1: 10000,
  step2: 12000,
  handTyped: 14000,
  handTypedOutput: 15600,
  quietFrom: 16500,
  quietTo: 40000,
  stack: 40100,
  whoami: 41000,
  exit: 44000,
  exited: 44600,
  restart: 47000,
  again: 48000,
  below: 50000,
  reload: 52000,
  processesAgain: 53000,
  demoAgain: 56000,
  end: 58000,
  voice1: 1000,
  spokenUntil: 16000,
  voice1End: 30000,
  voice2: 40500,
  voice2End: 56000,
} as const;

/** Voice chunks at least this loud are speech to the build (VOICE_ACTIVITY_LEVEL). */
const SPOKEN = 0.5;
const QUIET = 0.01;

export interface LectureFixtureOptions {
  /** A live reload at 52 s changed the deck (a second snapshot). */
  reload?: boolean;
  /** With `reload`: the reload also redrew figures/pixel.png (same path, other bytes). */
  changedFigure?: boolean;
  /** The server was SIGKILLed at 56.5 s: no `end`, no `session-end` for the running shells, and the
   * timeline's and a cast's last lines cut short. */
  killed?: boolean;
  /** The teacher's voice: a real MediaRecorder WebM (e.g. tests/fixtures/voice/tone-4s.webm), whose
   * frames make the two voice segments (longVoiceWebm). */
  voice?: Uint8Array;
}

export interface LectureFixture {
  /** The lecture's folder (recordings/<stamp>). */
  dir: string;
  /** The deck's copy it was compiled from. */
  deckDir: string;
}

const STAMP = '2026-12-07_09-00-00';
const PROMPT = '\x1b[1;32mstudent@lab\x1b[0m:\x1b[1;34m~\x1b[0m$ ';

/** Writes the class into `root` (a scratch folder): root/deck/ (the deck's copy) and
 * root/recordings/<stamp>/. */
export async function writeLectureFixture(root: string, options: LectureFixtureOptions = {}): Promise<LectureFixture> {
  const deckDir = join(root, 'deck');
  cpSync(LECTURE_FIXTURE_DECK, deckDir, { recursive: true });
  const dir = join(root, 'recordings', STAMP);
  const T = FIXTURE_TIMES;
  const first = await writeSnapshot(dir, await compileDeck(join(deckDir, 'deck.md')));
  let second: string | null = null;
  if (options.reload) {
    if (options.changedFigure) writeFileSync(join(deckDir, 'figures', 'pixel.png'), Buffer.concat([readFileSync(join(deckDir, 'figures', 'pixel.png')), Buffer.from('redrawn')]));
    const source = readFileSync(join(deckDir, 'deck.md'), 'utf8').replace('## Processes', `## ${RELOADED_TITLE}`);
    writeFileSync(join(deckDir, 'deck.md'), source);
    second = await writeSnapshot(dir, await compileDeckSource(source, join(deckDir, 'deck.md'), { demosDir: join(deckDir, 'demos') }));
  }

  // The demo's shell (pane s3-t1): two steps typed by the server, then a command typed by hand.
  const demo = new CastBuilder(80, 12, 'processus (session a1)');
  demo.out(0.3, PROMPT);
  demo.type((T.step1 - T.demoShell) / 1000, 'echo bonjour');
  demo.out((T.step1 - T.demoShell) / 1000 + 1.2, '\r\nbonjour\r\n' + PROMPT);
  demo.type((T.step2 - T.demoShell) / 1000, 'ps');
  demo.out((T.step2 - T.demoShell) / 1000 + 0.5, '\r\n    PID TTY          TIME CMD\r\n   4242 pts/3    00:00:00 bash\r\n   4318 pts/3    00:00:00 ps\r\n' + PROMPT);
  const hand = (T.handTyped - T.demoShell) / 1000;
  demo.type(hand, 'ls -lq');
  demo.out(hand + 0.9, '\b\x1b[K');
  demo.type(hand + 1.1, 'a');
  demo.out((T.handTypedOutput - T.demoShell) / 1000, `\r\ntotal 4\r\n${HAND_TYPED_OUTPUT}\r\n${PROMPT}`);

  // The second pane's shell (s4-t1): typed by hand, exited, restarted at another size.
  const stack = new CastBuilder(80, 10, 'shell (session b1)');
  stack.out(0.2, PROMPT);
  stack.type((T.whoami - T.stack) / 1000, 'whoami');
  stack.out((T.whoami - T.stack) / 1000 + 0.8, '\r\nstudent\r\n' + PROMPT);
  stack.type((T.exit - T.stack) / 1000, 'exit');
  stack.out((T.exit - T.stack) / 1000 + 0.5, '\r\nexit\r\n');
  stack.exit((T.exited - T.stack) / 1000, 0);
  const restart = new CastBuilder(100, 10, 'shell (session b1, restart 1)');
  restart.out(0.2, PROMPT);
  restart.type((T.again - T.restart) / 1000, 'echo again');
  restart.out((T.again - T.restart) / 1000 + 1.1, '\r\nagain\r\n' + PROMPT);
  // The output of a command still running when the server was killed: its last line cut short.
  if (options.killed) restart.out((T.demoAgain - T.restart) / 1000 + 0.2, 'still running\r\n');

  const loose = new CastBuilder(80, 24, 'shell (session c1)');
  loose.out(0.1, PROMPT);

  const events: LectureEvent[] = [
    { t: 0, type: 'lecture', version: LECTURE_VERSION, started: '2026-12-07T09:00:00+01:00', deck: 'deck/deck.md', title: 'Lecture fixture' },
    { t: 0, type: 'deck', snapshot: first },
    { t: T.title, type: 'position', h: 0, v: 0, f: -1, slide: 1 },
    { t: T.processes, type: 'position', h: 1, v: 0, f: -1, slide: 2 },
    { t: T.fragment, type: 'position', h: 1, v: 0, f: 0, slide: 2 },
    { t: T.demo, type: 'position', h: 2, v: 0, f: -1, slide: 3 },
    { t: T.demoShell, type: 'session-start', session: 'a1', pane: 's3-t1', demo: 'processus', cast: 'processus-a1.cast', cols: 80, rows: 12 },
    { t: T.step1, type: 'position', h: 2, v: 0, f: 0, slide: 3 },
    { t: T.step1, type: 'step', session: 'a1', pane: 's3-t1', step: 0, state: 'typing' },
    { t: T.step1 + 1200, type: 'step', session: 'a1', pane: 's3-t1', step: 0, state: 'done' },
    { t: T.step2, type: 'position', h: 2, v: 0, f: 1, slide: 3 },
    { t: T.step2, type: 'step', session: 'a1', pane: 's3-t1', step: 1, state: 'typing' },
    { t: T.step2 + 500, type: 'step', session: 'a1', pane: 's3-t1', step: 1, state: 'done' },
    { t: T.quietTo, type: 'position', h: 3, v: 0, f: -1, slide: 4 },
    { t: T.stack, type: 'session-start', session: 'b1', pane: 's4-t1', demo: null, cast: 'shell-b1.cast', cols: 80, rows: 10 },
    { t: T.exited, type: 'session-end', session: 'b1', cast: 'shell-b1.cast', status: 0 },
    { t: T.restart, type: 'session-start', session: 'b1', pane: 's4-t1', demo: null, cast: 'shell-b1.2.cast', cols: 100, rows: 10 },
    { t: T.below, type: 'position', h: 3, v: 1, f: -1, slide: 5 },
    { t: T.below + 500, type: 'session-start', session: 'c1', pane: null, demo: null, cast: 'shell-c1.cast', cols: 80, rows: 24 },
    ...(second !== null ? [{ t: T.reload, type: 'deck' as const, snapshot: second }] : []),
    { t: T.processesAgain, type: 'position', h: 1, v: 0, f: 0, slide: 2 },
    { t: T.demoAgain, type: 'position', h: 2, v: 0, f: 1, slide: 3 },
  ];
  if (!options.killed) {
    events.push(
      { t: T.end, type: 'session-end', session: 'a1', cast: 'processus-a1.cast', status: null },
      { t: T.end, type: 'session-end', session: 'b1', cast: 'shell-b1.2.cast', status: null },
      { t: T.end, type: 'session-end', session: 'c1', cast: 'shell-c1.cast', status: null },
      { t: T.end, type: 'end' },
    );
  }
  if (options.voice) {
    const mime = 'audio/webm;codecs=opus';
    const segment = (file: string, from: number, to: number, level: (t: number) => number, ended: boolean) => {
      const bytes = longVoiceWebm(options.voice!, (to - from) / 1000);
      const chunks = (to - from) / 1000;
      const written: LectureEvent[] = [{ t: from, type: 'voice-start', file, mime }];
      for (let k = 1; k <= chunks; k++) written.push({ t: from + k * 1000, type: 'voice-chunk', file, bytes: Math.round((bytes.length * k) / chunks), level: level(from + k * 1000) });
      if (ended) written.push({ t: to, type: 'voice-end', file });
      // A killed server's file stops in the middle of its last second.
      writeFileSync(join(dir, file), ended ? bytes : bytes.subarray(0, bytes.length - 1500));
      return written;
    };
    events.push(
      ...segment('voice-1.webm', T.voice1, T.voice1End, (t) => (t <= T.spokenUntil ? SPOKEN : QUIET), true),
      ...segment('voice-2.webm', T.voice2, T.voice2End, () => SPOKEN, !options.killed),
    );
    // In time order, as the server writes them (sort keeps the order of equal times).
    events.sort((a, b) => a.t - b.t);
  }
  let timeline = events.map((event) => `${lectureLine(event)}\n`).join('');
  // A killed server's last write, cut in its middle.
  if (options.killed) timeline += lectureLine({ t: T.demoAgain + 500, type: 'position', h: 3, v: 0, f: -1, slide: 4 }).slice(0, 20);
  writeFileSync(join(dir, LECTURE_FILE), timeline);
  writeFileSync(join(dir, 'processus-a1.cast'), demo.text());
  writeFileSync(join(dir, 'shell-b1.cast'), stack.text());
  writeFileSync(join(dir, 'shell-b1.2.cast'), options.killed ? restart.text().replace(/\n$/, '').slice(0, -8) : restart.text());
  writeFileSync(join(dir, 'shell-c1.cast'), loose.text());
  return { dir, deckDir };
}

/** When the cast= class (writeCastPaneLecture) showed each step of its first pane, in ms. */
export const CAST_PANE_TIMES = { start: 200, step1: 3000, step2: 6000, next: 9000, end: 10000 } as const;

/** A class on the deck of tests/fixtures/cast-pane (three slides whose panes replay recordings,
 * cast=): the first pane's two steps shown at CAST_PANE_TIMES, then the next slide. Its snapshot
 * stores the recordings; no shell ran. Returns the lecture's folder under `root`. */
export async function writeCastPaneLecture(root: string): Promise<string> {
  const deckDir = join(root, 'deck');
  cpSync(CAST_PANE_FIXTURES, deckDir, { recursive: true });
  const dir = join(root, 'recordings', STAMP);
  const snapshot = await writeSnapshot(dir, await compileDeck(join(deckDir, 'deck.md')));
  const T = CAST_PANE_TIMES;
  const events: LectureEvent[] = [
    { t: 0, type: 'lecture', version: LECTURE_VERSION, started: '2026-12-07T09:00:00+01:00', deck: 'deck/deck.md', title: 'Recordings on slides' },
    { t: 0, type: 'deck', snapshot },
    { t: T.start, type: 'position', h: 0, v: 0, f: -1, slide: 1 },
    { t: T.step1, type: 'position', h: 0, v: 0, f: 0, slide: 1 },
    { t: T.step2, type: 'position', h: 0, v: 0, f: 1, slide: 1 },
    { t: T.next, type: 'position', h: 1, v: 0, f: -1, slide: 2 },
    { t: T.end, type: 'end' },
  ];
  writeFileSync(join(dir, LECTURE_FILE), events.map((event) => `${lectureLine(event)}\n`).join(''));
  return dir;
}

/** A cast as the live recorder writes it (asciicast v2, no idle time limit, TERM and SHELL). */
class CastBuilder {
  private readonly events: CastEvent[] = [];

  constructor(
    private readonly cols: number,
    private readonly rows: number,
    private readonly title: string,
  ) {}

  out(time: number, data: string): void {
    this.events.push({ time, code: 'o', data });
  }

  /** A command typed at a person's pace, each key echoed by the shell (Enter's echo is the
   * output that follows). */
  type(time: number, text: string): void {
    [...text].forEach((char, k) => this.out(time + k * 0.08, char));
  }

  exit(time: number, status: number): void {
    this.events.push({ time, code: 'x', data: String(status) });
  }

  text(): string {
    const header = serializeHeader({ cols: this.cols, rows: this.rows, timestamp: 1_796_630_400, title: this.title, env: { TERM: 'xterm-256color', SHELL: '/bin/bash' } });
    const sorted = [...this.events].sort((a, b) => a.time - b.time);
    let previous = 0;
    const lines = sorted.map((event) => {
      const line = serializeEvent(event, previous);
      previous = event.time;
      return line;
    });
    return `${[header, ...lines].join('\n')}\n`;
  }
}
