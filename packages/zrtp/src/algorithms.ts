import { createHash, createHmac } from 'node:crypto';

/** Hash algorithms (RFC 6189 section 5.1.2). */
export type HashType = 'S256' | 'S384';
/** Cipher algorithms for Confirm and SRTP (section 5.1.3). */
export type CipherType = 'AES1' | 'AES3';
/** SRTP authentication tags (section 5.1.4). */
export type AuthTagType = 'HS32' | 'HS80';
/** Key agreement types (section 5.1.5); Mult is the multistream mode. */
export type KeyAgreementType = 'DH3k' | 'EC25' | 'EC38' | 'X255' | 'Mult';
/** SAS rendering types (section 5.1.6). */
export type SasType = 'B32' | 'B256';

/** The algorithms an endpoint offers in its Hello, most preferred first. */
export interface AlgorithmLists {
  readonly hash: readonly HashType[];
  readonly cipher: readonly CipherType[];
  readonly authTag: readonly AuthTagType[];
  readonly keyAgreement: readonly KeyAgreementType[];
  readonly sas: readonly SasType[];
}

/** One choice of each algorithm, as a Commit carries it. */
export interface AlgorithmChoice {
  readonly hash: HashType;
  readonly cipher: CipherType;
  readonly authTag: AuthTagType;
  readonly keyAgreement: KeyAgreementType;
  readonly sas: SasType;
}

export const HASH_TYPES: readonly HashType[] = ['S256', 'S384'];
export const CIPHER_TYPES: readonly CipherType[] = ['AES1', 'AES3'];
export const AUTH_TAG_TYPES: readonly AuthTagType[] = ['HS32', 'HS80'];
export const KEY_AGREEMENT_TYPES: readonly KeyAgreementType[] = ['DH3k', 'EC25', 'EC38', 'X255', 'Mult'];
export const SAS_TYPES: readonly SasType[] = ['B32', 'B256'];

/** Everything this package implements; DH3k, AES1, HS32/HS80, S256 and B32 are mandatory. */
export const DEFAULT_ALGORITHMS: AlgorithmLists = {
  hash: ['S256', 'S384'],
  cipher: ['AES1', 'AES3'],
  authTag: ['HS80', 'HS32'],
  keyAgreement: ['X255', 'EC25', 'DH3k', 'EC38'],
  sas: ['B32', 'B256'],
};

/** Octets of a hash output. */
export const hashLength = (h: HashType): 32 | 48 => (h === 'S256' ? 32 : 48);
/** Octets of an AES key. */
export const cipherKeyLength = (c: CipherType): 16 | 32 => (c === 'AES1' ? 16 : 32);
const nodeHash = (h: HashType): string => (h === 'S256' ? 'sha256' : 'sha384');

/** The negotiated hash of data. */
export function hash(h: HashType, ...parts: readonly Uint8Array[]): Uint8Array {
  const d = createHash(nodeHash(h));
  for (const p of parts) d.update(p);
  return new Uint8Array(d.digest());
}

/** HMAC with the negotiated hash, optionally truncated to `len` octets. */
export function hmac(h: HashType, key: Uint8Array, data: Uint8Array, len?: number): Uint8Array {
  const m = new Uint8Array(createHmac(nodeHash(h), key).update(data).digest());
  return len === undefined ? m : m.slice(0, len);
}

/** SHA-256, the implicit hash of the H0..H3 chain and the message MACs (section 9). */
export const sha256 = (...parts: readonly Uint8Array[]): Uint8Array => hash('S256', ...parts);

/**
 * Relative speed of key agreements, fastest first: the rule of section 4.1.2 picks the
 * faster one when the two Hellos' first choices differ.
 */
const SPEED: readonly KeyAgreementType[] = ['X255', 'EC25', 'DH3k', 'EC38'];

const firstCommon = <T>(mine: readonly T[], theirs: readonly T[]): T | undefined =>
  mine.find((a) => theirs.includes(a));

/**
 * Chooses the algorithms for a Commit from both Hellos (section 4.1.2 and 5.1.5):
 * the key agreement both would pick, or the faster of the two first choices; EC38 asks
 * for S384 and AES3 where offered. Undefined when a category has nothing in common.
 */
export function chooseAlgorithms(mine: AlgorithmLists, peer: AlgorithmLists): AlgorithmChoice | undefined {
  const theirs = withMandatory(peer);
  const mineKa = mine.keyAgreement.filter((k) => k !== 'Mult' && theirs.keyAgreement.includes(k));
  const theirsKa = theirs.keyAgreement.filter((k) => k !== 'Mult' && mine.keyAgreement.includes(k));
  const a = mineKa[0];
  const b = theirsKa[0];
  if (a === undefined || b === undefined) return undefined;
  const keyAgreement = a === b ? a : SPEED.indexOf(a) <= SPEED.indexOf(b) ? a : b;
  const common = <T>(m: readonly T[], t: readonly T[]): T[] => m.filter((x) => t.includes(x));
  const hashes = common(mine.hash, theirs.hash);
  const ciphers = common(mine.cipher, theirs.cipher);
  const hashPick = keyAgreement === 'EC38' && hashes.includes('S384') ? 'S384' : hashes[0];
  const cipherPick = keyAgreement === 'EC38' && ciphers.includes('AES3') ? 'AES3' : ciphers[0];
  const authTag = firstCommon(mine.authTag, theirs.authTag);
  const sas = firstCommon(mine.sas, theirs.sas);
  if (!hashPick || !cipherPick || !authTag || !sas) return undefined;
  return { hash: hashPick, cipher: cipherPick, authTag, keyAgreement, sas };
}

/** True when every algorithm of a Commit is one we offered (section 5.4). */
export function choiceAllowed(c: AlgorithmChoice, mine: AlgorithmLists): boolean {
  return (
    mine.hash.includes(c.hash) &&
    mine.cipher.includes(c.cipher) &&
    mine.authTag.includes(c.authTag) &&
    mine.keyAgreement.includes(c.keyAgreement) &&
    mine.sas.includes(c.sas)
  );
}

/**
 * A Hello's lists with the mandatory algorithms added: section 5.1 lets an endpoint leave
 * S256, AES1, HS32, HS80, DH3k and B32 out of its Hello, they are implied.
 */
export function withMandatory(l: AlgorithmLists): AlgorithmLists {
  const add = <T>(xs: readonly T[], ys: readonly T[]): T[] => [...xs, ...ys.filter((y) => !xs.includes(y))];
  return {
    hash: add(l.hash, ['S256']),
    cipher: add(l.cipher, ['AES1']),
    authTag: add(l.authTag, ['HS32', 'HS80']),
    keyAgreement: add(l.keyAgreement, ['DH3k']),
    sas: add(l.sas, ['B32']),
  };
}
