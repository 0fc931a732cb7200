// The DOM helpers the runtime shares.

/** A new element with its class names. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  return element;
}

/** Resolves after the next frame is rendered: a task queued from a frame callback runs after it. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** A player's speed list: `speeds` labelled by `label` (e.g. "1.5×"), titled `title`; `changed`
 * gets the speed picked. */
export function speedSelect(className: string, speeds: readonly number[], title: string, label: (speed: number) => string, changed: (speed: number) => void): HTMLSelectElement {
  const select = el('select', className);
  select.title = title;
  select.setAttribute('aria-label', title);
  for (const speed of speeds) {
    const option = el('option');
    option.value = String(speed);
    option.textContent = label(speed);
    select.append(option);
  }
  select.addEventListener('change', () => changed(Number(select.value)));
  return select;
}

/** A button showing `icon` (inline SVG markup of our own), named `label` for tooltips and screen
 * readers. */
export function iconButton(className: string, icon: string, label: string): HTMLButtonElement {
  const element = el('button', className);
  element.type = 'button';
  element.innerHTML = icon;
  element.title = label;
  element.setAttribute('aria-label', label);
  return element;
}
