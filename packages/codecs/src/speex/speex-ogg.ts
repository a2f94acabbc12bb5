/**
 * Minimal Ogg reader for `.spx` files (speexenc output): splits pages into
 * packets (RFC 3533) and parses the Speex header packet. Enough to feed a
 * file's frames to the decoder; CRCs are not checked. Never throws on input.
 */

/** The fields of the 80-byte Speex header packet that a decoder needs. */
export interface SpeexOggHeader {
  readonly rate: number;
  /** 0 narrowband, 1 wideband, 2 ultra-wideband. */
  readonly mode: number;
  readonly channels: number;
  readonly vbr: boolean;
  readonly framesPerPacket: number;
  readonly extraHeaders: number;
}

/** A parsed `.spx` file: header and audio packets (comments and extra headers dropped). */
export interface SpeexOggFile {
  readonly header: SpeexOggHeader;
  readonly packets: readonly Uint8Array[];
}

/** Splits an Ogg stream into its packets, or returns an error message. */
export function readOggPackets(
  data: Uint8Array,
): { ok: true; packets: Uint8Array[] } | { ok: false; error: string } {
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let pos = 0;
  while (pos + 27 <= data.length) {
    if (data[pos] !== 0x4f || data[pos + 1] !== 0x67 || data[pos + 2] !== 0x67 || data[pos + 3] !== 0x53) {
      return { ok: false, error: `no OggS capture pattern at ${pos}` };
    }
    const nsegs = data[pos + 26]!;
    let body = pos + 27 + nsegs;
    if (body > data.length) return { ok: false, error: 'truncated segment table' };
    for (let i = 0; i < nsegs; i++) {
      const len = data[pos + 27 + i]!;
      if (body + len > data.length) return { ok: false, error: 'truncated page body' };
      pending.push(data.subarray(body, body + len));
      body += len;
      if (len < 255) {
        const total = pending.reduce((n, p) => n + p.length, 0);
        const pkt = new Uint8Array(total);
        let o = 0;
        for (const p of pending) {
          pkt.set(p, o);
          o += p.length;
        }
        packets.push(pkt);
        pending = [];
      }
    }
    pos = body;
  }
  return { ok: true, packets };
}

/** Reads a `.spx` file: the Speex header and the audio packets. */
export function readSpeexOgg(
  data: Uint8Array,
): { ok: true; file: SpeexOggFile } | { ok: false; error: string } {
  const r = readOggPackets(data);
  if (!r.ok) return r;
  const first = r.packets[0];
  if (!first || first.length < 80) return { ok: false, error: 'missing Speex header packet' };
  const magic = String.fromCharCode(...first.subarray(0, 8));
  if (magic !== 'Speex   ') return { ok: false, error: 'not a Speex stream' };
  const v = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const header: SpeexOggHeader = {
    rate: v.getInt32(36, true),
    mode: v.getInt32(40, true),
    channels: v.getInt32(48, true),
    vbr: v.getInt32(60, true) !== 0,
    framesPerPacket: Math.max(1, v.getInt32(64, true)),
    extraHeaders: v.getInt32(68, true),
  };
  return { ok: true, file: { header, packets: r.packets.slice(2 + header.extraHeaders) } };
}
