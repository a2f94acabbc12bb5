import { createCipheriv, createDecipheriv } from 'node:crypto';
import { type CipherType, type HashType, hmac } from './algorithms.js';
import { bytesEqual, concat, u32 } from './bytes.js';
import { buildMessage } from './message-build.js';

/** The plaintext part of Confirm1/Confirm2 (section 5.7). */
export interface ConfirmContent {
  readonly h0: Uint8Array;
  /** E: PBX enrollment. */
  readonly pbxEnrollment: boolean;
  /** V: the sender's cache says the SAS was verified. */
  readonly sasVerified: boolean;
  /** A: the sender allows GoClear. */
  readonly allowClear: boolean;
  /** D: disclosure flag. */
  readonly disclosure: boolean;
  /** Cache expiration interval in seconds; 0xffffffff means never. */
  readonly cacheExpiration: number;
}

/** Keys of one direction of the Confirm exchange: zrtpkey and mackey of the sender. */
export interface ConfirmKeys {
  readonly hash: HashType;
  readonly cipher: CipherType;
  readonly zrtpKey: Uint8Array;
  readonly macKey: Uint8Array;
}

const algo = (c: CipherType): string => (c === 'AES1' ? 'aes-128-cfb' : 'aes-256-cfb');

/** AES in 128-bit CFB mode, as ZRTP encrypts Confirm and SASrelay (section 5.7). */
export function cfb(
  c: CipherType,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  decrypt: boolean,
): Uint8Array {
  const x = decrypt ? createDecipheriv(algo(c), key, iv) : createCipheriv(algo(c), key, iv);
  return new Uint8Array(Buffer.concat([x.update(data), x.final()]));
}

/** Builds Confirm1 or Confirm2: encrypt under zrtpkey, then confirm_mac = MAC(mackey, ciphertext). */
export function buildConfirm(
  type: 'Confirm1' | 'Confirm2',
  content: ConfirmContent,
  keys: ConfirmKeys,
  iv: Uint8Array,
): Uint8Array {
  const flags =
    (content.pbxEnrollment ? 8 : 0) |
    (content.sasVerified ? 4 : 0) |
    (content.allowClear ? 2 : 0) |
    (content.disclosure ? 1 : 0);
  const plain = concat(content.h0, new Uint8Array([0, 0, 0, flags]), u32(content.cacheExpiration));
  const encrypted = cfb(keys.cipher, keys.zrtpKey, iv, plain, false);
  const mac = hmac(keys.hash, keys.macKey, encrypted, 8);
  return buildMessage(type, concat(mac, iv, encrypted));
}

/** Checks confirm_mac and decrypts; undefined when the MAC is wrong or the content malformed. */
export function openConfirm(
  m: { confirmMac: Uint8Array; iv: Uint8Array; encrypted: Uint8Array },
  keys: ConfirmKeys,
): ConfirmContent | undefined {
  if (!bytesEqual(hmac(keys.hash, keys.macKey, m.encrypted, 8), m.confirmMac)) return undefined;
  const p = cfb(keys.cipher, keys.zrtpKey, m.iv, m.encrypted, true);
  if (p.length < 40) return undefined;
  const flags = p[35]!;
  return {
    h0: p.slice(0, 32),
    pbxEnrollment: (flags & 8) !== 0,
    sasVerified: (flags & 4) !== 0,
    allowClear: (flags & 2) !== 0,
    disclosure: (flags & 1) !== 0,
    cacheExpiration: new DataView(p.buffer, p.byteOffset + 36, 4).getUint32(0),
  };
}
