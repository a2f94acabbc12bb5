/** Errors of digest authentication (RFC 3261 section 22, RFC 7616). */

export type AuthErrorCode =
  /** The same realm challenged again with stale absent after our credentials: they were refused. */
  | 'rejected'
  /** No credentials for any challenged realm (none in the store and the user gave none). */
  | 'no-credentials'
  /** Every challenge uses a scheme or algorithm this stack does not compute. */
  | 'unsupported'
  /** The 401/407 carried no usable challenge. */
  | 'bad-challenge';

/**
 * Why a challenge could not be answered. Messages name realms and codes,
 * never passwords or response hashes.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** The realm concerned, when one is. */
    readonly realm?: string,
  ) {
    super(message);
  }
}
