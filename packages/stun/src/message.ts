/**
 * STUN messages (RFC 5389 section 6): the header with its interleaved
 * method and class bits, the TLV attributes padded to 4 bytes, and
 * FINGERPRINT (section 15.5). Decoding returns a result and never throws.
 */
import { FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE, StunAttr } from './constants.js';
import { crc32 } from './crc32.js';

/** The four classes of section 6. */
export type StunClass = 'request' | 'indication' | 'success' | 'error';

const CLASS_BITS: Record<StunClass, number> = { request: 0, indication: 1, success: 2, error: 3 };
const CLASSES: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/** One attribute as on the wire: type and value (without padding). */
export interface StunAttribute {
  readonly type: number;
  readonly value: Uint8Array;
}

/** A decoded message. `attributes` keeps wire order, FINGERPRINT included. */
export interface StunMessage {
  readonly method: number;
  readonly class: StunClass;
  /** 12 bytes. */
  readonly transactionId: Uint8Array;
  readonly attributes: readonly StunAttribute[];
  /** Whether a FINGERPRINT was present (a wrong one fails decoding). */
  readonly fingerprinted: boolean;
}

/** Why bytes are not a (valid) STUN message. */
export type StunDecodeErrorCode =
  | 'too-short'
  | 'not-stun'
  | 'bad-cookie'
  | 'bad-length'
  | 'bad-attribute'
  | 'bad-fingerprint'
  | 'attribute-after-fingerprint';

export interface StunDecodeError {
  readonly code: StunDecodeErrorCode;
  readonly message: string;
}

export type StunDecodeResult =
  | { readonly ok: true; readonly value: StunMessage }
  | { readonly ok: false; readonly error: StunDecodeError };

/** The 16-bit message type of a method and class (section 6, figure 3). */
export function messageType(method: number, cls: StunClass): number {
  const c = CLASS_BITS[cls];
  return (
    (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((c & 1) << 4) | ((c & 2) << 7)
  );
}

function splitType(type: number): { method: number; cls: StunClass } {
  const method = (type & 0x000f) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0f80);
  const c = ((type >> 4) & 1) | ((type >> 7) & 2);
  return { method, cls: CLASSES[c]! };
}

/**
 * Whether a datagram looks like STUN (section 6 and 8): the two top bits
 * zero, the magic cookie, a length that is a multiple of 4 and matches the
 * datagram. Use it to demultiplex STUN from SIP or RTP on one socket.
 */
export function isStunMessage(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_LENGTH || (bytes[0]! & 0xc0) !== 0) return false;
  const length = (bytes[2]! << 8) | bytes[3]!;
  const cookie = ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0;
  return cookie === MAGIC_COOKIE && (length & 3) === 0 && length + HEADER_LENGTH === bytes.length;
}

const fail = (code: StunDecodeErrorCode, message: string): StunDecodeResult => ({
  ok: false,
  error: { code, message },
});

/** Decodes one message; checks the header, every attribute's bounds and FINGERPRINT. */
export function decodeStun(bytes: Uint8Array): StunDecodeResult {
  if (bytes.length < HEADER_LENGTH) return fail('too-short', `${bytes.length} bytes, a header is 20`);
  if ((bytes[0]! & 0xc0) !== 0) return fail('not-stun', 'the two top bits are not zero');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4) !== MAGIC_COOKIE) return fail('bad-cookie', 'no magic cookie (RFC 3489 message?)');
  const length = view.getUint16(2);
  if ((length & 3) !== 0 || length + HEADER_LENGTH !== bytes.length)
    return fail(
      'bad-length',
      `length ${length} does not match ${bytes.length - HEADER_LENGTH} bytes of body`,
    );
  const { method, cls } = splitType(view.getUint16(0));
  const attributes: StunAttribute[] = [];
  let fingerprinted = false;
  let at = HEADER_LENGTH;
  while (at < bytes.length) {
    if (fingerprinted) return fail('attribute-after-fingerprint', 'FINGERPRINT must be the last attribute');
    if (at + 4 > bytes.length) return fail('bad-attribute', `attribute header cut at offset ${at}`);
    const type = view.getUint16(at);
    const len = view.getUint16(at + 2);
    if (at + 4 + len > bytes.length)
      return fail('bad-attribute', `attribute 0x${type.toString(16)} overruns`);
    const value = bytes.subarray(at + 4, at + 4 + len);
    if (type === StunAttr.FINGERPRINT) {
      if (len !== 4) return fail('bad-attribute', 'FINGERPRINT is 4 bytes');
      const want = (crc32(bytes, 0, at) ^ FINGERPRINT_XOR) >>> 0;
      if (view.getUint32(at + 4) !== want) return fail('bad-fingerprint', 'FINGERPRINT does not match');
      fingerprinted = true;
    }
    attributes.push({ type, value });
    at += 4 + ((len + 3) & ~3);
  }
  return {
    ok: true,
    value: { method, class: cls, transactionId: bytes.subarray(8, 20), attributes, fingerprinted },
  };
}

/** What {@link encodeStun} writes. */
export interface StunMessageInit {
  readonly method: number;
  readonly class: StunClass;
  readonly transactionId: Uint8Array;
  readonly attributes?: readonly StunAttribute[];
  /** Append FINGERPRINT (section 15.5); recommended when STUN shares a port with SIP or RTP. */
  readonly fingerprint?: boolean;
}

/** Encodes a message; attribute values are padded to 4 bytes with zeros. */
export function encodeStun(init: StunMessageInit): Uint8Array {
  if (init.transactionId.length !== 12) throw new RangeError('a transaction ID is 12 bytes');
  const attrs = init.attributes ?? [];
  let body = 0;
  for (const a of attrs) {
    if (a.value.length > 0xffff) throw new RangeError('attribute value too long');
    body += 4 + ((a.value.length + 3) & ~3);
  }
  const total = HEADER_LENGTH + body + (init.fingerprint ? 8 : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, messageType(init.method, init.class));
  view.setUint16(2, total - HEADER_LENGTH);
  view.setUint32(4, MAGIC_COOKIE);
  out.set(init.transactionId, 8);
  let at = HEADER_LENGTH;
  for (const a of attrs) {
    view.setUint16(at, a.type);
    view.setUint16(at + 2, a.value.length);
    out.set(a.value, at + 4);
    at += 4 + ((a.value.length + 3) & ~3);
  }
  if (init.fingerprint) {
    // The length field already counts FINGERPRINT, as section 15.5 requires.
    view.setUint16(at, StunAttr.FINGERPRINT);
    view.setUint16(at + 2, 4);
    view.setUint32(at + 4, (crc32(out, 0, at) ^ FINGERPRINT_XOR) >>> 0);
  }
  return out;
}

/** The first attribute of a type, if any. */
export function findAttribute(message: StunMessage, type: number): StunAttribute | undefined {
  return message.attributes.find((a) => a.type === type);
}
