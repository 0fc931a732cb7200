// Terminal panes for print: each pane with a recording is rendered from its spec again (renderPane
// in terminal-fence.ts), with the screens of that recording as text, one layer per state, stacked
// in the pane: the screen before any step, then one layer per step (the screen once that step is
// done). The step layers take the place of the pane's hidden step
// fragments (terminal-fence.ts), so reveal.js counts and shows them exactly as it counts and shows
// the steps: on the page of step K the layers up to K are "visible" and the CSS (theme/print.css)
// shows only the last visible one. No script runs for it, and no canvas is involved.
// A layer holds the pane's whole slide up to its step: the rows that scrolled off the screen above
// the screen itself (transcriptHtml), in a font as large as fits the pane (theme/print.css).

import type { TerminalPaneSpec } from '../../common/deck.js';
import { castKey, type SiteCast } from '../casts/site-casts.js';
import type { Slide } from '../deck/model.js';
import { renderPane } from '../deck/terminal-fence.js';
import { LivedeckError } from '../errors.js';
import { demoScreens, type DemoScreens } from '../casts/screen-cache.js';
import { transcriptHtml, type Transcript } from '../casts/screen-html.js';

export interface PrintPanesOptions {
  /** The screen cache's folder (screen-cache.ts), or null to render every screen. */
  screenCache: string | null;
  /** Called as each slide's panes are rendered. */
  onSlide?: (slide: Slide) => void;
  /** Told of a pane too small for its whole slide even at the smallest print size. */
  warn?: (line: string) => void;
}

export interface PrintPanes {
  slides: Slide[];
  /** Ids of the panes printed from their recording. */
  recorded: Set<string>;
  /** Screens printed, and how many of them came from the screen cache. */
  screens: number;
  cachedScreens: number;
}

/** The slides with every recorded pane holding its screens; panes without a recording keep their
 * steps as text (the page's fallback). `casts` are the build's checked recordings, by castKey. */
export async function printPanes(slides: Slide[], casts: Map<string, SiteCast>, options: PrintPanesOptions): Promise<PrintPanes> {
  const byKey = new Map<string, DemoScreens>();
  const recorded = new Set<string>();
  let screens = 0;
  let cachedScreens = 0;
  const out: Slide[] = [];
  for (const slide of slides) {
    let html = slide.html;
    const withRecording = slide.terminals.flatMap((pane) => {
      const cast = casts.get(castKey(pane) ?? '');
      return cast ? [{ pane, cast }] : [];
    });
    if (withRecording.length > 0) options.onSlide?.(slide);
    for (const { pane, cast } of withRecording) {
      let shown = byKey.get(cast.key);
      if (!shown) {
        try {
          shown = await demoScreens(cast, options.screenCache);
        } catch (e) {
          throw new LivedeckError('export-screen', `slide ${slide.index + 1}: cannot render the screens of ${cast.source}: ${(e as Error).message}`, { hint: cast.hint });
        }
        byKey.set(cast.key, shown);
        screens += 1 + shown.steps.length;
        if (shown.cached) cachedScreens += 1 + shown.steps.length;
      }
      html = withScreens(html, pane, shown);
      recorded.add(pane.id);
      const rows = transcriptHtml(shown.steps[shown.steps.length - 1] ?? shown.start).rows;
      const room = printRows(pane);
      if (room !== null && rows > room) {
        options.warn?.(`warning: slide ${slide.index + 1}: terminal pane ${pane.id} (${cast.source}) shows ${rows} rows by its last step, `
          + `about ${room} fit it on paper at the smallest print size: its page keeps the latest ones (a taller pane, or fewer rows in the demo, keeps them all)`);
      }
    }
    out.push(html === slide.html ? slide : { ...slide, html });
  }
  return { slides: out, recorded, screens, cachedScreens };
}

/** Rows the pane's printed screens hold at the smallest print size (theme/print.css: 9 px, rows
 * 1.2 high; the title bar and padding take 50 px), from its height in px, its rows, or the
 * default height of theme/terminal.css; null for a height in other units. */
function printRows(pane: TerminalPaneSpec): number | null {
  const MIN_FONT = 9;
  const LIVE_FONT = 20;
  if (pane.height === null && pane.rows !== null) return Math.floor((pane.rows * LIVE_FONT) / MIN_FONT);
  const px = pane.height === null ? 440 : /^(\d+(?:\.\d+)?)px$/.exec(pane.height.trim())?.[1];
  return px === undefined ? null : Math.floor((Number(px) - 50) / (1.2 * MIN_FONT));
}

/** The slide's markup with the pane's print variant (renderPane with its screens) in place of the
 * markup the compiler wrote for it from the same spec. */
function withScreens(html: string, pane: TerminalPaneSpec, shown: DemoScreens): string {
  const live = renderPane(pane);
  const at = html.indexOf(live);
  if (at === -1) throw new Error(`export: slide markup does not hold terminal pane ${pane.id} as terminal-fence.ts renders it`);
  return `${html.slice(0, at)}${renderPane(pane, screensHtml(pane, shown))}${html.slice(at + live.length)}`;
}

/** The stack of a pane's screens: the screen before any step, then one fragment per step, each
 * the step's transcript (the rows scrolled off above the screen, and the screen). */
function screensHtml(pane: TerminalPaneSpec, shown: DemoScreens): string {
  const transcripts = [shown.start, ...shown.steps].map(transcriptHtml);
  const cols = Math.max(20, ...transcripts.map((t) => t.cols));
  // Each layer is sized by its own rows: an early step's page is not printed as small as the last.
  const layer = (t: Transcript, k: number | null) => (k === null
    ? `<pre class="ld-screen" data-step="start" style="--ld-rows:${Math.max(1, t.rows)}">`
    : `<pre class="fragment ld-screen" data-pane="${pane.id}" data-step="${k}" style="--ld-rows:${Math.max(1, t.rows)}">`)
    + `${t.html}<span class="ld-screen-rest"></span></pre>`;
  const layers = [layer(transcripts[0]!, null), ...transcripts.slice(1).map((t, k) => layer(t, k))];
  // A pane sized by rows only (no height) gets room for them; otherwise the screens fill the box.
  const size = pane.height === null && pane.rows !== null ? `;--ld-pane-rows:${pane.rows}` : '';
  return `<div class="ld-screens" style="--ld-cols:${cols}${size}">${layers.join('')}</div>`;
}
