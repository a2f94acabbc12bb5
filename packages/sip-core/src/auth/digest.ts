/**
 * The digest computation itself, pure: A1, A2 and the request-digest of
 * RFC 7616 section 3.4.1-3.4.3 (RFC 2617 section 3.2.2; RFC 2069 when the
 * challenge has no qop). No randomness and no state: callers pass cnonce and nc.
 */
import { type DigestAlgorithm, digestHash, isSessionAlgorithm } from './algorithms.js';

/** Quality of protection (RFC 7616 section 3.3). */
export type DigestQop = 'auth' | 'auth-int';

/** Everything the request-digest depends on. */
export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  /** The request method (for ACK and CANCEL, the INVITE's: RFC 3261 section 22.1). */
  readonly method: string;
  /** The digest-uri: the Request-URI text exactly as sent. */
  readonly uri: string;
  readonly nonce: string;
  /** Absent for the RFC 2069 form (no qop in the challenge). */
  readonly qop?: DigestQop;
  /** Client nonce; needed with qop and with session algorithms. */
  readonly cnonce?: string;
  /** Nonce count, 1 for the first use of a nonce. */
  readonly nc?: number;
  /** The message body, hashed into A2 for auth-int (empty when there is none). */
  readonly body?: Uint8Array;
}

/** The nonce count as 8 lower-case hex digits (RFC 7616 section 3.4). */
export const formatNc = (nc: number): string => (nc >>> 0).toString(16).padStart(8, '0');

/** H(A1), with the session variant's nonce and cnonce (RFC 7616 section 3.4.2). */
export function digestHa1(input: DigestInput): string {
  const base = digestHash(input.algorithm, `${input.username}:${input.realm}:${input.password}`);
  if (!isSessionAlgorithm(input.algorithm)) return base;
  return digestHash(input.algorithm, `${base}:${input.nonce}:${input.cnonce ?? ''}`);
}

/** H(A2); auth-int adds H(entity-body) (RFC 7616 section 3.4.3). */
export function digestHa2(input: DigestInput): string {
  const a2 = `${input.method}:${input.uri}`;
  if (input.qop !== 'auth-int') return digestHash(input.algorithm, a2);
  const bodyHash = digestHash(input.algorithm, input.body ?? new Uint8Array(0));
  return digestHash(input.algorithm, `${a2}:${bodyHash}`);
}

/** The request-digest (`response` parameter), lower-case hex. */
export function digestResponse(input: DigestInput): string {
  const ha1 = digestHa1(input);
  const ha2 = digestHa2(input);
  if (input.qop === undefined) return digestHash(input.algorithm, `${ha1}:${input.nonce}:${ha2}`);
  const nc = formatNc(input.nc ?? 1);
  return digestHash(input.algorithm, `${ha1}:${input.nonce}:${nc}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

/** The hashed username of RFC 7616 section 3.4.4: H(username ":" realm). */
export const digestUserhash = (algorithm: DigestAlgorithm, username: string, realm: string): string =>
  digestHash(algorithm, `${username}:${realm}`);
