/**
 * The server side of digest authentication (RFC 7616 sections 3.3 and 3.5,
 * RFC 3261 22.4): issues challenges with expiring nonces and checks
 * Authorization/Proxy-Authorization values. For registrars and proxies in
 * tests, and for a phone that challenges its callers.
 */
import { formatChallenge, parseCredentials } from '../headers/auth.js';
import type { SipRequest } from '../message/sip-message.js';
import { type Clock, systemClock } from '../time/clock.js';
import { type DigestAlgorithm, digestAlgorithm } from './algorithms.js';
import { type ChallengeKind, credentialsHeader } from './challenges.js';
import { type DigestQop, digestResponse, digestUserhash } from './digest.js';
import { cryptoRandom, type RandomBytes, toHex } from './logger.js';

export interface DigestVerifierOptions {
  readonly realm: string;
  /** Passwords by username (a map or a lookup function). */
  readonly passwords: ReadonlyMap<string, string> | ((username: string) => string | undefined);
  /** One challenge per algorithm, in this order (default MD5 only). */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** qop options offered; empty for the RFC 2069 form (default auth). */
  readonly qop?: readonly DigestQop[];
  /** WWW-Authenticate (401, default) or Proxy-Authenticate (407). */
  readonly kind?: ChallengeKind;
  /** Nonce lifetime; a correct answer with an older nonce is `stale` (default 300 s). */
  readonly nonceTtlMs?: number;
  /** Ask for the hashed username (RFC 7616 section 3.4.4). */
  readonly userhash?: boolean;
  /** Send an opaque value to be echoed. */
  readonly opaque?: boolean;
  /** Most nonces remembered at once; the oldest is forgotten first (default 10000). */
  readonly maxNonces?: number;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
}

/** Why a request was not authenticated. */
export type VerifyFailure =
  | 'missing'
  | 'malformed'
  | 'wrong-realm'
  | 'wrong-uri'
  | 'unsupported'
  | 'unknown-user'
  | 'unknown-nonce'
  | 'bad-opaque'
  | 'replay'
  | 'bad-response'
  | 'stale';

export type VerifyResult =
  | { readonly ok: true; readonly username: string; readonly nc: number }
  | { readonly ok: false; readonly reason: VerifyFailure };

interface Issued {
  readonly expiresAt: number;
  readonly seen: Set<number>;
}

/** Issues nonces and verifies digest credentials for one realm. */
export class DigestVerifier {
  readonly realm: string;
  readonly kind: ChallengeKind;
  readonly #o: DigestVerifierOptions;
  readonly #clock: Clock;
  readonly #random: RandomBytes;
  readonly #ttl: number;
  readonly #opaque: string | undefined;
  readonly #nonces = new Map<string, Issued>();

  constructor(options: DigestVerifierOptions) {
    this.#o = options;
    this.realm = options.realm;
    this.kind = options.kind ?? 'www';
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#ttl = options.nonceTtlMs ?? 300_000;
    this.#opaque = options.opaque === true ? toHex(this.#random(8)) : undefined;
  }

  /** The header a challenge goes in. */
  get challengeHeader(): string {
    return this.kind === 'www' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  }

  /** The status of a challenge response: 401 or 407. */
  get challengeStatus(): number {
    return this.kind === 'www' ? 401 : 407;
  }

