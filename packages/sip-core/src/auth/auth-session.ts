/**
 * Digest authentication for a user agent (RFC 3261 section 22, RFC 7616,
 * RFC 8760): answers 401/407 challenges, counts nonce uses, retries stale
 * nonces without asking again, and adds credentials preemptively to later
 * requests from the last challenge of each realm (22.3: a UA may reuse them).
 */
import { formatCredentials, parseCredentials } from '../headers/auth.js';
import { withAddedHeader, withHeader, withoutHeader } from '../message/copies.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import {
  type ChallengeKind,
  credentialsHeader,
  type DigestChallenge,
  readChallenges,
  strongestPerRealm,
} from './challenges.js';
import type { CredentialStore } from './credential-store.js';
import { findCredential } from './credential-store.js';
import { type DigestQop, digestResponse, digestUserhash, formatNc } from './digest.js';
import { AuthError } from './errors.js';
import { type AuthLogger, cryptoRandom, type RandomBytes, silentAuthLogger, toHex } from './logger.js';
import { nextAttempt } from './request-copy.js';

export interface AuthSessionOptions {
  readonly store: CredentialStore;
  /** Source of cnonces and branches (default node:crypto). */
  readonly random?: RandomBytes;
  readonly logger?: AuthLogger;
  /** Non-stale challenges of one realm after our credentials before giving up (default 2). */
  readonly maxRejections?: number;
  /** Use auth-int when a challenge offers both qops (default false: auth, which survives body rewriting). */
  readonly preferAuthInt?: boolean;
}

interface RealmState {
  challenge: DigestChallenge;
  username: string;
  password: string;
  /** Uses of the current nonce so far. */
  nc: number;
}

/** Per request chain (a request and its authenticated retries): refusals per realm. */
interface Chain {
  readonly rejections: Map<string, number>;
}

const key = (kind: ChallengeKind, realm: string): string => `${kind} ${realm}`;

/** The method whose digest a request carries: ACK and CANCEL reuse the INVITE's (RFC 3261 22.1). */
const digestMethod = (request: SipRequest): string =>
  request.method === 'ACK' || request.method === 'CANCEL' ? 'INVITE' : request.method;

/** Realms of the credentials a request carries, by kind. */
function carriedRealms(request: SipRequest): Set<string> {
  const out = new Set<string>();
  for (const kind of ['www', 'proxy'] as const) {
    for (const line of request.headers(credentialsHeader(kind))) {
      const r = parseCredentials(line);
      const realm = r.ok ? r.value.params.realm : undefined;
      if (realm !== undefined) out.add(key(kind, realm));
    }
  }
  return out;
}

/**
 * The authentication state of one account or profile. Pass every request
 * through `authorize` before sending, and every 401/407 to `retry`.
 */
export class AuthSession {
  readonly #store: CredentialStore;
  readonly #random: RandomBytes;
  readonly #log: AuthLogger;
  readonly #maxRejections: number;
  readonly #preferAuthInt: boolean;
  readonly #realms = new Map<string, RealmState>();
  readonly #chains = new WeakMap<SipRequest, Chain>();

  constructor(options: AuthSessionOptions) {
    this.#store = options.store;
    this.#random = options.random ?? cryptoRandom;
    this.#log = options.logger ?? silentAuthLogger;
    this.#maxRejections = options.maxRejections ?? 2;
    this.#preferAuthInt = options.preferAuthInt ?? false;
  }

