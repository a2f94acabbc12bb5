/**
 * Digest authentication (RFC 3261 section 22, RFC 7616, RFC 8760): client
 * credentials for 401/407 challenges, and a verifier for the server side.
 */
export { DIGEST_ALGORITHMS, type DigestAlgorithm, digestAlgorithm, digestHash } from './algorithms.js';
export { AuthSession, type AuthSessionOptions, retryWithCredentials } from './auth-session.js';
export {
  type ChallengeKind,
  type ChallengeSet,
  credentialsHeader,
  type DigestChallenge,
  readChallenge,
  readChallenges,
  strongestPerRealm,
} from './challenges.js';
export {
  type CredentialPrompt,
  type CredentialStore,
  type DigestCredential,
  findCredential,
} from './credential-store.js';
export {
  type DigestInput,
  type DigestQop,
  digestHa1,
  digestHa2,
  digestResponse,
  digestUserhash,
  formatNc,
} from './digest.js';
export { AuthError, type AuthErrorCode } from './errors.js';
export { type AuthLogger, type RandomBytes, silentAuthLogger } from './logger.js';
export { newBranch, nextAttempt } from './request-copy.js';
export {
  DigestVerifier,
  type DigestVerifierOptions,
  type VerifyFailure,
  type VerifyResult,
} from './verifier.js';
