// The demo steps of a deck's live panes, by pane id: what the server types when a presenter's
// window asks for step K of a pane (SessionManager.setDeck, step-runner.ts). Kept apart from the
// runner so the HTTP server can compute it without loading the terminals.

import type { PaneStep } from '../../common/deck.js';

/** Steps of the panes that have a shell (not a recording's, `cast=`), by pane id. */
export function paneSteps(slides: ReadonlyArray<{ terminals: ReadonlyArray<{ id: string; castFile: string | null; steps: PaneStep[] }> }>): Map<string, readonly PaneStep[]> {
  const steps = new Map<string, readonly PaneStep[]>();
  for (const slide of slides) {
    for (const pane of slide.terminals) if (pane.castFile === null) steps.set(pane.id, pane.steps);
  }
  return steps;
}
