// Deck data shared by the compiler and the browser runtime: what a terminal pane needs to know,
// embedded as JSON in the compiled page.

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
  /** Folder of demos/ the pane runs in, or null for an inline list of steps. */
  demo: string | null;
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
   * Static pages only (`livedeck build`): the pane's recording, or null when it has none (a demo
   * never recorded, or inline steps): the pane then shows its steps and says it has no recording.
   * Absent from live pages, whose panes are real shells.
   */
  cast?: PaneCast | null;
}

/**
 * Where a static page finds a pane's recording, as URLs relative to the page. The cast is the
 * demo's demos/<name>/session.cast, made by `livedeck record` and checked at build time (it parses,
 * and has one marker per step of the pane): marker i (0-based, in castMarkers order) is written as
 * step i starts, labelled "<i+1>: <caption>", so replaying from marker i to marker i+1 shows step
 * i. Panes of the same demo share one cast.
 */
export interface PaneCast {
  /** The asciicast v2 file, e.g. "casts/processus.cast": for pages served over http(s), and
   * for a download link. */
  file: string;
  /**
   * The same text wrapped in a classic script, e.g. "casts/processus.cast.js", for pages opened
   * from file://, which cannot fetch() but can load a <script src>. Running it stores the cast's
   * text, unchanged, in `globalThis[CAST_SCRIPTS_GLOBAL][file]` (the `file` above):
   *
   *   (globalThis.livedeckCasts = globalThis.livedeckCasts || {})["casts/processus.cast"] = "{\"version\": 2, ...";
   *
   * Read it with parseCast(text, file) once the script element's `load` event fired.
   */
  script: string;
}

/** The global object that cast scripts (PaneCast.script) fill, keyed by PaneCast.file. */
export const CAST_SCRIPTS_GLOBAL = 'livedeckCasts';

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
}
