// A pane's live shell (`livedeck dev`): the LiveSource, the role the server gives this tab, the steps
// the server types as their fragments show, and who may restart the shell.

import type { Terminal } from '@xterm/xterm';
import type { Role } from '../../common/protocol.js';
import { DisposableStore } from './disposable.js';
import { shellKey } from './keys.js';
import { LiveSource } from './live-source.js';
import type { Grid, PaneBody, PaneOpening, PanePart } from './part.js';
import { MIN_FONT_SIZE } from './pane-font.js';
import type { SourceState } from './source.js';
import type { WriteQueue } from './write-queue.js';

/** Lines a live terminal keeps above the screen. A replay keeps fewer (REPLAY_SCROLLBACK): its
 * seek bar goes further back, and a seek rebuilds them all (see common/cast-seek.ts). */
const SCROLLBACK = 5000;

export interface LivePartOptions {
  /** The `/term` WebSocket endpoint. */
  url: string;
  /** Access token of this tab. */
  token: string;
}

export class LivePart implements PanePart {
  readonly kind = 'live';
  readonly source: LiveSource;
  readonly player = null;
  readonly scrollback = SCROLLBACK;
  readonly minFontSize = MIN_FONT_SIZE;
  readonly keepsKeyboard = false;
  /** The role the server gave us last (kept while reconnecting). */
  private role: Role | null = null;
  private readonly store = new DisposableStore();

  constructor(
    private readonly body: PaneBody,
    options: LivePartOptions,
  ) {
    const { spec } = body;
    this.source = this.store.add(new LiveSource({
      url: options.url,
      token: options.token,
      demo: spec.demo,
      pane: spec.id,
      size: () => {
        const terminal = body.terminal();
        return { cols: terminal?.cols ?? spec.cols ?? 80, rows: terminal?.rows ?? spec.rows ?? 24 };
      },
    }));
  }

  initialSize(): Grid {
    return { cols: this.body.spec.cols ?? 80, rows: this.body.spec.rows ?? 24 };
  }

  fontSize(): null {
    return null;
  }

  async beforeOpen(): Promise<void> {}

  keyHandler(terminal: Terminal): (event: KeyboardEvent) => boolean {
    return (event) => shellKey(event, terminal, this.body.element.classList.contains('ld-terminal-writable'));
  }

  afterOpen(_terminal: Terminal, _writes: WriteQueue, opening: PaneOpening): void {
    opening.attach();
  }

  /** A viewer shows the presenter's grid as it is. */
  followsSourceSize(): boolean {
    return this.role === 'viewer';
  }

  stateChanged(state: SourceState): void {
    if (state.name !== 'live') return;
    this.role = state.role;
    this.body.titleBar.remark = null;
  }

  showSteps(): void {}

  /** Steps whose fragments were just shown: the server types them (once per shell). A shell that
   * has ended types nothing, and the pane says so. */
  reachSteps(steps: number[]): void {
    if (this.source.state.name === 'exited') {
      this.body.titleBar.remark = this.body.strings.stepNotTyped(steps.at(-1)! + 1);
      this.body.renderStatus();
      return;
    }
    for (const step of steps) this.source.play(step);
  }

  /** A presenter restarts its shell; anyone may try again after a failure. */
  restartable(state: SourceState): boolean {
    return state.name === 'failed' || (this.role === 'presenter' && state.name !== 'connecting');
  }

  render(): void {}

  dispose(): void {
    this.store.dispose();
  }
}
