/**
 * Values of the attributes a Binding transaction uses (RFC 5389 section 15):
 * MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, ERROR-CODE, UNKNOWN-ATTRIBUTES and
 * SOFTWARE. Readers return undefined for a malformed value, never throw.
 */
import { KNOWN_REQUIRED, MAGIC_COOKIE, StunAttr } from './constants.js';
import { bytesToIp, ipToBytes } from './ip-address.js';
import { findAttribute, type StunAttribute, type StunMessage } from './message.js';

/** An IP address and port, as STUN reports them. */
export interface StunAddress {
  readonly family: 'IPv4' | 'IPv6';
  readonly address: string;
  readonly port: number;
}

/** ERROR-CODE: the status (300-699) and its reason phrase. */
export interface StunErrorCode {
  readonly code: number;
  readonly reason: string;
}

const COOKIE_BYTES = new Uint8Array([0x21, 0x12, 0xa4, 0x42]);

function readAddress(value: Uint8Array, xorWith: Uint8Array | undefined): StunAddress | undefined {
  if (value.length < 4) return undefined;
  const family = value[1];
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (size === 0 || value.length !== 4 + size) return undefined;
  let port = (value[2]! << 8) | value[3]!;
  const addr = value.slice(4, 4 + size);
  if (xorWith !== undefined) {
    port ^= MAGIC_COOKIE >>> 16;
    for (let i = 0; i < size; i++) addr[i]! ^= xorWith[i]!;
  }
  return { family: size === 4 ? 'IPv4' : 'IPv6', address: bytesToIp(addr), port };
}

function writeAddress(
  type: number,
  a: { address: string; port: number },
  xorWith?: Uint8Array,
): StunAttribute {
  const addr = ipToBytes(a.address);
  if (addr === undefined) throw new RangeError(`not an IP address: ${a.address}`);
  const value = new Uint8Array(4 + addr.length);
  value[1] = addr.length === 4 ? 0x01 : 0x02;
  const port = xorWith === undefined ? a.port : a.port ^ (MAGIC_COOKIE >>> 16);
  value[2] = (port >> 8) & 0xff;
  value[3] = port & 0xff;
  for (let i = 0; i < addr.length; i++)
    value[4 + i] = xorWith === undefined ? addr[i]! : addr[i]! ^ xorWith[i]!;
  return { type, value };
}

/** The XOR key of an address (section 15.2): the cookie, then the transaction ID for IPv6. */
function xorKey(transactionId: Uint8Array): Uint8Array {
  const key = new Uint8Array(16);
  key.set(COOKIE_BYTES, 0);
  key.set(transactionId.subarray(0, 12), 4);
  return key;
}

/** MAPPED-ADDRESS (section 15.1). */
export function mappedAddressAttribute(a: { address: string; port: number }): StunAttribute {
  return writeAddress(StunAttr.MAPPED_ADDRESS, a);
}

/** XOR-MAPPED-ADDRESS (section 15.2) for the message with this transaction ID. */
export function xorMappedAddressAttribute(
  a: { address: string; port: number },
  transactionId: Uint8Array,
): StunAttribute {
  return writeAddress(StunAttr.XOR_MAPPED_ADDRESS, a, xorKey(transactionId));
}

/** ERROR-CODE (section 15.6): class in the hundreds, number modulo 100, UTF-8 reason. */
export function errorCodeAttribute(code: number, reason: string): StunAttribute {
  if (!Number.isInteger(code) || code < 300 || code > 699)
    throw new RangeError(`error code ${code} not in 300-699`);
  const text = new TextEncoder().encode(reason);
  const value = new Uint8Array(4 + text.length);
  value[2] = Math.floor(code / 100);
  value[3] = code % 100;
  value.set(text, 4);
  return { type: StunAttr.ERROR_CODE, value };
}

/** SOFTWARE (section 15.10), at most 763 bytes of UTF-8. */
export function softwareAttribute(text: string): StunAttribute {
  return { type: StunAttr.SOFTWARE, value: new TextEncoder().encode(text).subarray(0, 763) };
}

/** UNKNOWN-ATTRIBUTES (section 15.9). */
export function unknownAttributesAttribute(types: readonly number[]): StunAttribute {
  const value = new Uint8Array(types.length * 2);
  types.forEach((t, i) => {
    value[2 * i] = t >> 8;
    value[2 * i + 1] = t & 0xff;
  });
  return { type: StunAttr.UNKNOWN_ATTRIBUTES, value };
}

/** XOR-MAPPED-ADDRESS of a message, if present and well formed. */
export function xorMappedAddress(message: StunMessage): StunAddress | undefined {
  const a = findAttribute(message, StunAttr.XOR_MAPPED_ADDRESS);
  return a === undefined ? undefined : readAddress(a.value, xorKey(message.transactionId));
}

/** MAPPED-ADDRESS of a message, if present and well formed. */
export function mappedAddress(message: StunMessage): StunAddress | undefined {
  const a = findAttribute(message, StunAttr.MAPPED_ADDRESS);
  return a === undefined ? undefined : readAddress(a.value, undefined);
}

/** The reflexive address: XOR-MAPPED-ADDRESS, else (an RFC 3489 server) MAPPED-ADDRESS. */
export function reflexiveAddress(message: StunMessage): StunAddress | undefined {
  return xorMappedAddress(message) ?? mappedAddress(message);
}

/** ERROR-CODE of a message, if present and well formed. */
export function errorCode(message: StunMessage): StunErrorCode | undefined {
  const a = findAttribute(message, StunAttr.ERROR_CODE);
  if (a === undefined || a.value.length < 4) return undefined;
  const cls = a.value[2]! & 0x07;
  const num = a.value[3]!;
  if (cls < 3 || cls > 6 || num > 99) return undefined;
  return {
    code: cls * 100 + num,
    reason: new TextDecoder('utf-8', { fatal: false }).decode(a.value.subarray(4)),
  };
}

/** SOFTWARE of a message, if present. */
export function software(message: StunMessage): string | undefined {
  const a = findAttribute(message, StunAttr.SOFTWARE);
  return a === undefined ? undefined : new TextDecoder('utf-8', { fatal: false }).decode(a.value);
}

/** UNKNOWN-ATTRIBUTES of a message (an empty list when absent or malformed). */
export function unknownAttributes(message: StunMessage): number[] {
  const a = findAttribute(message, StunAttr.UNKNOWN_ATTRIBUTES);
  if (a === undefined || (a.value.length & 1) !== 0) return [];
  const out: number[] = [];
  for (let i = 0; i < a.value.length; i += 2) out.push((a.value[i]! << 8) | a.value[i + 1]!);
  return out;
}

/** Comprehension-required attributes (0x0000-0x7FFF) this codec does not know (section 7.3). */
export function unknownRequiredAttributes(message: StunMessage): number[] {
  return message.attributes.filter((a) => a.type < 0x8000 && !KNOWN_REQUIRED.has(a.type)).map((a) => a.type);
}
