// SRTP protect/unprotect throughput per core, this package against the "simple path"
// (createCipheriv + createHmac per packet, as a straightforward node:crypto SRTP would do).
import { createCipheriv, createHmac } from 'node:crypto';
import {
  deriveSessionKeys,
  encodeRtp,
  SRTP_PROFILES,
  SrtpContext,
  type SrtpProfileName,
} from '../src/index.js';
import { type Figure, measure, printTable } from './harness.js';

const payload = new Uint8Array(160).fill(0xd5);
const packet = (seq: number) =>
  encodeRtp({
    payloadType: 0,
    sequenceNumber: seq & 0xffff,
    timestamp: seq * 160,
    ssrc: 0x12345678,
    payload,
  });

/** Per-packet createCipheriv/createHmac SRTP protect, the baseline. */
function simpleProtect(profile: SrtpProfileName, key: Uint8Array, salt: Uint8Array) {
  const p = SRTP_PROFILES[profile];
  const k = deriveSessionKeys(p, key, salt, false);
  const algo = p.keyLength === 16 ? 'aes-128-ctr' : 'aes-256-ctr';
  const iv = new Uint8Array(16);
  return (rtp: Uint8Array, roc: number): Buffer => {
    iv.set(k.salt);
    iv[14] = 0;
    iv[15] = 0;
    for (let i = 0; i < 4; i++) iv[4 + i]! ^= rtp[8 + i]!;
    iv[8]! ^= roc >>> 24;
    iv[9]! ^= roc >>> 16;
    iv[10]! ^= roc >>> 8;
    iv[11]! ^= roc;
    iv[12]! ^= rtp[2]!;
    iv[13]! ^= rtp[3]!;
    const body = createCipheriv(algo, k.cipherKey, iv).update(rtp.subarray(12));
    const out = Buffer.concat([rtp.subarray(0, 12), body]);
    const rocBytes = Buffer.alloc(4);
    rocBytes.writeUInt32BE(roc);
    const tag = createHmac('sha1', k.authKey).update(out).update(rocBytes).digest();
    return Buffer.concat([out, tag.subarray(0, p.rtpTagLength)]);
  };
}

const N = 4096;
const plain = Array.from({ length: N }, (_, i) => packet(i));
const figures: Figure[] = [];
for (const profile of [
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
  'AES_256_CM_HMAC_SHA1_80',
  'AES_256_CM_HMAC_SHA1_32',
] as const) {
  const klen = SRTP_PROFILES[profile].keyLength;
  const key = new Uint8Array(klen).fill(7);
  const salt = new Uint8Array(14).fill(9);
  const tx = new SrtpContext({ profile, masterKey: key, masterSalt: salt });
  const out = new Uint8Array(1500);
  let i = 0;
  figures.push(
    measure(
      `${profile} protect`,
      () => {
        for (let j = 0; j < 256; j++) tx.protectRtp(plain[i++ & (N - 1)]!, out);
      },
      256,
    ),
  );
  const protectedPackets = plain.map((p) =>
    new SrtpContext({ profile, masterKey: key, masterSalt: salt }).protectRtp(p),
  );
  // Unprotect decrypts in place and rejects replays, so each round gets a fresh
  // context and fresh copies; copying is timed separately and subtracted.
  const pool = protectedPackets.map((p) => Uint8Array.from(p));
  const copyOnly = measure(
    'copy',
    () => {
      for (let j = 0; j < N; j++) pool[j]!.set(protectedPackets[j]!);
    },
    N,
  );
  const un = measure(
    `${profile} unprotect`,
    () => {
      const rx = new SrtpContext({ profile, masterKey: key, masterSalt: salt });
      for (let j = 0; j < N; j++) {
        pool[j]!.set(protectedPackets[j]!);
        if (!rx.unprotectRtp(pool[j]!).ok) throw new Error('unprotect failed');
      }
    },
    N,
  );
  const ns = un.nsPerOp - copyOnly.nsPerOp;
  figures.push({ name: un.name, nsPerOp: ns, opsPerSecond: 1e9 / ns });
  const simple = simpleProtect(profile, key, salt);
  let k = 0;
  figures.push(
    measure(
      `${profile} protect, simple path`,
      () => {
        for (let j = 0; j < 256; j++) simple(plain[k++ & (N - 1)]!, 0);
      },
      256,
    ),
  );
}
printTable(
  'SRTP packets per second (160-octet payload; simple path = createCipheriv + createHmac per packet)',
  figures,
);
