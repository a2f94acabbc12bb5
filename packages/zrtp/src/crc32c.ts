/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the ZRTP packet checksum
 * (RFC 6189 section 5, with the algorithm of RFC 4960 appendix B).
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** The CRC-32C of `data[start, end)`, as the usual 32-bit value (check value of "123456789" is 0xe3069283). */
export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]!) & 0xff]!;
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Writes the ZRTP CRC trailer. As in SCTP, the CRC's low-order octet goes first on the
 * wire (RFC 4960 appendix B), which is what bzrtp and GNU ZRTP put there.
 */
export function writeCrc(packet: Uint8Array, at: number): void {
  const c = crc32c(packet, 0, at);
  packet[at] = c & 0xff;
  packet[at + 1] = (c >>> 8) & 0xff;
  packet[at + 2] = (c >>> 16) & 0xff;
  packet[at + 3] = (c >>> 24) & 0xff;
}

/** True when the last four octets hold the CRC of everything before them. */
export function checkCrc(packet: Uint8Array): boolean {
  if (packet.length < 4) return false;
  const at = packet.length - 4;
  const c = crc32c(packet, 0, at);
  return (
    packet[at] === (c & 0xff) &&
    packet[at + 1] === ((c >>> 8) & 0xff) &&
    packet[at + 2] === ((c >>> 16) & 0xff) &&
    packet[at + 3] === ((c >>> 24) & 0xff)
  );
}
