import {
  createDiffieHellman,
  createECDH,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  getDiffieHellman,
} from 'node:crypto';
import type { KeyAgreementType } from './algorithms.js';

/** The Diffie-Hellman types with a public value (all but Mult). */
export type DhType = Exclude<KeyAgreementType, 'Mult'>;

/** One side's key pair for a ZRTP key agreement. */
export interface KeyPair {
  readonly type: DhType;
  /** The public value as a DHPart carries it (section 5.5/5.6). */
  readonly publicValue: Uint8Array;
  /** DHResult from the peer's public value (section 4.4.1.4), or undefined when that value is invalid. */
  agree(peer: Uint8Array): Uint8Array | undefined;
}

/** Length of each public value in octets: DH3k 384, EC25 x||y 64, EC38 x||y 96, X255 32. */
export const PUBLIC_VALUE_LENGTH: Readonly<Record<DhType, number>> = {
  DH3k: 384,
  EC25: 64,
  EC38: 96,
  X255: 32,
};

const MODP15 = getDiffieHellman('modp15').getPrime();
const MODP15_MINUS_1 = (() => {
  const p = new Uint8Array(MODP15);
  p[p.length - 1]! -= 1; // the prime is odd: no borrow
  return p;
})();

const leftPad = (b: Uint8Array, n: number): Uint8Array => {
  if (b.length >= n) return b;
  const o = new Uint8Array(n);
  o.set(b, n - b.length);
  return o;
};

const isValue = (v: Uint8Array, small: number): boolean => {
  for (let i = 0; i < v.length - 1; i++) if (v[i] !== 0) return false;
  return v[v.length - 1] === small;
};

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** DH3k public value check of section 4.4.1.1: reject 0, 1, p-1 and anything not below p. */
export function dh3kValueValid(pv: Uint8Array): boolean {
  if (pv.length !== 384) return false;
  if (isValue(pv, 0) || isValue(pv, 1) || equal(pv, MODP15_MINUS_1)) return false;
  return Buffer.compare(Buffer.from(pv), MODP15) < 0;
}

function dh3k(random: (n: number) => Uint8Array): KeyPair {
  const dh = createDiffieHellman(MODP15, Buffer.from([2]));
  // Section 5.1.5: an exponent of twice the AES key length (512 bits for AES3) suffices.
  dh.setPrivateKey(Buffer.from(random(64)));
  const pub = leftPad(new Uint8Array(dh.generateKeys()), 384);
  return {
    type: 'DH3k',
    publicValue: pub,
    agree(peer) {
      if (!dh3kValueValid(peer)) return undefined;
      try {
        return leftPad(new Uint8Array(dh.computeSecret(Buffer.from(peer))), 384);
      } catch {
        return undefined;
      }
    },
  };
}

function ec(type: 'EC25' | 'EC38', random: (n: number) => Uint8Array): KeyPair {
  const size = type === 'EC25' ? 32 : 48;
  const ecdh = createECDH(type === 'EC25' ? 'prime256v1' : 'secp384r1');
  // A random scalar below the order is overwhelmingly likely; OpenSSL rejects the others.
  for (;;) {
    try {
      ecdh.setPrivateKey(Buffer.from(random(size)));
      break;
    } catch {
      /* out of range: draw again */
    }
  }
  const pub = new Uint8Array(ecdh.getPublicKey()).slice(1); // drop the 0x04 prefix: x||y
  return {
    type,
    publicValue: pub,
    agree(peer) {
      if (peer.length !== 2 * size) return undefined;
      const point = new Uint8Array(2 * size + 1);
      point[0] = 4;
      point.set(peer, 1);
      try {
        // OpenSSL checks the point is on the curve; DHResult is the x coordinate.
        return leftPad(new Uint8Array(ecdh.computeSecret(Buffer.from(point))), size);
      } catch {
        return undefined;
      }
    },
  };
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function x255(random: (n: number) => Uint8Array): KeyPair {
  const d = random(32);
  const priv = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64u(d), x: '' }, format: 'jwk' });
  const jwk = createPublicKey(priv).export({ format: 'jwk' });
  const pub = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
  return {
    type: 'X255',
    publicValue: pub,
    agree(peer) {
      if (peer.length !== 32) return undefined;
      try {
        const pk = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(peer) }, format: 'jwk' });
        const s = new Uint8Array(diffieHellman({ privateKey: priv, publicKey: pk }));
        // An all-zero result means a small-order peer value (RFC 7748 section 6.1).
        return s.every((x) => x === 0) ? undefined : s;
      } catch {
        return undefined;
      }
    },
  };
}

/** Makes a key pair, drawing the private value from `random`. */
export function generateKeyPair(type: DhType, random: (n: number) => Uint8Array): KeyPair {
  switch (type) {
    case 'DH3k':
      return dh3k(random);
    case 'EC25':
    case 'EC38':
      return ec(type, random);
    case 'X255':
      return x255(random);
  }
}
