/**
 * The bit of STUN (RFC 5389) a SIP UA needs on its UDP socket: Binding
 * requests as keep-alives (RFC 5626 section 4.4.2), their responses with
 * XOR-MAPPED-ADDRESS (the address a NAT maps us to), and answers to Binding
 * requests from a peer using us as its keep-alive target.
 */
import { canonicalAddress, unmapAddress } from './address.js';

const MAGIC = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020;
const MAPPED_ADDRESS = 0x0001;

/** A parsed STUN message (only what we use). */
export interface StunMessage {
  readonly type: number;
  readonly transactionId: Uint8Array;
  /** From XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS) when present. */
  readonly mapped: { readonly address: string; readonly port: number } | undefined;
}

/** Whether a datagram is STUN rather than SIP: top bits 00, the magic cookie, a sane length (RFC 5389 section 6). */
export function isStun(data: Uint8Array): boolean {
  if (data.length < 20 || (data[0]! & 0xc0) !== 0) return false;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return view.getUint32(4) === MAGIC && view.getUint16(2) + 20 === data.length && (data[3]! & 3) === 0;
}

/** A Binding request with the given 12-byte transaction ID. */
export function stunBindingRequest(transactionId: Uint8Array): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  view.setUint16(0, BINDING_REQUEST);
  view.setUint16(2, 0);
  view.setUint32(4, MAGIC);
  out.set(transactionId.subarray(0, 12), 8);
  return out;
}

/** A Binding success response telling the requester its address (XOR-MAPPED-ADDRESS). */
export function stunBindingSuccess(transactionId: Uint8Array, address: string, port: number): Uint8Array {
  const a = unmapAddress(address);
  const v6 = a.indexOf(':') >= 0;
  const addr = v6 ? ipv6Bytes(a) : ipv4Bytes(a);
  const out = new Uint8Array(20 + 4 + 4 + addr.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, BINDING_SUCCESS);
  view.setUint16(2, 4 + 4 + addr.length);
  view.setUint32(4, MAGIC);
  out.set(transactionId.subarray(0, 12), 8);
  view.setUint16(20, XOR_MAPPED_ADDRESS);
  view.setUint16(22, 4 + addr.length);
  out[24] = 0;
  out[25] = v6 ? 2 : 1;
  view.setUint16(26, port ^ (MAGIC >>> 16));
  for (let i = 0; i < addr.length; i++) out[28 + i] = addr[i]! ^ out[4 + i]!; // cookie then transaction ID
  return out;
}

/** Parses a STUN message (see {@link isStun} first); undefined when malformed. */
export function parseStun(data: Uint8Array): StunMessage | undefined {
  if (!isStun(data)) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const type = view.getUint16(0);
  const transactionId = data.slice(8, 20);
  let mapped: StunMessage['mapped'];
  let pos = 20;
  while (pos + 4 <= data.length) {
    const t = view.getUint16(pos);
    const len = view.getUint16(pos + 2);
    const v = pos + 4;
    if (v + len > data.length) return undefined;
    if ((t === XOR_MAPPED_ADDRESS || (t === MAPPED_ADDRESS && mapped === undefined)) && len >= 8) {
      const xor = t === XOR_MAPPED_ADDRESS;
      const family = data[v + 1];
      const alen = family === 2 ? 16 : 4;
      if (len >= 4 + alen) {
        const port = view.getUint16(v + 2) ^ (xor ? MAGIC >>> 16 : 0);
        const bytes = new Uint8Array(alen);
        for (let i = 0; i < alen; i++) bytes[i] = data[v + 4 + i]! ^ (xor ? data[4 + i]! : 0);
        mapped = { address: family === 2 ? formatIpv6(bytes) : bytes.join('.'), port };
      }
    }
    pos = v + ((len + 3) & ~3);
  }
  return { type, transactionId, mapped };
}

export const STUN_BINDING_REQUEST = BINDING_REQUEST;
export const STUN_BINDING_SUCCESS = BINDING_SUCCESS;

function ipv4Bytes(a: string): Uint8Array {
  return Uint8Array.from(a.split('.').map(Number));
}

function ipv6Bytes(a: string): Uint8Array {
  const out = new Uint8Array(16);
  canonicalAddress(a)
    .split(':')
    .forEach((g, i) => {
      const n = Number.parseInt(g, 16);
      out[i * 2] = n >> 8;
      out[i * 2 + 1] = n & 0xff;
    });
  return out;
}

function formatIpv6(b: Uint8Array): string {
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return g.join(':');
}
