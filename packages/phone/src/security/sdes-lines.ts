/**
 * SDES-SRTP (RFC 4568) for peers without ZRTP: our `a=crypto` lines, each with a fresh
 * master key and salt, and the choice among the far end's offered lines. The keys travel
 * in the SDP, so the phone uses SDES only when the signalling is TLS (section 8.3: the
 * lines MUST be protected in transit); {@link signalledOverTls} tells.
 */
import { SRTP_PROFILES, type SrtpProfileName } from '@twinkle/rtp';
import type { CryptoAttribute, SrtpOptions } from '@twinkle/sdp';

/** The suites we offer, most preferred first (RFC 4568 section 6.2; AES-256 of RFC 6188 last). */
export const SDES_SUITES: readonly SrtpProfileName[] = [
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
  'AES_256_CM_HMAC_SHA1_80',
  'AES_256_CM_HMAC_SHA1_32',
];

const inlineKey = (suite: SrtpProfileName, random: (n: number) => Uint8Array): string => {
  const p = SRTP_PROFILES[suite];
  return `inline:${Buffer.from(random(p.keyLength + p.saltLength)).toString('base64')}`;
};

/** SdpSession's `srtp` option: fresh-keyed lines to offer, and our line for an offered one. */
export function sdesOptions(random: (n: number) => Uint8Array): SrtpOptions {
  const offer: CryptoAttribute[] = SDES_SUITES.map((suite, i) => ({
    tag: i + 1,
    suite,
    keyParams: inlineKey(suite, random),
    sessionParams: [],
  }));
  const answers = new Map<string, CryptoAttribute>();
  return {
    offer,
    answer: (offered) => {
      // The first offered line (the offerer's preference) whose suite we have and that asks
      // for no session parameter we do not implement (section 6.3: all of them are optional to us).
      const pick = offered.find(
        (c) => (SDES_SUITES as readonly string[]).includes(c.suite) && c.sessionParams.length === 0,
      );
      if (!pick) return undefined;
      const suite = pick.suite as SrtpProfileName;
      // The same offer answered again (a retransmitted or repeated re-INVITE) keeps our key.
      const key = `${pick.tag} ${suite}`;
      let ours = answers.get(key);
      if (!ours) {
        ours = { tag: pick.tag, suite, keyParams: inlineKey(suite, random), sessionParams: [] };
        answers.set(key, ours);
      }
      return ours;
    },
  };
}

/** What tells how a call is signalled: the URI we call, or the INVITE we received. */
export type SignallingHint =
  | string
  | { readonly requestUri: string; header(name: string): string | undefined };

/**
 * Whether SIP for the call runs over TLS: a `sips:` URI or `transport=tls` for an outgoing
 * call (RFC 3261 section 26.2.2); for an incoming one also the transport of the top Via.
 */
export function signalledOverTls(hint: SignallingHint | undefined): boolean {
  if (hint === undefined) return false;
  const uri = typeof hint === 'string' ? hint : hint.requestUri;
  if (/^\s*<?sips:/i.test(uri) || /;transport=tls\b/i.test(uri)) return true;
  if (typeof hint === 'string') return false;
  const via = hint.header('via') ?? '';
  return /^\s*SIP\s*\/\s*2\.0\s*\/\s*TLS\b/i.test(via);
}
