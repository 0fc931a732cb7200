// One way for a pane to let go of what it holds: every listener, timer, observer, part and source
// it starts is added to its DisposableStore, and dispose() undoes them all, last added first (as
// xterm.js's DisposableStore does), instead of a `disposed` flag checked by each method.

/** Anything with a lifetime (xterm.js's IDisposable has the same shape). */
export interface Disposable {
  dispose(): void;
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private done = false;

  /** True once dispose() ran: an async step that resumes afterwards stops there. */
  get isDisposed(): boolean {
    return this.done;
  }

  /** Holds `item` until the store is disposed; added to a disposed store, it is disposed at once
   * (a resource that arrives after its pane went away must not outlive it). */
  add<T extends Disposable>(item: T): T {
    if (this.done) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** Holds a teardown function. */
  defer(teardown: () => void): void {
    this.add({ dispose: teardown });
  }

  /** Undoes everything added, last first, once; a teardown that throws does not stop the others. */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several teardowns failed');
  }
}
