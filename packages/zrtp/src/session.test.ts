import { describe, expect, it } from 'vitest';
import type {
  AlgorithmLists,
  AuthTagType,
  CipherType,
  HashType,
  KeyAgreementType,
  SasType,
} from './algorithms.js';
import { toHex } from './bytes.js';
import { VirtualCall } from './test-support.js';

const only = (
  k: KeyAgreementType,
  h: HashType,
  c: CipherType,
  t: AuthTagType,
  s: SasType,
): AlgorithmLists => ({
  hash: [h],
  cipher: [c],
  authTag: [t],
  keyAgreement: [k],
  sas: [s],
});

function expectAgreement(call: VirtualCall): void {
  const a = call.a.secure;
  const b = call.b.secure;
  expect(call.a.session.state).toBe('secure');
  expect(call.b.session.state).toBe('secure');
  expect(a && b).toBeTruthy();
  expect(a!.sas).toBe(b!.sas);
  expect(toHex(a!.srtp.send.masterKey)).toBe(toHex(b!.srtp.receive.masterKey));
  expect(toHex(a!.srtp.send.masterSalt)).toBe(toHex(b!.srtp.receive.masterSalt));
  expect(toHex(a!.srtp.receive.masterKey)).toBe(toHex(b!.srtp.send.masterKey));
  expect(toHex(a!.srtp.send.masterKey)).not.toBe(toHex(a!.srtp.receive.masterKey));
  expect(new Set([a!.role, b!.role])).toEqual(new Set(['initiator', 'responder']));
}

describe('ZrtpSession between two endpoints', () => {
  it('reaches secure with the same keys and SAS (defaults, contention resolved)', () => {
    const call = new VirtualCall();
    call.run();
    expectAgreement(call);
    expect(call.a.secure!.algorithms.keyAgreement).toBe('X255');
    expect(call.a.secure!.sas).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{4}$/);
  });

  const combos: [KeyAgreementType, HashType, CipherType, AuthTagType, SasType][] = [];
  for (const k of ['DH3k', 'EC25', 'EC38', 'X255'] as const)
    for (const h of ['S256', 'S384'] as const)
      for (const c of ['AES1', 'AES3'] as const)
        combos.push([k, h, c, c === 'AES1' ? 'HS32' : 'HS80', h === 'S256' ? 'B32' : 'B256']);
  it.each(combos)('%s %s %s %s %s', (k, h, c, t, s) => {
    const algs = only(k, h, c, t, s);
    const call = new VirtualCall(
      { algorithms: algs, seed: `a${k}${h}${c}` },
      { algorithms: algs, initiate: false },
    );
    call.run();
    expectAgreement(call);
    expect(call.a.secure!.algorithms).toEqual({ hash: h, cipher: c, authTag: t, keyAgreement: k, sas: s });
    expect(call.a.secure!.srtp.send.profile).toBe(
      `${c === 'AES1' ? 'AES_CM_128' : 'AES_256_CM'}_HMAC_SHA1_${t === 'HS32' ? '32' : '80'}`,
    );
    expect(call.a.secure!.srtp.send.masterKey.length).toBe(c === 'AES1' ? 16 : 32);
    expect(call.a.secure!.srtp.send.masterSalt.length).toBe(14);
    if (s === 'B256') expect(call.a.secure!.sas).toMatch(/^\w+ \w+$/);
  });
});
