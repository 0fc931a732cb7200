// The lecture player's keys, taken before reveal.js and the panes see them: Space plays or pauses,
// ← → seek by SEEK_STEP, [ ] go to the previous or next chapter. Every other key is the deck's, so
// a student can still browse by hand (PageDown, ↑ ↓, Escape for the overview), which pauses the
// lecture. Keys typed into a text field or on a focused button or list are theirs.

/** Seconds ← and → move the lecture. */
export const SEEK_STEP = 5;

export interface KeyActions {
  toggle(): void;
  seekBy(seconds: number): void;
  previousChapter(): void;
  nextChapter(): void;
}

export class LectureKeys {
  private readonly onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.metaKey || (event.ctrlKey && !event.altKey) || ownsKeys(event.target, event.key)) return;
    const action = this.action(event.key);
    if (!action) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    action();
  };

  constructor(private readonly actions: KeyActions) {
    // In the capture phase of the window: before reveal.js's listener on the document, and before a
    // focused replay terminal, whose own player keys these are too.
    window.addEventListener('keydown', this.onKey, true);
  }

  dispose(): void {
    window.removeEventListener('keydown', this.onKey, true);
  }

  private action(key: string): (() => void) | null {
    const { actions } = this;
    switch (key) {
      case ' ': return () => actions.toggle();
      case 'ArrowLeft': return () => actions.seekBy(-SEEK_STEP);
      case 'ArrowRight': return () => actions.seekBy(SEEK_STEP);
      case '[': return () => actions.previousChapter();
      case ']': return () => actions.nextChapter();
      default: return null;
    }
  }
}

/** Whether the focused element uses `key` itself: a text field (but not a terminal's hidden input),
 * a list, or Space on a button. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.classList.contains('xterm-helper-textarea')) return false;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable) return true;
  return key === ' ' && target instanceof HTMLButtonElement;
}
