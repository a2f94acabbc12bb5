import { getDiffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dh3kValueValid, generateKeyPair, PUBLIC_VALUE_LENGTH } from './key-agreement.js';
import { ZrtpErrorCode } from './message-types.js';
import { rewriteMessage, seededRandom, VirtualCall } from './test-support.js';

const p = new Uint8Array(getDiffieHellman('modp15').getPrime());
const small = (v: number) => {
  const b = new Uint8Array(384);
  b[383] = v;
  return b;
};

describe('key agreement (RFC 6189 section 4.4.1.1 and 5.1.5)', () => {
  it.each(['DH3k', 'EC25', 'EC38', 'X255'] as const)('%s: both sides compute the same DHResult', (type) => {
    const a = generateKeyPair(type, seededRandom(`${type}a`));
    const b = generateKeyPair(type, seededRandom(`${type}b`));
    expect(a.publicValue.length).toBe(PUBLIC_VALUE_LENGTH[type]);
    const s = a.agree(b.publicValue);
    expect(s).toBeDefined();
    expect(Buffer.from(s!)).toEqual(Buffer.from(b.agree(a.publicValue)!));
  });

  it('rejects the DH3k public values 0, 1, p-1 and p', () => {
    const pMinus1 = p.slice();
    pMinus1[383]! -= 1;
    for (const bad of [small(0), small(1), pMinus1, p]) expect(dh3kValueValid(bad)).toBe(false);
    expect(dh3kValueValid(small(2))).toBe(true);
    const kp = generateKeyPair('DH3k', seededRandom('dh'));
    expect(kp.agree(small(1))).toBeUndefined();
    expect(kp.agree(pMinus1)).toBeUndefined();
  });

  it('rejects EC points off the curve and an all-zero X25519 result', () => {
    const ec = generateKeyPair('EC25', seededRandom('ec'));
    const off = ec.publicValue.slice();
    off[63]! ^= 1;
    expect(ec.agree(off)).toBeUndefined();
    expect(ec.agree(new Uint8Array(10))).toBeUndefined();
    const x = generateKeyPair('X255', seededRandom('x'));
    expect(x.agree(new Uint8Array(32))).toBeUndefined(); // the zero point has small order
  });

  it('answers a DHPart1 carrying pv = p-1 with Error 0x61', () => {
    const algorithms = {
      hash: ['S256'],
      cipher: ['AES1'],
      authTag: ['HS32'],
      keyAgreement: ['DH3k'],
      sas: ['B32'],
    } as const;
    const pMinus1 = p.slice();
    pMinus1[383]! -= 1;
    const call = new VirtualCall(
      { algorithms: { ...algorithms, keyAgreement: ['DH3k'] } },
      { algorithms: { ...algorithms, keyAgreement: ['DH3k'] }, initiate: false },
      undefined,
      10,
      (_from, type, bytes) => (type === 'DHPart1' ? rewriteMessage(bytes, (m) => m.set(pMinus1, 76)) : bytes),
    );
    call.run();
    expect(call.a.events).toContainEqual({
      type: 'error',
      code: ZrtpErrorCode.BadPublicValue,
      direction: 'sent',
    });
    expect(call.a.secure).toBeUndefined();
    expect(call.b.session.state).toBe('failed');
  });
});