  /** Fresh challenge values (one per algorithm, sharing a new nonce); `stale` after a stale result. */
  challenges(stale = false): string[] {
    this.#prune();
    const nonce = toHex(this.#random(16));
    this.#nonces.set(nonce, { expiresAt: this.#clock.now() + this.#ttl, seen: new Set() });
    // Challenges cost the sender nothing: bound the memory they can take (Map order is issue order).
    const max = this.#o.maxNonces ?? 10_000;
    for (const n of this.#nonces.keys()) {
      if (this.#nonces.size <= max) break;
      this.#nonces.delete(n);
    }
    const qop = this.#o.qop ?? ['auth'];
    return (this.#o.algorithms ?? ['MD5']).map((algorithm) => {
      const params: Record<string, string> = { realm: this.realm, nonce };
      if (qop.length > 0) params.qop = qop.join(',');
      if (this.#opaque !== undefined) params.opaque = this.#opaque;
      params.algorithm = algorithm;
      if (stale) params.stale = 'true';
      if (this.#o.userhash === true) params.userhash = 'true';
      return formatChallenge({ scheme: 'Digest', params });
    });
  }

  /** Checks the request's credentials for this realm. */
  verify(request: SipRequest): VerifyResult {
    const lines = request.headers(credentialsHeader(this.kind));
    let p: Readonly<Record<string, string>> | undefined;
    for (const line of lines) {
      const r = parseCredentials(line);
      if (r.ok && r.value.scheme.toLowerCase() === 'digest' && r.value.params.realm === this.realm)
        p = r.value.params;
    }
    if (p === undefined) return { ok: false, reason: lines.length === 0 ? 'missing' : 'wrong-realm' };
    const { username, nonce, uri, response } = p;
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined)
      return { ok: false, reason: 'malformed' };
    const algorithm = digestAlgorithm(p.algorithm);
    if (algorithm === undefined || !(this.#o.algorithms ?? ['MD5']).includes(algorithm))
      return { ok: false, reason: 'unsupported' };
    // RFC 7616 3.4.6 / RFC 3261 22.4: the digest-uri must be the Request-URI.
    if (uri !== request.requestUri) return { ok: false, reason: 'wrong-uri' };
    if (this.#opaque !== undefined && p.opaque !== this.#opaque) return { ok: false, reason: 'bad-opaque' };
    const user = this.#user(username, algorithm, p.userhash === 'true');
    if (user === undefined) return { ok: false, reason: 'unknown-user' };
    const issued = this.#nonces.get(nonce);
    if (issued === undefined) return { ok: false, reason: 'unknown-nonce' };
    const qop = p.qop === 'auth' || p.qop === 'auth-int' ? p.qop : undefined;
    if (p.qop !== undefined && qop === undefined) return { ok: false, reason: 'malformed' };
    const offered = this.#o.qop ?? ['auth'];
    if ((qop === undefined) !== (offered.length === 0) || (qop !== undefined && !offered.includes(qop)))
      return { ok: false, reason: 'malformed' };
    const nc = qop === undefined ? 1 : Number.parseInt(p.nc ?? '', 16);
    if (qop !== undefined && (!/^[0-9a-fA-F]{8}$/.test(p.nc ?? '') || p.cnonce === undefined))
      return { ok: false, reason: 'malformed' };
    const expected = digestResponse({
      algorithm,
      username: user.name,
      realm: this.realm,
      password: user.password,
      method: request.method === 'ACK' || request.method === 'CANCEL' ? 'INVITE' : request.method,
      uri,
      nonce,
      ...(qop === undefined ? {} : { qop, nc }),
      ...(p.cnonce === undefined ? {} : { cnonce: p.cnonce }),
      ...(qop === 'auth-int' ? { body: request.body } : {}),
    });
    if (expected !== response.toLowerCase()) return { ok: false, reason: 'bad-response' };
    if (issued.expiresAt <= this.#clock.now()) return { ok: false, reason: 'stale' };
    if (qop !== undefined) {
      if (issued.seen.has(nc)) return { ok: false, reason: 'replay' };
      issued.seen.add(nc);
    }
    return { ok: true, username: user.name, nc };
  }

  #user(
    username: string,
    algorithm: DigestAlgorithm,
    hashed: boolean,
  ): { name: string; password: string } | undefined {
    const pw = this.#o.passwords;
    if (!hashed) {
      const password = typeof pw === 'function' ? pw(username) : pw.get(username);
      return password === undefined ? undefined : { name: username, password };
    }
    if (typeof pw === 'function') return undefined;
    for (const [name, password] of pw) {
      if (digestUserhash(algorithm, name, this.realm) === username) return { name, password };
    }
    return undefined;
  }

  #prune(): void {
    const now = this.#clock.now();
    // Keep expired nonces one more lifetime so late answers get `stale`, not `unknown-nonce`.
    for (const [n, i] of this.#nonces) if (i.expiresAt + this.#ttl < now) this.#nonces.delete(n);
  }
}
