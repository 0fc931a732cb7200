// The script of a synthetic one-hour class on the course deck (bench/lecture.ts): the presenter
// goes through the slides in order, now and then back to the previous one and forth again, steps
// through the fragments, lets the demos type their steps, types commands by hand in the panes
// (big outputs too), restarts two shells, saves the deck twice (live reloads), takes a ten-minute
// break, and pauses the microphone once. What `livedeck dev` would have written: the timeline's
// events (the voice's chunks come from synthetic-voice.ts), the casts, and when the teacher speaks.

import { castMarkers, type Cast, type CastEvent } from '../../common/asciicast.js';
import type { LectureEvent, LectureHeader } from '../../common/lecture.js';
import type { Deck, Slide, TerminalPaneSpec } from '../../server/deck/model.js';
import { round, typeCommand, type Command, type Random } from './shell-output.js';

export type TimelineEvent = Exclude<LectureEvent, LectureHeader>;

export interface SessionCast {
  file: string;
  cols: number;
  rows: number;
  title: string;
  events: CastEvent[];
}

/** A voice segment: its file, and when it starts and ends on the lecture's clock (ms). */
export interface VoiceSegmentPlan {
  file: string;
  start: number;
  end: number;
}

export interface ClassScenario {
  /** In time order, the voice's chunks left out. */
  events: TimelineEvent[];
  casts: SessionCast[];
  voice: VoiceSegmentPlan[];
  /** Per second of the lecture's clock: does the teacher speak then. */
  speaking: boolean[];
  /** The last event's time, ms. */
  end: number;
  /** The break: ms on the lecture's clock. */
  pause: { from: number; to: number };
}

export interface ScenarioInput {
  deck: Deck;
  /** Snapshot hashes: the first compile's, then one per live reload that changed the deck. */
  snapshots: string[];
  /** A demo's recording (demos/<name>/session.cast), whose step segments the live steps replay. */
  demoCast: (name: string) => Cast;
  next: Random;
  /** The class's length, seconds: the last slide is kept (questions) until then. */
  duration: number;
  /** After which slide (1-based) the break comes, and how long it lasts (seconds). */
  breakAfter: number;
  breakSeconds: number;
}

/** Commands typed by hand in each demo's pane, between its steps and after them. */
const HAND_TYPED: Record<string, Command[]> = {
  demarrage: ['uname -a', 'ls -la /boot', 'dmesg --color=always', 'systemctl list-units --type=service --no-pager'],
  processus: ['ps aux', 'journalctl -b --no-pager | tail -1500', 'ps -ef --forest | head -60'],
  bibliotheques: ['ldd /usr/bin/ssh', 'make', 'ldd /usr/bin/python3', 'find /usr/lib -name "*.so*"'],
  droits: ['id', 'ls -la --color=always /etc', 'ls -laR --color=always /etc | head -2000'],
  empreintes: ['sha256sum /usr/bin/*'],
  tls: ['openssl x509 -in cert.pem -text -noout', 'openssl rsa -in key.pem -text -noout', 'cat /etc/ssl/certs/ca-certificates.crt'],
};
/** The slides (1-based) the presenter is on when saving the deck: write-lecture.ts's EDITS. */
export const RELOAD_ON_SLIDES = [6, 14];
/** Panes whose shell the teacher restarts, after which step (0-based). */
const RESTART_AFTER: Record<string, number> = { processus: 5, droits: 7 };
export const CAST_ENV = { TERM: 'xterm-256color', SHELL: '/bin/bash' };

interface LiveSession {
  id: string;
  pane: TerminalPaneSpec;
  demo: string;
  take: number;
  /** Lecture ms when the current take started. */
  start: number;
  cast: SessionCast;
  prompt: string;
  /** Ms when the shell is free again (after the last thing typed). */
  busyUntil: number;
  handTyped: number;
}

/** A demo step's recorded events, on the step's own clock (0 = its marker). */
interface StepSegment {
  label: string;
  events: CastEvent[];
  duration: number;
}

