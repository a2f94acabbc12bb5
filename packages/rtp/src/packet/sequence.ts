/**
 * Signed distance from sequence number `a` to `b` modulo 2^16, in -32768..32767:
 * positive when `b` is after `a` (RFC 3550 and RFC 1982 serial arithmetic).
 */
export function seqDiff(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}

/** Whether 16-bit sequence number `a` precedes `b` (modulo 2^16). */
export function seqBefore(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

/** Signed distance from 32-bit RTP timestamp `a` to `b`, modulo 2^32. */
export function timestampDiff(a: number, b: number): number {
  return (b - a) | 0;
}