  /** The realms this session holds a challenge for, as `www realm` / `proxy realm`. */
  get realms(): readonly string[] {
    return [...this.#realms.keys()];
  }

  /** Forgets the challenge of one realm (both kinds) or of all. */
  forget(realm?: string): void {
    if (realm === undefined) this.#realms.clear();
    else for (const kind of ['www', 'proxy'] as const) this.#realms.delete(key(kind, realm));
  }

  /**
   * The request with credentials for every realm this session has a
   * challenge for, each with the next nonce count; lines the request already
   * had for those realms are replaced, others are kept.
   */
  authorize(request: SipRequest): SipRequest {
    if (this.#realms.size === 0) return request;
    let out = request;
    for (const kind of ['www', 'proxy'] as const) {
      const header = credentialsHeader(kind);
      const entries = [...this.#realms.values()].filter((s) => s.challenge.kind === kind);
      if (entries.length === 0) continue;
      const realms = new Set(entries.map((s) => s.challenge.realm));
      const kept = request.headers(header).filter((line) => {
        const r = parseCredentials(line);
        return !(r.ok && r.value.params.realm !== undefined && realms.has(r.value.params.realm));
      });
      out = kept.length === 0 ? withoutHeader(out, header) : withHeader(out, header, kept);
      for (const s of entries) out = withAddedHeader(out, header, this.#credentials(s, request));
    }
    const chain = this.#chains.get(request);
    if (chain !== undefined) this.#chains.set(out, chain);
    return out;
  }

  /**
   * Learns the challenges of a 401/407 to `request` and returns the request
   * to send instead: CSeq plus one, a new branch, fresh credentials for each
   * challenged realm we have credentials for (RFC 3261 22.2, 22.3).
   * Rejects with an AuthError when none can be answered or a realm refused
   * our credentials `maxRejections` times.
   */
  async retry(request: SipRequest, response: SipResponse): Promise<SipRequest> {
    const { challenges, skipped } = readChallenges(response);
    if (challenges.length === 0) {
      throw new AuthError(
        skipped > 0 ? 'unsupported' : 'bad-challenge',
        `${response.status} without a digest challenge this stack can answer`,
      );
    }
    const chain = this.#chains.get(request) ?? { rejections: new Map<string, number>() };
    const carried = carriedRealms(request);
    let answered = 0;
    for (const c of strongestPerRealm(challenges)) {
      const k = key(c.kind, c.realm);
      const prev = this.#realms.get(k);
      let refused = false;
      // A new nonce after answers that reused an older one is an expiry, not a refusal,
      // whether or not the server says stale=true (kamailio does not for expired nonces).
      const expired = prev !== undefined && prev.nc > 1 && prev.challenge.nonce !== c.nonce;
      if (carried.has(k) && !c.stale && !expired) {
        // Same realm again, nonce not stale: our credentials were refused (22.2).
        const n = (chain.rejections.get(k) ?? 0) + 1;
        chain.rejections.set(k, n);
        this.#log.info(
          `digest: realm "${c.realm}" challenged again without stale=true (${n} of ${this.#maxRejections})`,
        );
        if (n >= this.#maxRejections) {
          this.#realms.delete(k);
          throw new AuthError('rejected', `credentials for realm "${c.realm}" were refused`, c.realm);
        }
        refused = true;
      }
      let account: { username: string; password: string } | undefined;
      if (prev !== undefined && !refused) account = prev;
      else account = await this.#account(c.realm, request, refused);
      if (account === undefined) {
        this.#log.info(`digest: no credentials for realm "${c.realm}"`);
        continue;
      }
      this.#realms.set(k, { challenge: c, username: account.username, password: account.password, nc: 0 });
      this.#log.debug(`digest: answering ${c.kind} challenge of realm "${c.realm}" with ${c.algorithm}`);
      answered++;
    }
    if (answered === 0) throw new AuthError('no-credentials', 'no credentials for the challenged realms');
    const next = this.authorize(nextAttempt(request, this.#random));
    this.#chains.set(next, chain);
    return next;
  }

  /**
   * Reads Authentication-Info of a final response (RFC 7616 section 3.5):
   * a `nextnonce` replaces the nonce of the realm that was used (nc restarts).
   */
  observe(response: SipResponse): void {
    for (const [name, kind] of [
      ['authentication-info', 'www'],
      ['proxy-authentication-info', 'proxy'],
    ] as const) {
      const value = response.header(name);
      const m = value === undefined ? null : /nextnonce\s*=\s*"([^"]*)"/i.exec(value);
      if (m === null) continue;
      const entries = [...this.#realms.values()].filter((s) => s.challenge.kind === kind);
      // Without a realm in Authentication-Info, the rule only applies when one realm is known.
      if (entries.length === 1) {
        const s = entries[0]!;
        s.challenge = { ...s.challenge, nonce: m[1]!, stale: false };
        s.nc = 0;
      }
    }
  }

  async #account(
    realm: string,
    request: SipRequest,
    rejected: boolean,
  ): Promise<{ username: string; password: string } | undefined> {
    const fromList = findCredential(this.#store, realm);
    if (fromList !== undefined && !(rejected && this.#store.ask !== undefined)) return fromList;
    if (this.#store.ask === undefined) return undefined;
    return this.#store.ask({ realm, request, rejected });
  }

  #credentials(s: RealmState, request: SipRequest): string {
    const c = s.challenge;
    s.nc++;
    const qop = this.#qop(c);
    const needsCnonce = qop !== undefined || c.algorithm.endsWith('-sess');
    const cnonce = needsCnonce ? toHex(this.#random(16)) : undefined;
    const uri = request.requestUri;
    const response = digestResponse({
      algorithm: c.algorithm,
      username: s.username,
      realm: c.realm,
      password: s.password,
      method: digestMethod(request),
      uri,
      nonce: c.nonce,
      ...(qop === undefined ? {} : { qop, nc: s.nc }),
      ...(cnonce === undefined ? {} : { cnonce }),
      ...(qop === 'auth-int' ? { body: request.body } : {}),
    });
    const params: Record<string, string> = {
      username: c.userhash ? digestUserhash(c.algorithm, s.username, c.realm) : s.username,
      realm: c.realm,
      nonce: c.nonce,
      uri,
      response,
    };
    if (c.algorithmGiven) params.algorithm = c.algorithm;
    if (cnonce !== undefined) params.cnonce = cnonce;
    if (c.opaque !== undefined) params.opaque = c.opaque;
    if (qop !== undefined) {
      params.qop = qop;
      params.nc = formatNc(s.nc);
    }
    if (c.userhash) params.userhash = 'true';
    return formatCredentials({ scheme: 'Digest', params });
  }

  #qop(c: DigestChallenge): DigestQop | undefined {
    if (c.qop === undefined) return undefined;
    if (c.qop.includes('auth') && !(this.#preferAuthInt && c.qop.includes('auth-int'))) return 'auth';
    return 'auth-int';
  }
}

/**
 * The request to send after a 401/407: `session.retry` as a function
 * (RFC 3261 22.2). Rejects with an AuthError when it cannot be answered.
 */
export const retryWithCredentials = (
  request: SipRequest,
  response: SipResponse,
  session: AuthSession,
): Promise<SipRequest> => session.retry(request, response);
