/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/**
 * A small typed listener set: one per topic, instead of a string-keyed EventEmitter,
 * so the API is typed and runs outside Node as well. A throwing listener does not stop
 * the others.
 */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  /** Adds a listener; returns the function that removes it. */
  add(listener: (value: T) => void): Unsubscribe {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  /** Calls every listener with `value`. */
  emit(value: T): void {
    for (const l of [...this.#set]) {
      try {
        l(value);
      } catch {
        // A listener's bug must not break the audio path of the others.
      }
    }
  }

  /** Number of listeners, for tests and diagnostics. */
  get size(): number {
    return this.#set.size;
  }
}
