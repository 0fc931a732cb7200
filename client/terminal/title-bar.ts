// A pane's title bar: the window lights, the status (the source's state, then a passing remark or
// the hint for giving the keyboard back) and the restart button, added to the `.ld-terminal-bar`
// the page printed (or made), and taken away again on dispose().

import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import type { Disposable } from './disposable.js';

/** How long a passing remark (commands copied) stays in the status. */
const REMARK_MS = 2500;

export class TitleBar implements Disposable {
  /** The bar in the pane's box (the terminal's screen goes after it, or after the steps). */
  readonly bar: Element;
  /** A remark shown after the status (a step not typed, commands copied), or null. */
  private remarkText: string | null = null;
  private remarkTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly lights: HTMLElement;
  private readonly status: HTMLElement;
  private readonly restartButton: HTMLButtonElement;

  /** `changed`: the remark changed, the pane renders its status again. */
  constructor(element: HTMLElement, strings: UiStrings, restart: () => void, private readonly changed: () => void) {
    this.bar = element.querySelector('.ld-terminal-bar') ?? element.insertBefore(el('div', 'ld-terminal-bar'), element.firstChild);
    this.lights = el('span', 'ld-terminal-lights');
    this.lights.setAttribute('aria-hidden', 'true');
    this.lights.append(el('span'), el('span'), el('span'));
    this.bar.prepend(this.lights);
    this.status = el('span', 'ld-terminal-status');
    this.status.setAttribute('role', 'status');
    this.restartButton = el('button', 'ld-terminal-restart');
    this.restartButton.type = 'button';
    this.restartButton.hidden = true;
    this.restartButton.textContent = '↻';
    this.restartButton.title = strings.restartHint;
    this.restartButton.setAttribute('aria-label', strings.restart);
    this.restartButton.addEventListener('click', restart);
    this.bar.append(this.status, this.restartButton);
  }

  get remark(): string | null {
    return this.remarkText;
  }

  /** A remark that stays until the next one (or null: none). */
  set remark(text: string | null) {
    clearTimeout(this.remarkTimer);
    this.remarkText = text;
  }

  /** A remark for a moment. */
  flash(text: string): void {
    this.remark = text;
    this.changed();
    this.remarkTimer = setTimeout(() => {
      this.remarkText = null;
      this.changed();
    }, REMARK_MS);
  }

  /** `text`, then the remark or else `hint`; the restart button shows if `restartable`. */
  render(text: string, hint: string | null, restartable: boolean): void {
    const aside = this.remarkText ?? hint;
    this.status.textContent = aside && text ? `${text} · ${aside}` : text;
    this.restartButton.hidden = !restartable;
  }

  dispose(): void {
    clearTimeout(this.remarkTimer);
    for (const added of [this.lights, this.status, this.restartButton]) added.remove();
  }
}
