// Deck data shared by the compiler and the browser runtime: what a terminal pane needs to know,
// embedded as JSON in the compiled page.

import type { LecturePageRef } from './lecture-site.js';

/** One step of a demo: a command (or keys) typed into the shell when the teacher presses "next". */
export interface PaneStep {
  command: string;
  caption: string | null;
  /** Press Enter after typing the command. */
  enter: boolean;
  /** Raw keys to send instead of a typed command (e.g. "\u0003" for Ctrl-C). */
  keys: string | null;
  /** Text to wait for before the step counts as done (recorder). */
  wait: string | null;
  /** Seconds to wait after the step (recorder). */
  pause: number;
}

export interface TerminalPaneSpec {
  /** Unique in the deck: "s<slide>-t<n>". */
  id: string;
  /** Folder of demos/ the pane runs in, or null for an inline list of steps or a recording. */
  demo: string | null;
  /** The recording the pane replays (`cast=`), as the fence names it, relative to the deck's
   * folder; null for a demo or inline steps. Such a pane has no shell, in any mode: its steps are
   * the recording's markers (or one step, the whole recording, when it has none). */
  castFile: string | null;
  steps: PaneStep[];
  title: string | null;
  rows: number | null;
  cols: number | null;
  /** CSS height of the pane box, e.g. "420px"; null lets rows decide. */
  height: string | null;
  /** Working directory inside the demo's copy. */
  cwd: string | null;
  /** Type Enter after each step's command. */
  autoenter: boolean;
  /**
   * Static pages (`livedeck build`): the pane's recording, or null when it has none (a demo
   * never recorded, or inline steps): the pane then shows its steps and says it has no recording.
   * Live pages (`livedeck dev`) have it for `castFile` panes only, which replay there too; their
   * other panes are real shells.
   */
  cast?: PaneCast | null;
}

/**
 * A pane's recording in a static page (`livedeck build`): where its files are, and the index the
 * replay player needs before it loads any of them (the seek bar, the step markers, which segment
 * holds a given moment). The cast is the demo's demos/<name>/session.cast, made by `livedeck record`
 * and checked at build time (it parses, and has one marker per step of the pane): marker i
 * (0-based, in castMarkers order) is written as step i starts, labelled "<i+1>: <caption>", so
 * replaying from marker i to marker i+1 shows step i. Panes of the same demo share one cast. A
 * cast= pane's recording (`castFile`) is any asciicast: its markers are its steps the same way, and
 * one without markers gets one at its start (frame 0), so that it is one step that plays it all.
 *
 * Times are on the player's clock (pauses shortened to the idle-time limit, see
 * common/cast-timeline.ts), and frames are the timeline's: its output and resize events, numbered
 * from 0. The player never reads the .cast: it loads segments, each a classic script (pages opened
 * from file:// cannot fetch(), but can load a <script src>) that stores an asciicast v2 text in
 * `globalThis[CAST_SCRIPTS_GLOBAL][script]`:
 *
 *   (globalThis.livedeckCasts = globalThis.livedeckCasts || {})["casts/processus/0.js"] = "{\"version\": 2, ...";
 *
 * Segment k's text is a header with the terminal size at its first frame, then, if it has a
 * keyframe, one "o" event that puts a blank terminal of that size in the state frames
 * [0, segments[k].frame) leave it in (screen, scrollback up to `scrollback` lines, cursor, modes,
 * pen), then its frames as "o" and "r" events, with their times. Segment 0 has no keyframe: it
 * starts on a blank terminal. A short recording is one segment; in a long one, segments also
 * start at step markers and at the last frame (server/casts/cast-segments.ts), so that the screens
 * the slides show are a keyframe with (the end's) one frame after it.
 */
export interface PaneCast {
  /** The recording as made, e.g. "casts/processus.cast": to download, or to play with asciinema. */
  file: string;
  /** The terminal size at the start. */
  cols: number;
  rows: number;
  /** Seconds, on the player's clock: the time of the last event. */
  duration: number;
  /** Frames in the whole recording. */
  frames: number;
  /** The step markers: `index` frames come before each (writing them shows its screen). */
  markers: PaneCastMarker[];
  /** In order; segments[0].frame is 0. */
  segments: PaneCastSegment[];
  /** Lines of scrollback the keyframes keep: a terminal keeping more cannot start from them. */
  scrollback: number;
  /** The screen after each number of steps (0 to markers.length: the end), as rows of HTML
   * (server/casts/screen-html.ts), made by the build: what a pane shows at once while its player
   * loads and parses the same screen. Empty where the page has none (the PDF's print page). */
  screens: PaneScreen[];
}

export interface PaneScreen {
  cols: number;
  rows: number;
  /** One line per row; palette colours as the theme's --ld-term-* variables. */
  html: string;
}

export interface PaneCastMarker {
  time: number;
  label: string;
  index: number;
}

export interface PaneCastSegment {
  /** URL of its script, relative to the page, e.g. "casts/processus/0.js". */
  script: string;
  /** Its first frame, and that frame's time. */
  frame: number;
  time: number;
  /** Characters of output in its frames (not counting the keyframe). */
  chars: number;
  /** Characters of the keyframe its text starts with; 0: it has none (segment 0 never has). */
  keyframe: number;
}

/** The global object that segment scripts (PaneCastSegment.script) fill, keyed by their URL. */
export const CAST_SCRIPTS_GLOBAL = 'livedeckCasts';

/** Lines of scrollback of a replaying pane, which the build's keyframes keep: what a seek
 * rebuilds, and so what a seek costs (client/terminal/pane.ts keeps as many). */
export const REPLAY_SCROLLBACK = 1000;

/** The JSON blob the page carries in <script type="application/json" id="livedeck-deck">. */
export interface DeckClientData {
  title: string;
  lang: 'fr' | 'en';
  width: number;
  height: number;
  /** Pane specs by id. */
  terminals: Record<string, TerminalPaneSpec>;
  /** live: panes connect to the server's shells (`livedeck dev`); static: they replay recordings. */
  mode: 'live' | 'static';
  /** Dev mode: the URL of the live-reload event stream. */
  reload?: string;
  /** The deck has a reveal.js theme: reveal.js's own defaults for its look (centred slides, its
   * transition and controls) rather than livedeck's. */
  look?: 'reveal';
  /** reveal.js options from the deck's front matter (checked by the compiler). */
  revealOptions?: Record<string, unknown>;
  /** A page of a lecture's site (`livedeck build --lecture`): the lecture player drives the deck
   * and its panes (common/lecture-site.ts). */
  lecture?: LecturePageRef;
}

/** The JSON the presenter view's page carries in <script type="application/json"
 * id="livedeck-presenter"> (`livedeck dev` only). */
export interface PresenterData {
  title: string;
  lang: 'fr' | 'en';
  /** The slides' size in CSS pixels. */
  width: number;
  height: number;
  /** Number of slides. */
  slides: number;
  /** The view may record the teacher's voice into the lecture (`livedeck dev` records it):
   * the microphone button and its key. */
  voice: boolean;
}
