export * from './algorithms.js';
export { bytesEqual, fromHex, toHex } from './bytes.js';
export {
  CACHE_FILE,
  type CacheEntry,
  FileSecretCache,
  MemorySecretCache,
  type SecretCache,
} from './cache.js';
export { crc32c } from './crc32c.js';
export type { MultistreamParams, SecureInfo, ZrtpEvent, ZrtpState } from './events.js';
export {
  deriveSessionKeys,
  dhS0,
  kdf,
  multistreamS0,
  type S0Inputs,
  type SessionKeys,
  secretId,
} from './kdf.js';
export { type DhType, generateKeyPair, type KeyPair, PUBLIC_VALUE_LENGTH } from './key-agreement.js';
export { buildPacket } from './message-build.js';
export { isZrtpPacket, parseMessage, parsePacket } from './message-parse.js';
export * from './message-types.js';
export { PGP_EVEN_WORDS, PGP_ODD_WORDS } from './pgp-words.js';
export type { ParseError, Result } from './result.js';
export { B32_ALPHABET, renderB32, renderB256, renderSas } from './sas.js';
export { ZrtpSession, type ZrtpSessionOptions } from './session.js';
export { helloMatchesZrtpHash, parseZrtpHash, ZRTP_VERSION, zrtpHashValue } from './zrtp-hash.js';
