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

/** Settings of a `.spx` file written by {@link writeSpeexOgg}. */
export interface SpeexOggWriteOptions {
  readonly rate: number;
  /** 0 narrowband, 1 wideband, 2 ultra-wideband. */
  readonly mode: number;
  readonly vbr?: boolean;
  /** Samples per packet for the granule positions (frame size x frames per packet). */
  readonly packetSamples: number;
  readonly framesPerPacket?: number;
  readonly serial?: number;
}

// Ogg's CRC-32: polynomial 0x04c11db7, MSB first, no reflection, initial 0 (RFC 3533 section 6).
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggPage(
  packet: Uint8Array,
  flags: number,
  granule: number,
  serial: number,
  seq: number,
): Uint8Array {
  const segs = Math.floor(packet.length / 255) + 1;
  const page = new Uint8Array(27 + segs + packet.length);
  const v = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53, 0, flags]);
  v.setUint32(6, granule % 0x100000000, true);
  v.setUint32(10, Math.floor(granule / 0x100000000), true);
  v.setUint32(14, serial, true);
  v.setUint32(18, seq, true);
  page[26] = segs;
  for (let i = 0; i < segs; i++) page[27 + i] = i < segs - 1 ? 255 : packet.length % 255;
  page.set(packet, 27 + segs);
  let crc = 0;
  for (const b of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  v.setUint32(22, crc, true);
  return page;
}

/**
 * Writes Speex packets as a `.spx` Ogg file that speexdec plays: the Speex
 * header, a comment packet, then one page per packet whose granule position
 * counts every sample (no look-ahead trimming).
 */
export function writeSpeexOgg(packets: readonly Uint8Array[], o: SpeexOggWriteOptions): Uint8Array {
  const serial = o.serial ?? 0x5eec5eec;
  const fpp = o.framesPerPacket ?? 1;
  const head = new Uint8Array(80);
  const hv = new DataView(head.buffer);
  head.set(new TextEncoder().encode('Speex   1.2.1'));
  const ints = [1, 80, o.rate, o.mode, 4, 1, -1, o.packetSamples / fpp, o.vbr ? 1 : 0, fpp, 0, 0, 0];
  for (let i = 0; i < ints.length; i++) hv.setInt32(28 + 4 * i, ints[i]!, true);
  const vendor = new TextEncoder().encode('Twinkle Speex');
  const comments = new Uint8Array(8 + vendor.length);
  new DataView(comments.buffer).setUint32(0, vendor.length, true);
  comments.set(vendor, 4);
  const pages = [oggPage(head, 2, 0, serial, 0), oggPage(comments, 0, 0, serial, 1)];
  packets.forEach((p, i) => {
    const last = i === packets.length - 1;
    pages.push(oggPage(p, last ? 4 : 0, (i + 1) * o.packetSamples, serial, i + 2));
  });
  const out = new Uint8Array(pages.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
