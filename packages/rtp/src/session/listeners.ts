/** Removes a listener that was added. */
export type Unsubscribe = () => void;

/**
 * A small typed listener set: the session's events without Node's string-keyed
 * EventEmitter (the package must run outside Node too). A listener that throws
 * is reported to `onListenerError` and does not stop the others.
 */
export class ListenerSet<A extends unknown[]> {
  readonly #listeners = new Set<(...args: A) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  add(listener: (...args: A) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  emit(...args: A): void {
    for (const listener of this.#listeners) {
      try {
        listener(...args);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