export function scriptClass(input: ScenarioInput): ClassScenario {
  const { deck, next } = input;
  const between = (min: number, max: number) => min + next() * (max - min);
  const events: TimelineEvent[] = [];
  const casts: SessionCast[] = [];
  const sessions = new Map<string, LiveSession>();
  const quiet: Array<[number, number]> = [];
  let t = 600;
  let last = { h: -1, v: -1, f: -2 };
  let slideShown = '';
  const pause = { from: 0, to: 0 };
  const pendingSnapshots = input.snapshots.slice(1);

  events.push({ t: 350, type: 'deck', snapshot: input.snapshots[0]! });
  const at = (ms: number) => Math.round(ms);

  const move = (slide: Slide, f: number) => {
    if (slide.h === last.h && slide.v === last.v && f === last.f) return;
    last = { h: slide.h, v: slide.v, f };
    events.push({ t: at(t), type: 'position', h: slide.h, v: slide.v, f, slide: slide.index + 1 });
    const key = `${slide.h}/${slide.v}`;
    if (key !== slideShown) {
      slideShown = key;
      const label = `slide ${slide.index + 1}/${deck.slides.length}${slide.title ? `: ${slide.title}` : ''}`;
      for (const session of sessions.values()) castOut(session, t + 5, [{ time: 0, code: 'm', data: label }]);
    }
  };

  /** Appends events (times relative to `from`, lecture ms) to a session's cast. */
  const castOut = (session: LiveSession, from: number, list: CastEvent[]) => {
    const offset = (from - session.start) / 1000;
    for (const event of list) session.cast.events.push({ ...event, time: round(offset + event.time) });
    const end = from + 1000 * (list.at(-1)?.time ?? 0);
    session.busyUntil = Math.max(session.busyUntil, end);
  };

  /** A shell take's cast, empty. */
  const takeCast = (demo: string, id: string, take: number): SessionCast => {
    const recorded = input.demoCast(demo);
    const restart = take > 1 ? `, restart ${take - 1}` : '';
    return { file: `${demo}-${id}${take > 1 ? `.${take}` : ''}.cast`, cols: recorded.header.cols, rows: recorded.header.rows, title: `${demo} (session ${id}${restart})`, events: [] };
  };

  /** The session's current take starts: on the timeline, and its prompt in its cast. */
  const announce = (session: LiveSession) => {
    casts.push(session.cast);
    events.push({ t: at(session.start), type: 'session-start', session: session.id, pane: session.pane.id, demo: session.demo, cast: session.cast.file, cols: session.cast.cols, rows: session.cast.rows });
    castOut(session, session.start, [{ time: 0.012 + next() * 0.01, code: 'o', data: session.prompt }]);
  };

  const openPane = (pane: TerminalPaneSpec) => {
    if (sessions.has(pane.id) || !pane.demo) return;
    const prompt = input.demoCast(pane.demo).events.find((event) => event.code === 'o')!.data;
    const id = sessionId(next);
    const session: LiveSession = { id, pane, demo: pane.demo, take: 1, start: t + between(120, 400), cast: takeCast(pane.demo, id, 1), prompt, busyUntil: 0, handTyped: 0 };
    sessions.set(pane.id, session);
    announce(session);
  };

  const restart = (session: LiveSession) => {
    t = Math.max(t, session.busyUntil) + between(2000, 6000);
    events.push({ t: at(t), type: 'session-end', session: session.id, cast: session.cast.file, status: 129 });
    session.take++;
    t += between(40, 90);
    session.start = t;
    session.cast = takeCast(session.demo, session.id, session.take);
    announce(session);
    t += between(3000, 8000);
  };

  const typeByHand = (session: LiveSession) => {
    const commands = HAND_TYPED[session.demo]!;
    if (session.handTyped >= commands.length) return;
    const command = commands[session.handTyped++]!;
    t = Math.max(t, session.busyUntil) + between(3000, 12000);
    const typed = typeCommand(next, 0, command, session.prompt);
    castOut(session, t, typed.events);
    quiet.push([t, t + 1000 * typed.end]);
    t += 1000 * typed.end + between(6000, 25000);
  };

  const playStep = (session: LiveSession, step: number) => {
    const segment = stepSegments(input.demoCast(session.demo))[step];
    if (!segment) return;
    t = Math.max(t, session.busyUntil);
    const typing = t + between(15, 40);
    events.push({ t: at(typing), type: 'step', session: session.id, pane: session.pane.id, step, state: 'typing' });
    castOut(session, typing, [{ time: 0, code: 'm', data: segment.label }, ...segment.events]);
    const done = typing + 1000 * segment.duration + between(20, 80);
    events.push({ t: at(done), type: 'step', session: session.id, pane: session.pane.id, step, state: 'done' });
    t = done + between(4000, 22000);
    if (RESTART_AFTER[session.demo] === step) restart(session);
    else if (next() < 0.25) typeByHand(session);
  };

  /** Shows a slide from its start and steps through every fragment. */
  const present = (slide: Slide) => {
    move(slide, -1);
    for (const pane of slide.terminals) openPane(pane);
    if (RELOAD_ON_SLIDES.includes(slide.index + 1) && pendingSnapshots.length > 0) {
      // The teacher rewords this slide and saves: the page reloads at the same position.
      t += between(20000, 40000);
      events.push({ t: at(t), type: 'deck', snapshot: pendingSnapshots.shift()! });
    }
    t += between(12000, 45000);
    const stepFragments = terminalStepFragments(slide);
    for (let f = 0; f < slide.steps - 1; f++) {
      move(slide, f);
      const step = stepFragments.get(f);
      const session = step === undefined ? undefined : sessions.get(step.pane);
      if (session && step) playStep(session, step.step);
      else t += between(5000, 35000);
      if (next() < 0.25 && f > 0) {
        // One fragment back to show it again, then on.
        t += between(400, 900);
        move(slide, f - 1);
        t += between(3000, 10000);
        move(slide, f);
        t += between(2000, 6000);
      }
    }
    for (const pane of slide.terminals) {
      const session = sessions.get(pane.id);
      while (session && session.handTyped < HAND_TYPED[session.demo]!.length) typeByHand(session);
    }
  };

  const slides = deck.slides;
  for (let i = 0; i < slides.length; i++) {
    present(slides[i]!);
    if (i > 0 && i < slides.length - 1 && next() < 0.65) {
      // Back one slide, now and then two (each shows with all its fragments), then forward
      // again and quickly through the fragments on the way.
      const back = i > 1 && next() < 0.3 ? 2 : 1;
      for (let k = 1; k <= back; k++) {
        t += between(500, 2000);
        move(slides[i - k]!, slides[i - k]!.steps - 2);
      }
      t += between(6000, 25000);
      for (let k = back - 1; k >= 0; k--) {
        move(slides[i - k]!, -1);
        for (let f = 0; f < slides[i - k]!.steps - 1; f++) {
          t += between(300, 700);
          move(slides[i - k]!, f);
        }
        t += between(500, 1500);
      }
      t += between(3000, 8000);
    }
    if (i + 1 === input.breakAfter) {
      pause.from = t;
      t += input.breakSeconds * 1000;
      pause.to = t;
      t += between(2000, 5000);
    }
  }

  // Questions on the last slide until the hour is up; the server then stops cleanly.
  t = Math.max(t + 30000, input.duration * 1000 - 3000);
  for (const session of sessions.values()) events.push({ t: at(t + between(5, 30)), type: 'session-end', session: session.id, cast: session.cast.file, status: null });
  const end = at(t + 60);
  events.push({ t: end, type: 'end' });

  // The microphone: on from the first seconds, paused once for 45 s (a student's question asked
  // off the record), on through the break (the teacher forgot it), off just before the end.
  const voiceOn = 2500;
  const pausedAt = Math.round(end * 0.4);
  const voice = [
    { file: 'voice-1.webm', start: voiceOn, end: pausedAt },
    { file: 'voice-2.webm', start: pausedAt + 45000, end: end - 1500 },
  ];
  events.sort((a, b) => a.t - b.t);
  for (const cast of casts) cast.events.sort((a, b) => a.time - b.time);
  return { events, casts, voice, speaking: speakingPlan(next, end, [...quiet, [pause.from, pause.to]]), end, pause };
}

