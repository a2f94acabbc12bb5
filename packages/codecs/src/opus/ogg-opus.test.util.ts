// Test helper: just enough Ogg (RFC 3533) and Ogg Opus (RFC 7845) to exchange raw
// Opus packets with ffmpeg. One packet per page on write; any paging on read.

/** Packets of the first logical stream of an Ogg file, in order (continued packets joined). */
export function readOggPackets(file: Uint8Array): Uint8Array[] {
  const packets: Uint8Array[] = [];
  let partial: number[] = [];
  for (let at = 0; at + 27 <= file.length; ) {
    if (String.fromCharCode(...file.subarray(at, at + 4)) !== 'OggS') throw new Error(`no Ogg page at ${at}`);
    const segments = file[at + 26]!;
    const lacing = file.subarray(at + 27, at + 27 + segments);
    let body = at + 27 + segments;
    for (const len of lacing) {
      for (let i = 0; i < len; i++) partial.push(file[body + i]!);
      body += len;
      if (len < 255) {
        packets.push(Uint8Array.from(partial));
        partial = [];
      }
    }
    at = body;
  }
  return packets;
}

/** Pre-skip (samples at 48 kHz) and channel count of an OpusHead packet (RFC 7845 section 5.1). */
export function parseOpusHead(head: Uint8Array): { channels: number; preSkip: number } {
  if (String.fromCharCode(...head.subarray(0, 8)) !== 'OpusHead') throw new Error('not an OpusHead');
  return { channels: head[9]!, preSkip: head[10]! | (head[11]! << 8) };
}

const CRC = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  CRC[i] = r >>> 0;
}

function page(packet: Uint8Array, flags: number, granule: number, seq: number): Uint8Array {
  const lacing: number[] = [];
  for (let left = packet.length; ; left -= 255) {
    lacing.push(Math.min(left, 255));
    if (left < 255) break;
  }
  const out = new Uint8Array(27 + lacing.length + packet.length);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53, 0, flags]);
  view.setBigInt64(6, BigInt(granule), true);
  view.setUint32(14, 0x7717, true); // serial number
  view.setUint32(18, seq, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  out.set(packet, 27 + lacing.length);
  let crc = 0;
  for (const b of out) crc = ((crc << 8) ^ CRC[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  view.setUint32(22, crc, true);
  return out;
}

/** An Ogg Opus file holding `packets` of `frameSamples` each, mono or stereo. */
export function writeOggOpus(
  packets: readonly Uint8Array[],
  frameSamples: number,
  channels: number,
  preSkip: number,
): Uint8Array {
  const head = new Uint8Array(19);
  head.set([...'OpusHead'].map((c) => c.charCodeAt(0)));
  head[8] = 1;
  head[9] = channels;
  new DataView(head.buffer).setUint16(10, preSkip, true);
  new DataView(head.buffer).setUint32(12, 48000, true);
  const vendor = 'twinkle';
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set([...`OpusTags`].map((c) => c.charCodeAt(0)));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(
    [...vendor].map((c) => c.charCodeAt(0)),
    12,
  );
  const pages = [page(head, 2, 0, 0), page(tags, 0, 0, 1)];
  packets.forEach((p, i) => {
    pages.push(page(p, i === packets.length - 1 ? 4 : 0, (i + 1) * frameSamples, i + 2));
  });
  const out = new Uint8Array(pages.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
