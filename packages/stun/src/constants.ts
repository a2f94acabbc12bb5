/** Numbers of RFC 5389 (section 6 header, section 15 attributes, section 18 registries). */

/** The fixed magic cookie of every RFC 5389 message (section 6). */
export const MAGIC_COOKIE = 0x2112a442;

/** The 20-byte header. */
export const HEADER_LENGTH = 20;

/** XOR of the CRC-32 in FINGERPRINT (section 15.5: "STUN" in ASCII). */
export const FINGERPRINT_XOR = 0x5354554e;

/** Methods (section 18.1). */
export const StunMethod = {
  binding: 0x001,
} as const;

/** Attribute types (section 18.2; 0x0002-0x0005 are RFC 3489's, still sent by old servers). */
export const StunAttr = {
  MAPPED_ADDRESS: 0x0001,
  RESPONSE_ADDRESS: 0x0002,
  CHANGE_REQUEST: 0x0003,
  SOURCE_ADDRESS: 0x0004,
  CHANGED_ADDRESS: 0x0005,
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_MAPPED_ADDRESS: 0x0020,
  SOFTWARE: 0x8022,
  ALTERNATE_SERVER: 0x8023,
  FINGERPRINT: 0x8028,
  RESPONSE_ORIGIN: 0x802b,
  OTHER_ADDRESS: 0x802c,
} as const;

/** Comprehension-required attributes (below 0x8000) this codec knows (section 15). */
export const KNOWN_REQUIRED: ReadonlySet<number> = new Set([
  StunAttr.MAPPED_ADDRESS,
  StunAttr.RESPONSE_ADDRESS,
  StunAttr.CHANGE_REQUEST,
  StunAttr.SOURCE_ADDRESS,
  StunAttr.CHANGED_ADDRESS,
  StunAttr.USERNAME,
  StunAttr.MESSAGE_INTEGRITY,
  StunAttr.ERROR_CODE,
  StunAttr.UNKNOWN_ATTRIBUTES,
  StunAttr.REALM,
  StunAttr.NONCE,
  StunAttr.XOR_MAPPED_ADDRESS,
]);
