/**
 * A typed event source for one kind of event (SIP.js's per-topic emitter).
 * Libraries use these instead of string-keyed EventEmitters, so the code runs
 * in Node, Bun and the browser alike.
 */
export class Emitter<T> {
  #listeners: ((event: T) => void)[] = [];

  /** Adds a listener; the returned function removes it. */
  on(listener: (event: T) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Adds a listener that is removed after its first call. */
  once(listener: (event: T) => void): () => void {
    const off = this.on((event) => {
      off();
      listener(event);
    });
    return off;
  }

  /** Calls every listener in order. A listener that throws does not stop the others; the first error is rethrown after all ran. */
  emit(event: T): void {
    let failure: { error: unknown } | undefined;
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  get listenerCount(): number {
    return this.#listeners.length;
  }
}
