// Terminal panes for print: each pane with a recording gets the screens of that recording as text,
// one layer per state, stacked in the pane: the screen before any step, then one layer per step
// (the screen once that step is done). The step layers take the place of the pane's hidden step
// fragments (terminal-fence.ts), so reveal.js counts and shows them exactly as it counts and shows
// the steps: on the page of step K the layers up to K are "visible" and the CSS (theme/print.css)
// shows only the last visible one. No script runs for it, and no canvas is involved.

import type { TerminalPaneSpec } from '../../common/deck.js';
import { castKey, type SiteCast } from '../build/site-casts.js';
import type { Slide } from '../deck/model.js';
import { LivedeckError } from '../errors.js';
import type { CastScreen } from '../recording/cast-screen.js';
import { demoScreens, type DemoScreens } from './screen-cache.js';
import { screenRowsHtml, usedRows } from './screen-html.js';

export interface PrintPanesOptions {
  /** The screen cache's folder (screen-cache.ts), or null to render every screen. */
  screenCache: string | null;
  /** Called as each slide's panes are rendered. */
  onSlide?: (slide: Slide) => void;
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
    }
    out.push(html === slide.html ? slide : { ...slide, html });
  }
  return { slides: out, recorded, screens, cachedScreens };
}

/** Columns that show something: the longest row, or the cursor's column. */
function usedColumns(screen: CastScreen): number {
  const cursor = screen.cursor.visible ? Math.min(screen.cursor.x, screen.cols - 1) + 1 : 0;
  return Math.max(cursor, ...screen.lines.map((line) => [...line].length));
}

/** The pane's markup (see renderPane in terminal-fence.ts) with its hidden step fragments replaced
 * by the stack of screens. */
function withScreens(html: string, pane: TerminalPaneSpec, shown: DemoScreens): string {
  const open = `<div class="ld-terminal" id="${pane.id}"`;
  const start = html.indexOf(open);
  const stepsEnd = start === -1 ? -1 : html.indexOf('</pre>', start);
  if (stepsEnd === -1) throw new Error(`export: the markup of terminal pane ${pane.id} is not the one terminal-fence.ts writes`);
  const markers = new RegExp(`(?:<span class="fragment ld-terminal-step" data-pane="${pane.id}" data-step="\\d+"></span>)*`, 'y');
  markers.lastIndex = stepsEnd + '</pre>'.length;
  const found = markers.exec(html)![0];
  const count = (found.match(/<span /g) ?? []).length;
  if (count !== pane.steps.length) throw new Error(`export: terminal pane ${pane.id} has ${count} step fragments for ${pane.steps.length} steps`);

  const all = [shown.start, ...shown.steps];
  const rows = Math.max(1, ...all.map(usedRows));
  const cols = Math.max(20, ...all.map(usedColumns));
  const layers = [
    `<pre class="ld-screen" data-step="start">${screenRowsHtml(shown.start, rows)}</pre>`,
    ...shown.steps.map((screen, k) => `<pre class="fragment ld-screen" data-pane="${pane.id}" data-step="${k}">${screenRowsHtml(screen, rows)}</pre>`),
  ];
  // A pane sized by rows only (no height) gets room for them; otherwise the screens fill the box.
  const size = pane.height === null && pane.rows !== null ? `;--ld-pane-rows:${pane.rows}` : '';
  const screens = `<div class="ld-screens" style="--ld-cols:${cols};--ld-rows:${rows}${size}">${layers.join('')}</div>`;
  const at = markers.lastIndex - found.length;
  return `${html.slice(0, start)}<div class="ld-terminal ld-terminal-print" id="${pane.id}"${html.slice(start + open.length, at)}${screens}${html.slice(markers.lastIndex)}`;
}