/** Each step's events in a demo's recording: from its "N: caption" marker to the next one. */
function stepSegments(cast: Cast): StepSegment[] {
  const markers = castMarkers(cast).filter((marker) => /^\d+: /.test(marker.label));
  return markers.map((marker, i) => {
    const stop = markers[i + 1]?.index ?? cast.events.length;
    const events = cast.events.slice(marker.index + 1, stop).filter((event) => event.code === 'o').map((event) => ({ ...event, time: round(event.time - marker.time) }));
    return { label: marker.label, events, duration: events.at(-1)?.time ?? 0 };
  });
}

/** Which fragment of a slide (reveal's f) types which step of which pane: the terminal steps in
 * document order among the slide's fragments. Close enough for a synthetic class: the replay
 * follows the timeline's times, not the fragments. */
function terminalStepFragments(slide: Slide): Map<number, { pane: string; step: number }> {
  const fragments = [...slide.html.matchAll(/<[a-z]+[^>]*class="[^"]*\bfragment\b[^"]*"[^>]*>/g)].map((match) => match[0]);
  const map = new Map<number, { pane: string; step: number }>();
  const positions = slide.steps - 1;
  fragments.forEach((tag, i) => {
    const step = /ld-terminal-step[^>]*data-pane="([^"]+)" data-step="(\d+)"/.exec(tag);
    if (step && i < positions) map.set(i, { pane: step[1]!, step: Number(step[2]) });
  });
  return map;
}

/** Seconds the teacher speaks: talk of 5-40 s and pauses of 1-6 s, silent while typing by hand
 * and during the break. */
function speakingPlan(next: Random, end: number, quiet: Array<[number, number]>): boolean[] {
  const seconds = Math.ceil(end / 1000);
  const plan: boolean[] = [];
  let talking = true;
  let left = 0;
  for (let s = 0; s < seconds; s++) {
    if (left <= 0) {
      talking = !talking;
      left = talking ? 5 + Math.floor(next() * 35) : 1 + Math.floor(next() * 6);
    }
    left--;
    const hushed = quiet.some(([from, to]) => s * 1000 < to && (s + 1) * 1000 > from);
    plan.push(talking && !hushed);
  }
  return plan;
}

function sessionId(next: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: 16 }, () => alphabet[Math.floor(next() * 64)]).join('');
}
