import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';
import { setMac } from './hash-chain.js';
import {
  buildCommit,
  buildDhPart,
  buildEmpty,
  buildError,
  buildGoClear,
  buildHello,
  buildMessage,
  buildPacket,
  buildPing,
  buildPingAck,
} from './message-build.js';
import { isZrtpPacket, parseMessage, parsePacket } from './message-parse.js';
import { seededRandom } from './test-support.js';

const r = seededRandom('codec');

describe('ZRTP packet codec (RFC 6189 section 5)', () => {
  it('computes CRC-32C (check value of "123456789")', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('frames a message with header and CRC, low-order CRC octet first', () => {
    const p = buildPacket(7, 0xdeadbeef, buildEmpty('HelloACK'));
    expect(p.length).toBe(28);
    expect([...p.subarray(0, 8)]).toEqual([0x10, 0, 0, 7, 0x5a, 0x52, 0x54, 0x50]);
    const c = crc32c(p, 0, 24);
    expect([...p.subarray(24)]).toEqual([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24]);
    const parsed = parsePacket(p);
    expect(parsed.ok && parsed.value).toMatchObject({
      sequence: 7,
      ssrc: 0xdeadbeef,
      message: { type: 'HelloACK' },
    });
    expect(isZrtpPacket(p)).toBe(true);
  });

  it('rejects a corrupted CRC, cookie, preamble and length', () => {
    const p = buildPacket(1, 1, buildEmpty('Conf2ACK'));
    const bad = (i: number) => {
      const q = p.slice();
      q[i]! ^= 1;
      return parsePacket(q);
    };
    expect(bad(27)).toMatchObject({ ok: false, error: { code: 'bad-crc' } });
    expect(bad(5)).toMatchObject({ ok: false, error: { code: 'bad-cookie' } });
    expect(parseMessage(buildEmpty('Conf2ACK').fill(0, 0, 1))).toMatchObject({
      ok: false,
      error: { code: 'bad-preamble' },
    });
    expect(parseMessage(buildMessage('Error', new Uint8Array(8)))).toMatchObject({
      ok: false,
      error: { code: 'bad-length' },
    });
  });

  it('round-trips Hello with its algorithm lists and flags', () => {
    const h3 = r(32);
    const zid = r(12);
    const msg = setMac(
      buildHello({
        version: '1.10',
        clientId: 'Twinkle-TS',
        h3,
        zid,
        passive: true,
        hash: ['S256', 'S384'],
        cipher: ['AES3'],
        authTag: ['HS80', 'HS32'],
        keyAgreement: ['X255', 'EC25', 'DH3k'],
        sas: ['B32'],
      }),
      r(32),
    );
    expect(msg.length).toBe(88 + 4 * 9);
    const p = parseMessage(msg);
    if (!p.ok || p.value.type !== 'Hello') throw new Error('no Hello');
    expect(p.value).toMatchObject({
      version: '1.10',
      clientId: 'Twinkle-TS      ',
      passive: true,
      mitm: false,
      hash: ['S256', 'S384'],
      cipher: ['AES3'],
      authTag: ['HS80', 'HS32'],
      keyAgreement: ['X255', 'EC25', 'DH3k'],
      sas: ['B32'],
    });
    expect(p.value.h3).toEqual(h3);
    expect(p.value.zid).toEqual(zid);
    expect(p.value.mac).toEqual(msg.subarray(msg.length - 8));
  });

  it('round-trips Commit in DH and Multistream forms, DHPart, Error, GoClear, Ping, PingACK', () => {
    const common = { h2: r(32), zid: r(12), hash: 'S256', cipher: 'AES1', authTag: 'HS32', sas: 'B32' };
    const dh = parseMessage(buildCommit({ ...common, keyAgreement: 'EC25', hvi: r(32) }));
    expect(dh.ok && dh.value.type === 'Commit' && dh.value.hvi?.length).toBe(32);
    expect(dh.ok && dh.value).toMatchObject({ keyAgreement: 'EC25', hash: 'S256', sas: 'B32' });
    const ms = parseMessage(buildCommit({ ...common, keyAgreement: 'Mult', nonce: r(16) }));
    expect(ms.ok && ms.value.type === 'Commit' && ms.value.nonce?.length).toBe(16);
    const pv = r(64);
    const part = parseMessage(
      buildDhPart('DHPart2', {
        h1: r(32),
        rs1Id: r(8),
        rs2Id: r(8),
        auxsecretId: r(8),
        pbxsecretId: r(8),
        pv,
      }),
    );
    expect(part.ok && part.value.type === 'DHPart2' && part.value.pv).toEqual(pv);
    expect(parseMessage(buildError(0x62))).toMatchObject({ ok: true, value: { type: 'Error', code: 0x62 } });
    expect(parseMessage(buildGoClear(r(8)))).toMatchObject({ ok: true, value: { type: 'GoClear' } });
    expect(parseMessage(buildPing('1.10', r(8)))).toMatchObject({
      ok: true,
      value: { type: 'Ping', version: '1.10' },
    });
    expect(parseMessage(buildPingAck('1.10', r(8), r(8), 42))).toMatchObject({
      ok: true,
      value: { type: 'PingACK', ssrc: 42 },
    });
    for (const t of ['HelloACK', 'Conf2ACK', 'ErrorACK', 'ClearACK', 'RelayACK'] as const) {
      expect(parseMessage(buildEmpty(t))).toMatchObject({ ok: true, value: { type: t } });
    }
    expect(parseMessage(buildMessage('SASrelay', r(64)))).toMatchObject({
      ok: true,
      value: { type: 'SASrelay' },
    });
  });

  it('never throws on random or truncated input', () => {
    const rnd = seededRandom('fuzz');
    const good = buildPacket(
      3,
      3,
      buildCommit({
        h2: r(32),
        zid: r(12),
        hash: 'S256',
        cipher: 'AES1',
        authTag: 'HS32',
        keyAgreement: 'DH3k',
        sas: 'B32',
        hvi: r(32),
      }),
    );
    for (let i = 0; i < 3000; i++) {
      const n = rnd(1)[0]! % 140;
      const junk = rnd(n);
      if (i % 3 === 0 && n >= 8) junk.set([0x10, 0, 0, 0, 0x5a, 0x52, 0x54, 0x50]);
      expect(() => parsePacket(junk)).not.toThrow();
      expect(() => parseMessage(junk)).not.toThrow();
      const cut = good.subarray(0, n % good.length);
      expect(parsePacket(cut).ok).toBe(false);
    }
  });
});
