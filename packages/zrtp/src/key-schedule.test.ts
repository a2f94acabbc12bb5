/**
 * The key schedule checked against a second, deliberately plain implementation written
 * here from the formulas of RFC 6189 sections 4.4.1.4, 4.5 and 5.1.6, fed with the DH
 * secret recomputed from the private values the endpoints drew and with the messages
 * captured on the wire. Every intermediate value is compared.
 */
import {
  createDecipheriv,
  createDiffieHellman,
  createECDH,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  getDiffieHellman,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AlgorithmLists, CipherType, HashType, KeyAgreementType } from './algorithms.js';
import { MemorySecretCache } from './cache.js';
import { deriveSessionKeys, dhS0, kdf } from './kdf.js';
import { parsePacket } from './message-parse.js';
import type { ZrtpMessage } from './message-types.js';
import { seededRandom, VirtualCall } from './test-support.js';

const hex = (b: Uint8Array | Buffer) => Buffer.from(b).toString('hex');
const be32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const H = (alg: HashType, ...parts: Buffer[]) =>
  createHash(alg === 'S256' ? 'sha256' : 'sha384')
    .update(Buffer.concat(parts))
    .digest();

/** RFC 6189 section 4.5.1: KDF(KI, Label, Context, L) = HMAC(KI, i || Label || 0x00 || Context || L). */
function rfcKdf(alg: HashType, ki: Buffer, label: string, context: Buffer, L: number): Buffer {
  const mac = createHmac(alg === 'S256' ? 'sha256' : 'sha384', ki);
  mac.update(be32(1));
  mac.update(Buffer.from(label, 'ascii'));
  mac.update(Buffer.from([0]));
  mac.update(context);
  mac.update(be32(L));
  return mac.digest().subarray(0, L / 8);
}

/** s0 for DH mode (section 4.4.1.4), with s1 optional and s2, s3 absent. */
function rfcS0(
  alg: HashType,
  dh: Buffer,
  zidi: Buffer,
  zidr: Buffer,
  totalHash: Buffer,
  s1?: Buffer,
): Buffer {
  const secret = (s?: Buffer) => (s ? [be32(s.length), s] : [be32(0)]);
  return H(
    alg,
    be32(1),
    dh,
    Buffer.from('ZRTP-HMAC-KDF'),
    zidi,
    zidr,
    totalHash,
    ...secret(s1),
    be32(0),
    be32(0),
  );
}

/** B32 rendering straight from section 5.1.6: the top 20 bits of sasvalue, five at a time. */
function rfcB32(sasvalue: Buffer): string {
  const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769';
  const v = sasvalue.readUInt32BE(0);
  return [27, 22, 17, 12].map((shift) => alphabet[(v >>> shift) & 31]).join('');
}

/** The DH result from one side's private draw and the other's public value, with node primitives. */
function dhFromDraws(type: KeyAgreementType, draws: Uint8Array[], ownPv: Buffer, peerPv: Buffer): Buffer {
  for (const d of draws) {
    try {
      if (type === 'X255' && d.length === 32) {
        const priv = createPrivateKey({
          key: { kty: 'OKP', crv: 'X25519', d: Buffer.from(d).toString('base64url'), x: '' },
          format: 'jwk',
        });
        const pub = Buffer.from(createPublicKey(priv).export({ format: 'jwk' }).x!, 'base64url');
        if (!pub.equals(ownPv)) continue;
        const peer = createPublicKey({
          key: { kty: 'OKP', crv: 'X25519', x: peerPv.toString('base64url') },
          format: 'jwk',
        });
        return diffieHellman({ privateKey: priv, publicKey: peer });
      }
      if ((type === 'EC25' && d.length === 32) || (type === 'EC38' && d.length === 48)) {
        const e = createECDH(type === 'EC25' ? 'prime256v1' : 'secp384r1');
        e.setPrivateKey(d);
        if (!e.getPublicKey().subarray(1).equals(ownPv)) continue;
        return e.computeSecret(Buffer.concat([Buffer.from([4]), peerPv]));
      }
      if (type === 'DH3k' && d.length === 64) {
        const g = createDiffieHellman(getDiffieHellman('modp15').getPrime(), Buffer.from([2]));
        g.setPrivateKey(d);
        if (!g.generateKeys().equals(ownPv)) continue;
        const s = g.computeSecret(peerPv);
        return Buffer.concat([Buffer.alloc(384 - s.length), s]);
      }
    } catch {
      /* not a private key of this type */
    }
  }
  throw new Error('private value not found among the draws');
}

