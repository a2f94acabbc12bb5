/**
 * The active profiles of a phone and the one chosen for new calls
 * (Twinkle's `user PROFILE`), and which profile an incoming request is for.
 */
import type { CodecRegistry } from '@twinkle/codecs';
import type { SipRequest } from '@twinkle/sip-core';
import { PhoneError } from './errors.js';
import { userOf } from './outgoing.js';
import type { NamedProfile } from './phone-options.js';
import { ProfileState } from './profile-state.js';

export class ProfileSet {
  readonly #byName: Map<string, ProfileState>;
  #active: string;

  constructor(profiles: readonly NamedProfile[], registry: CodecRegistry, active?: string) {
    if (profiles.length === 0) throw new PhoneError('no-such-profile', 'no active profile');
    this.#byName = new Map(profiles.map((p) => [p.name, new ProfileState(p, registry)]));
    if (active !== undefined && !this.#byName.has(active))
      throw new PhoneError('no-such-profile', `no active profile ${active}`);
    this.#active = active ?? profiles[0]!.name;
  }

  get names(): readonly string[] {
    return [...this.#byName.keys()];
  }

  get all(): readonly ProfileState[] {
    return [...this.#byName.values()];
  }

  get activeName(): string {
    return this.#active;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  select(name: string): void {
    this.get(name);
    this.#active = name;
  }

  /** A profile by name (default the active one); `no-such-profile` when there is none. */
  get(name?: string): ProfileState {
    const p = this.#byName.get(name ?? this.#active);
    if (!p) throw new PhoneError('no-such-profile', `no active profile ${name}`);
    return p;
  }

  /** The profile whose user_name is `user`. */
  ofUser(user: string | undefined): ProfileState | undefined {
    if (user === undefined) return undefined;
    return this.all.find((p) => p.profile.userName === user);
  }

  /** The profile a request was sent to: by Request-URI user, then To user, else the active one. */
  for(request: SipRequest): ProfileState {
    return this.ofUser(userOf(request.uri)) ?? this.ofUser(userOf(request.to?.uri)) ?? this.get();
  }
}
