/**
 * Several registrations at once (one per profile and registrar), each
 * independent, under names chosen by the application.
 */
import { Emitter } from '../util/emitter.js';
import { Registration } from './registration.js';
import type { RegistrationOptions, RegistrationState } from './types.js';

/** Named registrations with one combined state-change stream. */
export class RegistrationManager {
  /** Every state change of every registration, with its name. */
  readonly stateChange = new Emitter<{ readonly name: string; readonly state: RegistrationState }>();
  readonly #registrations = new Map<string, { reg: Registration; off: () => void }>();

  /** Creates a registration (not started); throws when the name is taken. */
  add(name: string, options: RegistrationOptions): Registration {
    if (this.#registrations.has(name)) throw new Error(`registration "${name}" exists`);
    const reg = new Registration(options);
    const off = reg.stateChange.on((state) => this.stateChange.emit({ name, state }));
    this.#registrations.set(name, { reg, off });
    return reg;
  }

  get(name: string): Registration | undefined {
    return this.#registrations.get(name)?.reg;
  }

  get names(): readonly string[] {
    return [...this.#registrations.keys()];
  }

  /** Current state of each registration by name. */
  states(): ReadonlyMap<string, RegistrationState> {
    return new Map([...this.#registrations].map(([n, e]) => [n, e.reg.state]));
  }

  /** Starts every registration. */
  registerAll(): Promise<RegistrationState[]> {
    return Promise.all([...this.#registrations.values()].map((e) => e.reg.register()));
  }

  /** Removes our binding of every registration (each one independently; failures are in the states). */
  unregisterAll(): Promise<RegistrationState[]> {
    return Promise.all([...this.#registrations.values()].map((e) => e.reg.unregister()));
  }

  /** Unregisters one registration's binding when `unregister` is true, then forgets it. */
  async remove(name: string, unregister = true): Promise<void> {
    const e = this.#registrations.get(name);
    if (e === undefined) return;
    this.#registrations.delete(name);
    if (unregister) await e.reg.unregister();
    e.reg.close();
    e.off();
  }

  /** Stops every registration without sending. */
  close(): void {
    for (const e of this.#registrations.values()) {
      e.reg.close();
      e.off();
    }
    this.#registrations.clear();
  }
}
