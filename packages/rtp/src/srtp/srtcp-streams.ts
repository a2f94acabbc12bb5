import { ok, type PacketError, type Result } from '../packet/result.js';
import { readU32, writeU32 } from '../packet/rtp-packet.js';
import { tagsEqual } from './hmac-sha1.js';
import { ReplayWindow } from './replay-window.js';
import type { SrtpCrypto } from './srtp-crypto.js';
import { srtpFail } from './srtp-errors.js';

const MAX_INDEX = 0x7fffffff;

/** SRTCP (RFC 3711 section 3.4): per-SSRC send index and receive replay windows. */
export class SrtcpStreams {
  readonly #crypto: SrtpCrypto;
  readonly #tagLen: number;
  readonly #window: number;
  readonly #mki: Uint8Array;
  readonly #sendIndex = new Map<number, number>();
  readonly #replay = new Map<number, ReplayWindow>();

  constructor(crypto: SrtpCrypto, tagLen: number, window: number, mki: Uint8Array) {
    this.#mki = mki;
    this.#crypto = crypto;
    this.#tagLen = tagLen;
    this.#window = window;
  }

  /** Next SRTCP index that will be used for `ssrc` (starts at 0). */
  nextIndex(ssrc: number): number {
    return this.#sendIndex.get(ssrc >>> 0) ?? 0;
  }

  protect(packet: Uint8Array, out?: Uint8Array): Uint8Array {
    if (packet.length < 8 || packet[0]! >> 6 !== 2) throw new RangeError('not a valid RTCP packet');
    const mkiLen = this.#mki.length;
    const total = packet.length + 4 + mkiLen + this.#tagLen;
    const dst = out ?? Buffer.allocUnsafe(total);
    if (dst.length < total) throw new RangeError(`output buffer too small: need ${total} octets`);
    if (dst.buffer !== packet.buffer || dst.byteOffset !== packet.byteOffset) dst.set(packet, 0);
    const ssrc = readU32(packet, 4);
    const index = this.#sendIndex.get(ssrc) ?? 0;
    // The index is 31 bits; RFC 3711 3.4 requires re-keying before it wraps.
    this.#sendIndex.set(ssrc, (index + 1) & MAX_INDEX);
    // Everything after the first 8 octets (header and sender SSRC) is encrypted.
    this.#crypto.cipher.xor(this.#crypto.iv(ssrc, index >>> 16, index & 0xffff), dst, 8, packet.length - 8);
    writeU32(dst, packet.length, (0x80000000 | index) >>> 0);
    const tag = this.#crypto.mac.digest(dst.subarray(0, packet.length + 4));
    if (mkiLen > 0) dst.set(this.#mki, packet.length + 4);
    dst.set(tag.subarray(0, this.#tagLen), packet.length + 4 + mkiLen);
    return dst.subarray(0, total);
  }

  unprotect(packet: Uint8Array): Result<Uint8Array, PacketError> {
    const mkiLen = this.#mki.length;
    const len = packet.length - 4 - mkiLen - this.#tagLen;
    if (len < 8 || packet[0]! >> 6 !== 2) return srtpFail('malformed', 'too short for SRTCP');
    if (mkiLen > 0 && !tagsEqual(this.#mki, packet.subarray(len + 4, len + 4 + mkiLen), mkiLen)) {
      return srtpFail('unknown-mki', 'MKI names a master key this context does not have');
    }
    const ssrc = readU32(packet, 4);
    const word = readU32(packet, len);
    const encrypted = word >>> 31 === 1;
    const index = word & MAX_INDEX;
    const window = this.#replay.get(ssrc);
    const verdict = window ? window.check(index) : 'new';
    if (verdict !== 'new') return srtpFail(verdict, `SRTCP index ${index} ${verdict}`);
    const expected = this.#crypto.mac.digest(packet.subarray(0, len + 4));
    if (!tagsEqual(expected, packet.subarray(len + 4 + mkiLen), this.#tagLen)) {
      return srtpFail('auth-failed', 'SRTCP authentication tag mismatch');
    }
    let w = window;
    if (!w) {
      w = new ReplayWindow(this.#window);
      this.#replay.set(ssrc, w);
    }
    w.accept(index);
    if (encrypted) {
      this.#crypto.cipher.xor(this.#crypto.iv(ssrc, index >>> 16, index & 0xffff), packet, 8, len - 8);
    }
    return ok(packet.subarray(0, len));
  }
}