function captured(
  call: VirtualCall,
  from: 'a' | 'b',
  type: ZrtpMessage['type'],
): { raw: Buffer; msg: ZrtpMessage } {
  for (const w of call.wire) {
    const p = parsePacket(w.bytes);
    if (w.from === from && p.ok && p.value.message.type === type)
      return { raw: Buffer.from(p.value.raw), msg: p.value.message };
  }
  throw new Error(`no ${type} from ${from}`);
}

const cases: [KeyAgreementType, HashType, CipherType][] = [
  ['X255', 'S256', 'AES1'],
  ['EC25', 'S384', 'AES3'],
  ['EC38', 'S384', 'AES3'],
  ['DH3k', 'S256', 'AES3'],
];

describe('key schedule against an independent implementation of the RFC formulas', () => {
  it('KDF, s0 and session keys match for fixed inputs', () => {
    const r = seededRandom('fixed');
    const dh = Buffer.from(r(32));
    const zidi = Buffer.from(r(12));
    const zidr = Buffer.from(r(12));
    const th = Buffer.from(r(32));
    const rs1 = Buffer.from(r(32));
    for (const alg of ['S256', 'S384'] as const) {
      const s0 = dhS0({ hash: alg, dhResult: dh, zidi, zidr, totalHash: th, s1: rs1 });
      expect(hex(s0)).toBe(hex(rfcS0(alg, dh, zidi, zidr, th, rs1)));
      const ctx = Buffer.concat([zidi, zidr, th]);
      expect(hex(kdf(alg, s0, 'SAS', ctx, 256))).toBe(hex(rfcKdf(alg, Buffer.from(s0), 'SAS', ctx, 256)));
      const k = deriveSessionKeys(alg, 'AES3', s0, ctx);
      const s0b = Buffer.from(s0);
      expect(hex(k.srtpKeyI)).toBe(hex(rfcKdf(alg, s0b, 'Initiator SRTP master key', ctx, 256)));
      expect(hex(k.srtpSaltR)).toBe(hex(rfcKdf(alg, s0b, 'Responder SRTP master salt', ctx, 112)));
      expect(hex(k.zrtpSess)).toBe(
        hex(rfcKdf(alg, s0b, 'ZRTP Session Key', ctx, alg === 'S256' ? 256 : 384)),
      );
      expect(hex(k.newRs1)).toBe(hex(rfcKdf(alg, s0b, 'retained secret', ctx, 256)));
    }
  });

  it.each(cases)('%s %s %s: every value of two real calls, the second with rs1 as s1', (ka, alg, cipher) => {
    const algorithms: AlgorithmLists = {
      hash: [alg],
      cipher: [cipher],
      authTag: ['HS80'],
      keyAgreement: [ka],
      sas: ['B32'],
    };
    const ca = new MemorySecretCache(seededRandom(`${ka}za`)(12));
    const cb = new MemorySecretCache(seededRandom(`${ka}zb`)(12));
    let previousRs1: Buffer | undefined;
    for (const round of [1, 2]) {
      const da: Uint8Array[] = [];
      const db: Uint8Array[] = [];
      const call = new VirtualCall(
        { algorithms, cache: ca, draws: da, seed: `${ka}${round}a` },
        { algorithms, cache: cb, draws: db, seed: `${ka}${round}b`, initiate: false },
      );
      call.run();
      const si = call.a.secure!;
      const sr = call.b.secure!;
      expect(si.role).toBe('initiator');
      const helloR = captured(call, 'b', 'Hello');
      const commit = captured(call, 'a', 'Commit');
      const dh1 = captured(call, 'b', 'DHPart1');
      const dh2 = captured(call, 'a', 'DHPart2');
      // hvi = hash(DHPart2 || responder's Hello), truncated to 256 bits (section 4.4.1.1).
      const hvi = commit.msg.type === 'Commit' ? Buffer.from(commit.msg.hvi!) : Buffer.alloc(0);
      expect(hex(hvi)).toBe(hex(H(alg, dh2.raw, helloR.raw).subarray(0, 32)));
      const pvi = Buffer.from(dh2.msg.type === 'DHPart2' ? dh2.msg.pv : []);
      const pvr = Buffer.from(dh1.msg.type === 'DHPart1' ? dh1.msg.pv : []);
      const dhResult = dhFromDraws(ka, da, pvi, pvr);
      expect(hex(dhFromDraws(ka, db, pvr, pvi))).toBe(hex(dhResult));
      const zidi = Buffer.from(ca.zid);
      const zidr = Buffer.from(cb.zid);
      const totalHash = H(alg, helloR.raw, commit.raw, dh1.raw, dh2.raw);
      const ctx = Buffer.concat([zidi, zidr, totalHash]);
      const s0 = rfcS0(alg, dhResult, zidi, zidr, totalHash, previousRs1);
      const klen = cipher === 'AES1' ? 128 : 256;
      const keyI = rfcKdf(alg, s0, 'Initiator SRTP master key', ctx, klen);
      const saltI = rfcKdf(alg, s0, 'Initiator SRTP master salt', ctx, 112);
      const keyR = rfcKdf(alg, s0, 'Responder SRTP master key', ctx, klen);
      const saltR = rfcKdf(alg, s0, 'Responder SRTP master salt', ctx, 112);
      expect(hex(si.srtp.send.masterKey)).toBe(hex(keyI));
      expect(hex(si.srtp.send.masterSalt)).toBe(hex(saltI));
      expect(hex(si.srtp.receive.masterKey)).toBe(hex(keyR));
      expect(hex(sr.srtp.send.masterSalt)).toBe(hex(saltR));
      const sasHash = rfcKdf(alg, s0, 'SAS', ctx, 256);
      expect(si.sas).toBe(rfcB32(sasHash));
      expect(sr.sas).toBe(rfcB32(sasHash));
      expect(hex(si.exportedKey)).toBe(hex(rfcKdf(alg, s0, 'Exported key', ctx, alg === 'S256' ? 256 : 384)));
      // Confirm1 decrypts under zrtpkeyr, its MAC is keyed with mackeyr, and it reveals H0 of DHPart1's H1.
      const c1 = captured(call, 'b', 'Confirm1');
      if (c1.msg.type !== 'Confirm1') throw new Error('not Confirm1');
      const mackeyr = rfcKdf(alg, s0, 'Responder HMAC key', ctx, alg === 'S256' ? 256 : 384);
      const zrtpkeyr = rfcKdf(alg, s0, 'Responder ZRTP key', ctx, klen);
      const mac = createHmac(alg === 'S256' ? 'sha256' : 'sha384', mackeyr)
        .update(c1.msg.encrypted)
        .digest();
      expect(hex(mac.subarray(0, 8))).toBe(hex(c1.msg.confirmMac));
      const d = createDecipheriv(cipher === 'AES1' ? 'aes-128-cfb' : 'aes-256-cfb', zrtpkeyr, c1.msg.iv);
      const plain = Buffer.concat([d.update(c1.msg.encrypted), d.final()]);
      const h1 = createHash('sha256').update(plain.subarray(0, 32)).digest();
      expect(hex(h1)).toBe(hex(dh1.msg.type === 'DHPart1' ? dh1.msg.h1 : new Uint8Array()));
      // The new retained secret, the same in both caches.
      const rs1 = rfcKdf(alg, s0, 'retained secret', ctx, 256);
      expect(hex(ca.get(cb.zid)!.rs1!)).toBe(hex(rs1));
      expect(hex(cb.get(ca.zid)!.rs1!)).toBe(hex(rs1));
      if (previousRs1) {
        // Round 2: the DHPart IDs are MAC(rs1, "Initiator"/"Responder") truncated to 64 bits (section 4.3.1).
        const id = (role: string) =>
          createHmac(alg === 'S256' ? 'sha256' : 'sha384', previousRs1!)
            .update(role)
            .digest()
            .subarray(0, 8);
        expect(hex(dh2.msg.type === 'DHPart2' ? dh2.msg.rs1Id : new Uint8Array())).toBe(hex(id('Initiator')));
        expect(hex(dh1.msg.type === 'DHPart1' ? dh1.msg.rs1Id : new Uint8Array())).toBe(hex(id('Responder')));
      }
      previousRs1 = rs1;
    }
  });
});
