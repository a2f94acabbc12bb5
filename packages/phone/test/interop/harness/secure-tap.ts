/**
 * A look at what a call's RTP port receives once it is secured: the media factory's ports
 * get a transport wrapper that sees every datagram first (as ZRTP does) and the SRTP keys
 * when they are switched on. With its own SRTP context under the same receive key, it tells
 * SRTP that decrypts from anything else (plain RTP) without disturbing the session.
 */
import { SrtpContext, type SrtpKeys } from '@twinkle/rtp';
import type { MediaFactory, SecureMediaTransport } from '../../../src/index.js';

export interface SecureTap {
  /** ZRTP datagrams seen (first octet 0x10). */
  zrtp: number;
  /** RTP-version datagrams before any SRTP key. */
  plainBeforeKeys: number;
  /** RTP-version datagrams after the keys that decrypt under the receive key. */
  decrypted: number;
  /** RTP-version datagrams after the keys that do not (plain RTP, or another key). */
  undecryptable: number;
  /** When (performance.now) SRTP was switched on, undefined while off. */
  switchedAt: number | undefined;
  keys: SrtpKeys | undefined;
}

export function newSecureTap(): SecureTap {
  return {
    zrtp: 0,
    plainBeforeKeys: 0,
    decrypted: 0,
    undecryptable: 0,
    switchedAt: undefined,
    keys: undefined,
  };
}

/**
 * `factory` with each opened port's secure transport observed by the tap `current()` gives
 * when the port opens (one per call); `graceMs` after the switch is not judged (packets the
 * peer sent before it switched may still arrive).
 */
export function tappedFactory(factory: MediaFactory, current: () => SecureTap, graceMs = 300): MediaFactory {
  return {
    async open(request) {
      const port = await factory.open(request);
      const tap = current();
      const t = port.secure;
      if (!t) throw new Error('the media port has no secure transport');
      let ctx: SrtpContext | undefined;
      const judge = (d: Uint8Array) => {
        if (d[0] === 0x10) tap.zrtp++;
        // RTP version 2, not RTCP (RFC 5761 section 4: packet types 192-223).
        if (d.length < 12 || d[0]! >> 6 !== 2 || (d[1]! >= 192 && d[1]! <= 223)) return;
        if (!ctx || tap.switchedAt === undefined) {
          if (!ctx) tap.plainBeforeKeys++;
          return;
        }
        if (performance.now() < tap.switchedAt + graceMs) return;
        if (ctx.unprotectRtp(new Uint8Array(d)).ok) tap.decrypted++;
        else tap.undecryptable++;
      };
      const seen: SecureMediaTransport = {
        get ssrc() {
          return t.ssrc;
        },
        intercept: (filter) =>
          t.intercept(
            filter &&
              ((d, from) => {
                judge(d);
                return filter(d, from);
              }),
          ),
        sendDatagram: (b, to) => t.sendDatagram(b, to),
        setSrtp: (keys) => {
          tap.keys = keys;
          tap.switchedAt = keys ? performance.now() : undefined;
          ctx = keys && new SrtpContext({ ...keys.receive });
          t.setSrtp(keys);
        },
      };
      Object.defineProperty(port, 'secure', { value: seen });
      return port;
    },
  };
}
