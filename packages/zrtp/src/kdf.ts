import { type CipherType, cipherKeyLength, type HashType, hash, hashLength, hmac } from './algorithms.js';
import { concat, u32 } from './bytes.js';

/** KDF(KI, Label, Context, L) of RFC 6189 section 4.5.1: HMAC(KI, 1 || Label || 0x00 || Context || L), L in bits. */
export function kdf(
  h: HashType,
  ki: Uint8Array,
  label: string,
  context: Uint8Array,
  bits: number,
): Uint8Array {
  const data = concat(u32(1), Buffer.from(label, 'latin1'), new Uint8Array([0]), context, u32(bits));
  return hmac(h, ki, data).slice(0, bits / 8);
}

/** Inputs of s0 in DH mode (section 4.4.1.4). */
export interface S0Inputs {
  readonly hash: HashType;
  readonly dhResult: Uint8Array;
  readonly zidi: Uint8Array;
  readonly zidr: Uint8Array;
  /** hash(Hello of responder || Commit || DHPart1 || DHPart2). */
  readonly totalHash: Uint8Array;
  readonly s1?: Uint8Array | undefined;
  readonly s2?: Uint8Array | undefined;
  readonly s3?: Uint8Array | undefined;
}

const lenAnd = (s: Uint8Array | undefined): Uint8Array[] => (s ? [u32(s.length), s] : [u32(0)]);

/** s0 = hash(counter || DHResult || "ZRTP-HMAC-KDF" || ZIDi || ZIDr || total_hash || len(s1) || s1 || ...). */
export function dhS0(i: S0Inputs): Uint8Array {
  return hash(
    i.hash,
    u32(1),
    i.dhResult,
    Buffer.from('ZRTP-HMAC-KDF', 'latin1'),
    i.zidi,
    i.zidr,
    i.totalHash,
    ...lenAnd(i.s1),
    ...lenAnd(i.s2),
    ...lenAnd(i.s3),
  );
}

/** Multistream s0 = KDF(ZRTPSess, "ZRTP MSK", KDF_Context, hash length) (section 4.4.3.2). */
export function multistreamS0(h: HashType, zrtpSess: Uint8Array, context: Uint8Array): Uint8Array {
  return kdf(h, zrtpSess, 'ZRTP MSK', context, hashLength(h) * 8);
}

/** Everything derived from s0 (sections 4.5.2 and 4.5.3). */
export interface SessionKeys {
  readonly s0: Uint8Array;
  readonly srtpKeyI: Uint8Array;
  readonly srtpSaltI: Uint8Array;
  readonly srtpKeyR: Uint8Array;
  readonly srtpSaltR: Uint8Array;
  readonly macKeyI: Uint8Array;
  readonly macKeyR: Uint8Array;
  readonly zrtpKeyI: Uint8Array;
  readonly zrtpKeyR: Uint8Array;
  readonly zrtpSess: Uint8Array;
  readonly exportedKey: Uint8Array;
  readonly sasHash: Uint8Array;
  /** The leftmost 32 bits of sashash. */
  readonly sasValue: Uint8Array;
  /** The new rs1 to retain (section 4.6.1). */
  readonly newRs1: Uint8Array;
}

/** Derives the session keys from s0 and KDF_Context = ZIDi || ZIDr || total_hash. */
export function deriveSessionKeys(
  h: HashType,
  cipher: CipherType,
  s0: Uint8Array,
  context: Uint8Array,
): SessionKeys {
  const n = hashLength(h) * 8;
  const k = cipherKeyLength(cipher) * 8;
  const d = (label: string, bits: number) => kdf(h, s0, label, context, bits);
  const sasHash = d('SAS', 256);
  return {
    s0,
    srtpKeyI: d('Initiator SRTP master key', k),
    srtpSaltI: d('Initiator SRTP master salt', 112),
    srtpKeyR: d('Responder SRTP master key', k),
    srtpSaltR: d('Responder SRTP master salt', 112),
    macKeyI: d('Initiator HMAC key', n),
    macKeyR: d('Responder HMAC key', n),
    zrtpKeyI: d('Initiator ZRTP key', k),
    zrtpKeyR: d('Responder ZRTP key', k),
    zrtpSess: d('ZRTP Session Key', n),
    exportedKey: d('Exported key', n),
    sasHash,
    sasValue: sasHash.slice(0, 4),
    newRs1: d('retained secret', 256),
  };
}

/** The 64-bit ID of a retained secret for one role: MAC(rs, "Initiator") or MAC(rs, "Responder") (section 4.3). */
export function secretId(h: HashType, secret: Uint8Array, role: 'Initiator' | 'Responder'): Uint8Array {
  return hmac(h, secret, Buffer.from(role, 'latin1'), 8);
}
