import {
  SRTP_PROFILES,
  type SrtpKeyMaterial,
  type SrtpKeys,
  type SrtpProfileName,
  splitMasterKey,
} from '@twinkle/rtp';
import type { CryptoAttribute } from '@twinkle/sdp';

/** Why SDES keys could not be used. */
export type SdesResult =
  | { readonly ok: true; readonly keys: SrtpKeys }
  | { readonly ok: false; readonly reason: string };

/**
 * SRTP keys from the SDES crypto lines both sides agreed on (RFC 4568): we send under the key
 * in our own `a=crypto` line and receive under the remote's (section 6.1). The remote line is
 * network input: a bad suite or key gives a reason, never an exception.
 */
export function srtpKeysFromSdes(local: CryptoAttribute, remote: CryptoAttribute): SdesResult {
  const send = keyMaterial(local);
  if (typeof send === 'string') return { ok: false, reason: `our crypto line: ${send}` };
  const receive = keyMaterial(remote);
  if (typeof receive === 'string') return { ok: false, reason: `remote crypto line: ${receive}` };
  return { ok: true, keys: { send, receive } };
}

function keyMaterial(c: CryptoAttribute): SrtpKeyMaterial | string {
  if (!(c.suite in SRTP_PROFILES)) return `unsupported suite ${c.suite}`;
  const profile = c.suite as SrtpProfileName;
  // RFC 4568 section 6.1: several keys are allowed; we use the first (one master key per context).
  const first = c.keyParams.split(';')[0]?.trim() ?? '';
  if (!first.startsWith('inline:')) return 'no inline key';
  const [key = '', ...rest] = first.slice('inline:'.length).split('|');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return 'key is not base64';
  const bytes = Buffer.from(key, 'base64');
  const p = SRTP_PROFILES[profile];
  if (bytes.length !== p.keyLength + p.saltLength) {
    return `${profile} needs ${p.keyLength + p.saltLength} octets of key and salt, got ${bytes.length}`;
  }
  const material = splitMasterKey(profile, new Uint8Array(bytes));
  // Optional lifetime, then optional MKI "value:length" (RFC 4568 section 6.1).
  const mkiText = rest.find((r) => r.includes(':'));
  if (!mkiText) return material;
  const [value = '', length = ''] = mkiText.split(':');
  const n = Number(value);
  const len = Number(length);
  if (
    !/^\d+$/.test(value) ||
    !/^\d+$/.test(length) ||
    len < 1 ||
    len > 128 ||
    n >= 2 ** Math.min(48, 8 * len)
  ) {
    return `bad MKI ${mkiText}`;
  }
  const mki = new Uint8Array(len);
  let v = n;
  for (let i = len - 1; i >= 0 && v > 0; i--) {
    mki[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return { ...material, mki };
}
