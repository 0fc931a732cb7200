// Writes the synthetic one-hour class of bench/lecture.ts as `livedeck dev` leaves a lecture in
// recordings/<stamp>/ (docs/lecture-format.md): the course deck compiled and snapshotted, twice
// more after two live edits, the timeline, one cast per shell take, the voice segments; and the
// same class without the voice (its files and events dropped).

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCast, serializeEvent, serializeHeader, type Cast } from '../../common/asciicast.js';
import { LECTURE_FILE, LECTURE_VERSION, lectureLine, parseLecture, type LectureEvent } from '../../common/lecture.js';
import { compileDeck, compileDeckSource } from '../../server/deck/compile.js';
import type { Deck } from '../../server/deck/model.js';
import { writeSnapshot } from '../../server/lecture/deck-snapshot.js';
import { random } from '../../tests/helpers/terminal-state.js';
import { CAST_ENV, scriptClass, type ClassScenario, type TimelineEvent } from './class-scenario.js';
import { encodeSpeechPools } from './speech-encoder.js';
import { voiceFiles, type VoiceFile } from './synthetic-voice.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DECK = 'slides/virtualisation.md';
/** The two saves of the class, each a new snapshot: on slide 6, then on slide 14 (the slides
 * the presenter is on when saving: class-scenario.ts's RELOAD_ON_SLIDES), a wording made clearer. */
const EDITS: [string, string][] = [
  ['- Les deux chargeurs d\'amorçage les plus utilisés sont le BIOS et l\'UEFI.', '- Les deux micrologiciels d\'amorçage les plus répandus sont le BIOS et l\'UEFI.'],
  ['## Gestionnaire de paquets\n', '## Gestionnaires de paquets\n'],
];
/** Distinct seconds of speech and of room noise encoded; the hour repeats them. */
const SPEECH_POOL = 240;
const ROOM_POOL = 20;

export interface SyntheticLectureOptions {
  /** Seconds from the first event to the last. */
  duration: number;
  breakAfter: number;
  breakSeconds: number;
  seed: number;
}

export interface SyntheticLecture {
  withVoice: string;
  withoutVoice: string;
  deck: Deck;
  scenario: ClassScenario;
  voice: VoiceFile[];
  /** Every timeline line of the class with voice. */
  events: TimelineEvent[];
  /** The casts as written, by file name. */
  casts: Map<string, Cast>;
  /** Seconds spent encoding the voice (Chromium). */
  encodeSeconds: number;
}

/** Writes the class into `<root>/with-voice` and `<root>/without-voice`. */
export async function writeSyntheticLecture(root: string, options: SyntheticLectureOptions): Promise<SyntheticLecture> {
  const withVoice = join(root, 'with-voice');
  const withoutVoice = join(root, 'without-voice');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(withVoice, { recursive: true });

  const file = join(ROOT, DECK);
  const deck = await compileDeck(file);
  let source = readFileSync(file, 'utf8');
  const snapshots = [await writeSnapshot(withVoice, deck)];
  for (const [from, to] of EDITS) {
    if (!source.includes(from)) throw new Error(`${DECK} no longer has "${from.trim()}": update bench/lecture/write-lecture.ts`);
    source = source.replace(from, to);
    snapshots.push(await writeSnapshot(withVoice, await compileDeckSource(source, file, { demosDir: join(ROOT, 'demos') })));
  }

  const demoCasts = new Map<string, Cast>();
  const demoCast = (name: string) => {
    if (!demoCasts.has(name)) demoCasts.set(name, parseCast(readFileSync(join(ROOT, 'demos', name, 'session.cast'), 'utf8'), `demos/${name}/session.cast`));
    return demoCasts.get(name)!;
  };
  const next = random(options.seed);
  const scenario = scriptClass({ deck, snapshots, demoCast, next, duration: options.duration, breakAfter: options.breakAfter, breakSeconds: options.breakSeconds });

  const started = performance.now();
  const pools = await encodeSpeechPools(SPEECH_POOL, ROOM_POOL, options.seed);
  const encodeSeconds = (performance.now() - started) / 1000;
  const voice = voiceFiles(pools, scenario.voice, scenario.speaking, next);

  const casts = new Map<string, Cast>();
  const timestamp = Math.floor(Date.parse('2026-12-07T09:00:00+01:00') / 1000);
  for (const cast of scenario.casts) {
    const header = { cols: cast.cols, rows: cast.rows, timestamp, title: cast.title, env: CAST_ENV };
    const lines = [serializeHeader(header)];
    let previous = 0;
    for (const event of cast.events) {
      lines.push(serializeEvent(event, previous));
      previous = event.time;
    }
    writeFileSync(join(withVoice, cast.file), `${lines.join('\n')}\n`);
    casts.set(cast.file, { header: { version: 2, ...header }, events: cast.events });
  }
  for (const { file: name, bytes } of voice) writeFileSync(join(withVoice, name), bytes);

  // Stable: at one time, the scenario's events keep their order before the voice's.
  const events = [...scenario.events, ...voice.flatMap((v) => v.events)].map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.t - b.event.t || a.i - b.i).map(({ event }) => event);
  const header: LectureEvent = { t: 0, type: 'lecture', version: LECTURE_VERSION, started: '2026-12-07T09:00:00+01:00', deck: DECK, title: deck.meta.title };
  writeTimeline(withVoice, [header, ...events]);

  cpSync(withVoice, withoutVoice, { recursive: true });
  for (const { file: name } of voice) rmSync(join(withoutVoice, name));
  writeTimeline(withoutVoice, [header, ...events.filter((event) => !event.type.startsWith('voice-'))]);
  return { withVoice, withoutVoice, deck, scenario, voice, events, casts, encodeSeconds };
}

function writeTimeline(dir: string, events: LectureEvent[]): void {
  const text = events.map((event) => `${lectureLine(event)}\n`).join('');
  // What livedeck's own reader accepts, or the benchmark measures nothing.
  parseLecture(text, join(dir, LECTURE_FILE));
  writeFileSync(join(dir, LECTURE_FILE), text);
}
