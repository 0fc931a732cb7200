// A replay's poster: its screen after some steps as the build made it (PaneCast.screens), in the
// terminal's place until the terminal opens on the same screen. Before that the player loads a
// segment and xterm.js parses its keyframe and opens (100-200 ms for a long recording, see
// bench/replay.ts). The text is the terminal's, at its font size and cell height, in the theme's
// colours, and can be selected; the terminal, once open, has the scrollback and the player.

import type { PaneScreen } from '../../common/deck.js';
import { el } from '../ui/dom.js';
import { domRendererCell } from './font-fit.js';

export class ReplayPoster {
  private element: HTMLElement | null = null;

  /** `file`: the recording's, to name the performance mark (devtools, bench/replay.ts). */
  constructor(
    private readonly host: HTMLElement,
    private readonly file: string,
  ) {}

  get shown(): boolean {
    return this.element !== null;
  }

  /** Shows `screen` at `fontSize` of `family` (the size the terminal will open with). */
  show(screen: PaneScreen, family: string, fontSize: number): void {
    const cell = domRendererCell(family, fontSize, { cols: screen.cols, rows: screen.rows });
    if (!this.element) {
      this.element = this.host.appendChild(el('pre', 'ld-terminal-poster'));
      performance.mark(`livedeck replay: ${this.file} first screen`);
    }
    this.element.style.cssText = `font-family:${family};font-size:${fontSize}px;line-height:${cell.height}px;width:${cell.width * screen.cols}px`;
    this.element.innerHTML = screen.html;
  }

  /** The terminal takes the poster's place. */
  dispose(): void {
    this.element?.remove();
    this.element = null;
  }
}
