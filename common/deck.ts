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
}

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
