import { ok, type PacketError, type Result } from '../packet/result.js';
import { readU32, rtpHeaderLength } from '../packet/rtp-packet.js';
import { tagsEqual } from './hmac-sha1.js';
import { SRTP_PROFILES, type SrtpProfile, type SrtpProfileName } from './profiles.js';
import { ReplayWindow } from './replay-window.js';
import { SrtcpStreams } from './srtcp-streams.js';
import { SrtpCrypto } from './srtp-crypto.js';
import { srtpFail } from './srtp-errors.js';

/** Master key material for one direction, as SDES (RFC 4568), DTLS-SRTP or ZRTP deliver it. */
export interface SrtpKeyMaterial {
  readonly profile: SrtpProfileName;
  readonly masterKey: Uint8Array;
  /** 14-octet master salt. */
  readonly masterSalt: Uint8Array;
  /**
   * Master key identifier (RFC 3711 section 3.1), 1 to 128 octets, when the keying
   * (e.g. an SDES `|1:4` suffix) asks for one: sent in every packet, checked on receive.
   */
  readonly mki?: Uint8Array;
}

/** Options of an {@link SrtpContext}. */
export interface SrtpContextOptions extends SrtpKeyMaterial {
  /** Replay window in packets for SRTP and SRTCP (RFC 3711 section 3.3.2); default 64. */
  readonly replayWindow?: number;
}

interface RtpStreamState {
  /** Rollover counter (RFC 3711 section 3.2.1). */
  roc: number;
  /** Highest sequence number seen, s_l in RFC 3711 section 3.3.1. */
  sl: number;
  readonly replay: ReplayWindow | undefined;
}

/**
 * SRTP and SRTCP (RFC 3711) for one direction of a session under one master key:
 * make one context for what you send (your key) and one for what you receive
 * (the peer's key). State (ROC, replay window, SRTCP index) is kept per SSRC.
 * One master key per context (an MKI, if any, must match it); key_derivation_rate 0.
 */
export class SrtpContext {
  readonly profile: SrtpProfile;
  readonly #rtp: SrtpCrypto;
  readonly #rtcp: SrtcpStreams;
  readonly #window: number;
  readonly #send = new Map<number, RtpStreamState>();
  readonly #recv = new Map<number, RtpStreamState>();
  readonly #roc = new Uint8Array(4);
  readonly #mki: Uint8Array;

