import { text } from './bytes.js';
import { checkCrc } from './crc32c.js';
import { MESSAGE_TYPES, type MessageType, type ZrtpMessage, type ZrtpPacket } from './message-types.js';
import { fail, ok, type Result } from './result.js';

/** 'ZRTP', the magic cookie of the packet header (section 5). */
export const MAGIC_COOKIE = 0x5a525450;
/** Packet header: 0x10, 0x00, sequence, cookie, source identifier. */
export const PACKET_HEADER_LENGTH = 12;

/** True when a datagram on the RTP port is ZRTP rather than RTP (section 5: first nibble 0001 and the cookie). */
export function isZrtpPacket(b: Uint8Array): boolean {
  return b.length >= 28 && b[0] === 0x10 && b[4] === 0x5a && b[5] === 0x52 && b[6] === 0x54 && b[7] === 0x50;
}

const typeByBlock = new Map<string, MessageType>(MESSAGE_TYPES.map((t) => [t.padEnd(8, ' '), t]));

/** Parses a whole ZRTP packet: header, CRC-32C trailer and message. Never throws. */
export function parsePacket(b: Uint8Array): Result<ZrtpPacket> {
  if (b.length < 28) return fail('too-short', 'a ZRTP packet has at least 28 octets', 0);
  if (b[0] !== 0x10 || b[1] !== 0x00) return fail('bad-header', 'first octets must be 0x10 0x00', 0);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  if (dv.getUint32(4) !== MAGIC_COOKIE) return fail('bad-cookie', "magic cookie is not 'ZRTP'", 4);
  if (!checkCrc(b)) return fail('bad-crc', 'CRC-32C mismatch', b.length - 4);
  const raw = b.subarray(PACKET_HEADER_LENGTH, b.length - 4);
  const m = parseMessage(raw);
  if (!m.ok) return m;
  return ok({ sequence: dv.getUint16(2), ssrc: dv.getUint32(8), message: m.value, raw: raw.slice() });
}

/** Parses one ZRTP message (preamble to end, without packet header and CRC). Never throws. */
export function parseMessage(raw: Uint8Array): Result<ZrtpMessage> {
  if (raw.length < 12) return fail('too-short', 'message shorter than its header', 0);
  if (raw[0] !== 0x50 || raw[1] !== 0x5a) return fail('bad-preamble', 'preamble is not 0x505a', 0);
  const words = (raw[2]! << 8) | raw[3]!;
  if (words * 4 !== raw.length)
    return fail('bad-length', `length field ${words} words, have ${raw.length} octets`, 2);
  const type = typeByBlock.get(text(raw.subarray(4, 12)));
  if (!type) return fail('unknown-type', 'unknown message type block', 4);
  const at = (o: number, n: number): Uint8Array => raw.slice(o, o + n);
  const need = (n: number): Result<never> | undefined =>
    raw.length === n ? undefined : fail('bad-length', `${type} needs ${n} octets`, 2);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
  switch (type) {
    case 'HelloACK':
    case 'Conf2ACK':
    case 'ErrorACK':
    case 'ClearACK':
    case 'RelayACK':
      return need(12) ?? ok({ type });
    case 'Hello': {
      if (raw.length < 88) return fail('bad-length', 'Hello needs at least 88 octets', 2);
      // Octets 76-79: 0SMP, 8 unused bits, then the counts hc|cc|ac|kc|sc, a nibble each.
      const flags = raw[76]!;
      const hc = raw[77]! & 0x0f;
      const cc = raw[78]! >> 4;
      const ac = raw[78]! & 0x0f;
      const kc = raw[79]! >> 4;
      const sc = raw[79]! & 0x0f;
      const total = hc + cc + ac + kc + sc;
      if (raw.length !== 88 + 4 * total)
        return fail('bad-length', 'Hello length does not match its counts', 2);
      const list = (start: number, n: number): string[] => {
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(text(raw.subarray(start + 4 * i, start + 4 * i + 4)).trimEnd());
        return out;
      };
      let o = 80;
      const hash = list(o, hc);
      o += 4 * hc;
      const cipher = list(o, cc);
      o += 4 * cc;
      const authTag = list(o, ac);
      o += 4 * ac;
      const keyAgreement = list(o, kc);
      o += 4 * kc;
      const sas = list(o, sc);
      o += 4 * sc;
      return ok({
        type,
        version: text(raw.subarray(12, 16)),
        clientId: text(raw.subarray(16, 32)),
        h3: at(32, 32),
        zid: at(64, 12),
        signatureCapable: (flags & 0x40) !== 0,
        mitm: (flags & 0x20) !== 0,
        passive: (flags & 0x10) !== 0,
        hash,
        cipher,
        authTag,
        keyAgreement,
        sas,
        mac: at(o, 8),
      });
    }
    case 'Commit': {
      if (raw.length < 76) return fail('bad-length', 'Commit too short', 2);
      const hash = text(raw.subarray(56, 60)).trimEnd();
      const cipher = text(raw.subarray(60, 64)).trimEnd();
      const authTag = text(raw.subarray(64, 68)).trimEnd();
      const ka = text(raw.subarray(68, 72)).trimEnd();
      const sas = text(raw.subarray(72, 76)).trimEnd();
      const common = { type, h2: at(12, 32), zid: at(44, 12), hash, cipher, authTag, keyAgreement: ka, sas };
      if (ka === 'Mult') return need(100) ?? ok({ ...common, nonce: at(76, 16), mac: at(92, 8) });
      if (ka === 'Prsh')
        return need(108) ?? ok({ ...common, nonce: at(76, 16), keyId: at(92, 8), mac: at(100, 8) });
      return need(116) ?? ok({ ...common, hvi: at(76, 32), mac: at(108, 8) });
    }
    case 'DHPart1':
    case 'DHPart2': {
      if (raw.length < 88) return fail('bad-length', `${type} too short`, 2);
      return ok({
        type,
        h1: at(12, 32),
        rs1Id: at(44, 8),
        rs2Id: at(52, 8),
        auxsecretId: at(60, 8),
        pbxsecretId: at(68, 8),
        pv: at(76, raw.length - 84),
        mac: at(raw.length - 8, 8),
      });
    }
    case 'Confirm1':
    case 'Confirm2':
    case 'SASrelay': {
      if (raw.length < 76) return fail('bad-length', `${type} too short`, 2);
      const encrypted = raw.slice(36);
      return type === 'SASrelay'
        ? ok({ type, mac: at(12, 8), iv: at(20, 16), encrypted })
        : ok({ type, confirmMac: at(12, 8), iv: at(20, 16), encrypted });
    }
    case 'Error':
      return need(16) ?? ok({ type, code: dv.getUint32(12) });
    case 'GoClear':
      return need(20) ?? ok({ type, clearMac: at(12, 8) });
    case 'Ping':
      return need(24) ?? ok({ type, version: text(raw.subarray(12, 16)), endpointHash: at(16, 8) });
    case 'PingACK':
      return (
        need(36) ??
        ok({
          type,
          version: text(raw.subarray(12, 16)),
          endpointHash: at(16, 8),
          receivedEndpointHash: at(24, 8),
          ssrc: dv.getUint32(32),
        })
      );
  }
}
