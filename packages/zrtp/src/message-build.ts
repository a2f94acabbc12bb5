import { ascii, concat, u32 } from './bytes.js';
import { writeCrc } from './crc32c.js';
import { MAGIC_COOKIE, PACKET_HEADER_LENGTH } from './message-parse.js';
import type { MessageType } from './message-types.js';

/** Builds message octets: preamble 0x505a, length in words, type block, body (section 5.1). */
export function buildMessage(type: MessageType, body: Uint8Array): Uint8Array {
  const len = 12 + body.length;
  const out = new Uint8Array(len);
  out[0] = 0x50;
  out[1] = 0x5a;
  out[2] = (len / 4) >> 8;
  out[3] = (len / 4) & 0xff;
  out.set(ascii(type, 8), 4);
  out.set(body, 12);
  return out;
}

/** Wraps a message in the packet header and CRC-32C trailer (section 5). */
export function buildPacket(sequence: number, ssrc: number, message: Uint8Array): Uint8Array {
  const p = new Uint8Array(PACKET_HEADER_LENGTH + message.length + 4);
  const dv = new DataView(p.buffer);
  p[0] = 0x10;
  dv.setUint16(2, sequence & 0xffff);
  dv.setUint32(4, MAGIC_COOKIE);
  dv.setUint32(8, ssrc >>> 0);
  p.set(message, PACKET_HEADER_LENGTH);
  writeCrc(p, p.length - 4);
  return p;
}

/** Fields of a Hello to build. */
export interface HelloFields {
  readonly version: string;
  readonly clientId: string;
  readonly h3: Uint8Array;
  readonly zid: Uint8Array;
  readonly passive?: boolean;
  readonly hash: readonly string[];
  readonly cipher: readonly string[];
  readonly authTag: readonly string[];
  readonly keyAgreement: readonly string[];
  readonly sas: readonly string[];
}

const list = (xs: readonly string[]): Uint8Array[] => xs.slice(0, 7).map((x) => ascii(x, 4));

/** Hello with a zero MAC (fill it with {@link setMac}). */
export function buildHello(f: HelloFields): Uint8Array {
  const flags = new Uint8Array(4);
  flags[0] = f.passive ? 0x10 : 0;
  flags[1] = Math.min(7, f.hash.length);
  flags[2] = (Math.min(7, f.cipher.length) << 4) | Math.min(7, f.authTag.length);
  flags[3] = (Math.min(7, f.keyAgreement.length) << 4) | Math.min(7, f.sas.length);
  const body = concat(
    ascii(f.version, 4),
    ascii(f.clientId, 16),
    f.h3,
    f.zid,
    flags,
    ...list(f.hash),
    ...list(f.cipher),
    ...list(f.authTag),
    ...list(f.keyAgreement),
    ...list(f.sas),
    new Uint8Array(8),
  );
  return buildMessage('Hello', body);
}

/** Fields of a Commit; exactly one of hvi (DH modes) or nonce (Mult) is given. */
export interface CommitFields {
  readonly h2: Uint8Array;
  readonly zid: Uint8Array;
  readonly hash: string;
  readonly cipher: string;
  readonly authTag: string;
  readonly keyAgreement: string;
  readonly sas: string;
  readonly hvi?: Uint8Array;
  readonly nonce?: Uint8Array;
}

/** Commit with a zero MAC. */
export function buildCommit(f: CommitFields): Uint8Array {
  const tail = f.hvi ?? f.nonce ?? new Uint8Array(32);
  const body = concat(
    f.h2,
    f.zid,
    ascii(f.hash, 4),
    ascii(f.cipher, 4),
    ascii(f.authTag, 4),
    ascii(f.keyAgreement, 4),
    ascii(f.sas, 4),
    tail,
    new Uint8Array(8),
  );
  return buildMessage('Commit', body);
}

/** DHPart1 or DHPart2 with a zero MAC. */
export function buildDhPart(
  type: 'DHPart1' | 'DHPart2',
  f: {
    h1: Uint8Array;
    rs1Id: Uint8Array;
    rs2Id: Uint8Array;
    auxsecretId: Uint8Array;
    pbxsecretId: Uint8Array;
    pv: Uint8Array;
  },
): Uint8Array {
  return buildMessage(
    type,
    concat(f.h1, f.rs1Id, f.rs2Id, f.auxsecretId, f.pbxsecretId, f.pv, new Uint8Array(8)),
  );
}

/** Error (section 5.9). */
export const buildError = (code: number): Uint8Array => buildMessage('Error', u32(code));

/** A message without a body: HelloACK, Conf2ACK, ErrorACK, ClearACK, RelayACK. */
export const buildEmpty = (
  type: 'HelloACK' | 'Conf2ACK' | 'ErrorACK' | 'ClearACK' | 'RelayACK',
): Uint8Array => buildMessage(type, new Uint8Array(0));

/** GoClear with its clear_hmac (section 5.11). */
export const buildGoClear = (clearMac: Uint8Array): Uint8Array => buildMessage('GoClear', clearMac);

/** Ping (section 5.15). */
export const buildPing = (version: string, endpointHash: Uint8Array): Uint8Array =>
  buildMessage('Ping', concat(ascii(version, 4), endpointHash));

/** PingACK (section 5.16). */
export const buildPingAck = (
  version: string,
  endpointHash: Uint8Array,
  received: Uint8Array,
  ssrc: number,
): Uint8Array => buildMessage('PingACK', concat(ascii(version, 4), endpointHash, received, u32(ssrc)));