  constructor(options: SrtpContextOptions) {
    const profile = SRTP_PROFILES[options.profile];
    if (!profile) throw new RangeError(`unknown SRTP profile ${String(options.profile)}`);
    this.profile = profile;
    this.#window = options.replayWindow ?? 64;
    this.#mki = Uint8Array.from(options.mki ?? []);
    if (this.#mki.length > 128) throw new RangeError('MKI longer than 128 octets');
    this.#rtp = new SrtpCrypto(profile, options.masterKey, options.masterSalt, false);
    const rtcpCrypto = new SrtpCrypto(profile, options.masterKey, options.masterSalt, true);
    this.#rtcp = new SrtcpStreams(rtcpCrypto, profile.rtcpTagLength, this.#window, this.#mki);
  }

  /** Octets SRTP adds to an RTP packet. */
  get rtpOverhead(): number {
    return this.#mki.length + this.profile.rtpTagLength;
  }

  /** Octets SRTCP adds to an RTCP packet (E flag and index, then the tag). */
  get rtcpOverhead(): number {
    return 4 + this.#mki.length + this.profile.rtcpTagLength;
  }

  /**
   * Encrypts and authenticates an RTP packet. Writes into `out` (which may be the
   * same memory as `packet` if it has room for the tag) or a new buffer, and returns
   * a view of the SRTP packet. Throws on a malformed RTP header: outgoing packets are ours.
   */
  protectRtp(packet: Uint8Array, out?: Uint8Array): Uint8Array {
    const hlen = rtpHeaderLength(packet);
    if (hlen < 0) throw new RangeError('not a valid RTP packet');
    const mkiLen = this.#mki.length;
    const total = packet.length + mkiLen + this.profile.rtpTagLength;
    const dst = out ?? Buffer.allocUnsafe(total);
    if (dst.length < total) throw new RangeError(`output buffer too small: need ${total} octets`);
    if (dst.buffer !== packet.buffer || dst.byteOffset !== packet.byteOffset) dst.set(packet, 0);
    const seq = (packet[2]! << 8) | packet[3]!;
    const ssrc = readU32(packet, 8);
    let st = this.#send.get(ssrc);
    if (!st) {
      st = { roc: 0, sl: seq, replay: undefined };
      this.#send.set(ssrc, st);
    }
    const v = estimateRoc(st, seq);
    if (v * 0x10000 + seq > st.roc * 0x10000 + st.sl) {
      st.roc = v;
      st.sl = seq;
    }
    this.#rtp.cipher.xor(this.#rtp.iv(ssrc, v, seq), dst, hlen, packet.length - hlen);
    const tag = this.#rtp.mac.digest(dst.subarray(0, packet.length), this.#rocBytes(v));
    // The MKI follows the encrypted portion and is not authenticated (RFC 3711 3.1).
    if (mkiLen > 0) dst.set(this.#mki, packet.length);
    dst.set(tag.subarray(0, this.profile.rtpTagLength), packet.length + mkiLen);
    return dst.subarray(0, total);
  }

  /**
   * Authenticates, replay-checks and decrypts an SRTP packet in place. Returns a
   * view of the RTP packet (the input without its tag) or why it was refused.
   * The input is left unchanged when the packet is refused.
   */
  unprotectRtp(packet: Uint8Array): Result<Uint8Array, PacketError> {
    const tagLen = this.profile.rtpTagLength;
    const mkiLen = this.#mki.length;
    const len = packet.length - tagLen - mkiLen;
    const hlen = rtpHeaderLength(packet.subarray(0, Math.max(0, len)));
    if (len < 12 || hlen < 0) return srtpFail('malformed', 'too short or bad RTP header');
    if (mkiLen > 0 && !tagsEqual(this.#mki, packet.subarray(len, len + mkiLen), mkiLen)) {
      return srtpFail('unknown-mki', 'MKI names a master key this context does not have');
    }
    const seq = (packet[2]! << 8) | packet[3]!;
    const ssrc = readU32(packet, 8);
    let st = this.#recv.get(ssrc);
    const fresh = !st;
    // RFC 3711 3.3.1: a receiver takes s_l from the first packet of a stream, ROC 0.
    st ??= { roc: 0, sl: seq, replay: new ReplayWindow(this.#window) };
    const v = estimateRoc(st, seq);
    if (v < 0) return srtpFail('too-old', 'index before the start of the stream');
    const index = v * 0x10000 + seq;
    const verdict = fresh ? 'new' : st.replay!.check(index);
    if (verdict !== 'new') return srtpFail(verdict, `packet index ${index} ${verdict}`);
    const expected = this.#rtp.mac.digest(packet.subarray(0, len), this.#rocBytes(v));
    if (!tagsEqual(expected, packet.subarray(len + mkiLen), tagLen)) {
      return srtpFail('auth-failed', 'SRTP authentication tag mismatch');
    }
    if (fresh) this.#recv.set(ssrc, st);
    st.replay!.accept(index);
    if (index > st.roc * 0x10000 + st.sl) {
      st.roc = v;
      st.sl = seq;
    }
    this.#rtp.cipher.xor(this.#rtp.iv(ssrc, v, seq), packet, hlen, len - hlen);
    return ok(packet.subarray(0, len));
  }

  /** Encrypts and authenticates an RTCP compound packet (RFC 3711 section 3.4); see {@link protectRtp}. */
  protectRtcp(packet: Uint8Array, out?: Uint8Array): Uint8Array {
    return this.#rtcp.protect(packet, out);
  }

  /** Authenticates, replay-checks and decrypts an SRTCP packet in place; see {@link unprotectRtp}. */
  unprotectRtcp(packet: Uint8Array): Result<Uint8Array, PacketError> {
    return this.#rtcp.unprotect(packet);
  }

  /** Current rollover counter of a sent (`send`) or received stream, if known. */
  rolloverCounter(ssrc: number, direction: 'send' | 'receive'): number | undefined {
    return (direction === 'send' ? this.#send : this.#recv).get(ssrc >>> 0)?.roc;
  }

  /**
   * Sets the rollover counter and highest sequence number of a stream, for a
   * receiver joining a stream late or re-keying (RFC 3711 section 3.3.1).
   */
  setRolloverCounter(ssrc: number, direction: 'send' | 'receive', roc: number, seq: number): void {
    const map = direction === 'send' ? this.#send : this.#recv;
    const replay = direction === 'send' ? undefined : new ReplayWindow(this.#window);
    map.set(ssrc >>> 0, { roc: roc >>> 0, sl: seq & 0xffff, replay });
  }

  #rocBytes(roc: number): Uint8Array {
    const b = this.#roc;
    b[0] = roc >>> 24;
    b[1] = roc >>> 16;
    b[2] = roc >>> 8;
    b[3] = roc;
    return b;
  }
}

/** The ROC guess v of RFC 3711 appendix A for sequence number `seq`; -1 means "before the stream". */
function estimateRoc(st: RtpStreamState, seq: number): number {
  if (st.sl < 0x8000) return seq - st.sl > 0x8000 ? st.roc - 1 : st.roc;
  return st.sl - 0x8000 > seq ? (st.roc + 1) >>> 0 : st.roc;
}
