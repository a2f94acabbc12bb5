/**
 * Reading digest challenges from a 401 or 407 (RFC 3261 sections 22.2,
 * 22.3; RFC 7616 section 3.3) and choosing which to answer.
 */
import { parseChallenge } from '../headers/auth.js';
import type { SipResponse } from '../message/sip-message.js';
import { algorithmRank, type DigestAlgorithm, digestAlgorithm } from './algorithms.js';
import type { DigestQop } from './digest.js';

/** Which header pair: WWW-Authenticate/Authorization or Proxy-Authenticate/Proxy-Authorization. */
export type ChallengeKind = 'www' | 'proxy';

/** A digest challenge this stack can answer. */
export interface DigestChallenge {
  readonly kind: ChallengeKind;
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  /** Whether the challenge named its algorithm (an absent one is MD5 and is not echoed). */
  readonly algorithmGiven: boolean;
  /** Supported qop values offered; undefined when the challenge has no qop (RFC 2069 form). */
  readonly qop: readonly DigestQop[] | undefined;
  readonly opaque: string | undefined;
  readonly stale: boolean;
  /** The server asks for the hashed username (RFC 7616 section 3.4.4). */
  readonly userhash: boolean;
}

/** The challenges of a response, and how many were skipped as unsupported or malformed. */
export interface ChallengeSet {
  readonly challenges: readonly DigestChallenge[];
  readonly skipped: number;
}

const HEADERS: readonly [ChallengeKind, string][] = [
  ['www', 'www-authenticate'],
  ['proxy', 'proxy-authenticate'],
];

/** The header carrying credentials for a kind of challenge. */
export const credentialsHeader = (kind: ChallengeKind): string =>
  kind === 'www' ? 'Authorization' : 'Proxy-Authorization';

/** Parses one challenge header value; undefined when it is not a digest challenge we can answer. */
export function readChallenge(kind: ChallengeKind, value: string): DigestChallenge | undefined {
  const r = parseChallenge(value);
  if (!r.ok || r.value.scheme.toLowerCase() !== 'digest') return undefined;
  const p = r.value.params;
  const realm = p.realm;
  const nonce = p.nonce;
  const algorithm = digestAlgorithm(p.algorithm);
  if (realm === undefined || nonce === undefined || algorithm === undefined) return undefined;
  let qop: DigestQop[] | undefined;
  if (p.qop !== undefined) {
    // qop-options is a quoted comma list (RFC 7616 section 3.3); unknown values are ignored.
    qop = p.qop
      .split(',')
      .map((q) => q.trim().toLowerCase())
      .filter((q): q is DigestQop => q === 'auth' || q === 'auth-int');
    if (qop.length === 0) return undefined;
  }
  return {
    kind,
    realm,
    nonce,
    algorithm,
    algorithmGiven: p.algorithm !== undefined,
    qop,
    opaque: p.opaque,
    stale: p.stale?.toLowerCase() === 'true',
    userhash: p.userhash?.toLowerCase() === 'true',
  };
}

/** Every digest challenge of a response, WWW-Authenticate and Proxy-Authenticate lines alike. */
export function readChallenges(response: SipResponse): ChallengeSet {
  const challenges: DigestChallenge[] = [];
  let skipped = 0;
  for (const [kind, name] of HEADERS) {
    for (const line of response.headers(name)) {
      const c = readChallenge(kind, line);
      if (c === undefined) skipped++;
      else challenges.push(c);
    }
  }
  return { challenges, skipped };
}

/**
 * One challenge per (kind, realm): the strongest algorithm when a server
 * offers several for the same realm (RFC 7616 section 3.7, RFC 8760 section 2.4),
 * in the order the realms first appeared.
 */
export function strongestPerRealm(challenges: readonly DigestChallenge[]): DigestChallenge[] {
  const best = new Map<string, DigestChallenge>();
  for (const c of challenges) {
    const key = `${c.kind} ${c.realm}`;
    const prev = best.get(key);
    if (prev === undefined || algorithmRank(c.algorithm) < algorithmRank(prev.algorithm)) best.set(key, c);
  }
  return [...best.values()];
}
