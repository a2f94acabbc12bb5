/**
 * The phone's side of call security: one retained-secret cache with a stable ZID (in the
 * config directory, as Twinkle keeps its ZRTP cache there; in memory without one), a
 * {@link CallSecurity} per call, and the console's `zrtp` commands on a line.
 */
import { randomBytes } from 'node:crypto';
import { FileSecretCache, MemorySecretCache, type SecretCache } from '@twinkle/zrtp';
import { PhoneError } from '../engine/errors.js';
import { CallSecurity, type SecurityProfile, type SecurityStatus } from './call-security.js';

export type { SecurityStatus };

import { type SignallingHint, signalledOverTls } from './sdes-lines.js';
import type { SecurityEvent } from './security-events.js';

/** Twinkle's `zrtp` command actions. */
export type ZrtpAction = 'encrypt' | 'go-clear' | 'confirm-sas' | 'reset-sas';

export const ZRTP_ACTIONS: readonly ZrtpAction[] = ['encrypt', 'go-clear', 'confirm-sas', 'reset-sas'];

export interface PhoneSecurityOptions {
  /** The config directory for the ZRTP cache file; in memory when undefined. */
  readonly configDir?: string | undefined;
  readonly emit: (event: SecurityEvent) => void;
  readonly random?: (n: number) => Uint8Array;
}

const cryptoRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

export class PhoneSecurity {
  readonly #o: PhoneSecurityOptions;
  readonly #random: (n: number) => Uint8Array;
  #cache: SecretCache | undefined;

  constructor(options: PhoneSecurityOptions) {
    this.#o = options;
    this.#random = options.random ?? cryptoRandom;
  }

  /** The retained-secret cache, opened on first use (so a phone without ZRTP calls writes nothing). */
  get cache(): SecretCache {
    if (!this.#cache) {
      const dir = this.#o.configDir;
      this.#cache =
        dir === undefined ? new MemorySecretCache(this.#random(12)) : FileSecretCache.open(dir, this.#random);
    }
    return this.#cache;
  }

  /** Security for a new call from a profile; `hint` tells whether its signalling is TLS. */
  forCall(profile: SecurityProfile, line: () => number, hint?: SignallingHint): CallSecurity {
    return new CallSecurity({
      profile,
      cache: () => this.cache,
      emit: this.#o.emit,
      line,
      random: this.#random,
      tls: signalledOverTls(hint),
    });
  }

  /** Twinkle's `zrtp encrypt|go-clear|confirm-sas|reset-sas` on a call's security. */
  command(security: CallSecurity | undefined, action: ZrtpAction): SecurityStatus {
    if (!security) throw new PhoneError('invalid-state', 'the call has no media yet');
    if (action === 'encrypt') security.encrypt();
    else if (action === 'go-clear') security.goClear();
    else security.setSasVerified(action === 'confirm-sas');
    return security.status;
  }
}
