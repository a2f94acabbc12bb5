/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/** A 64-bit NTP timestamp as two 32-bit words (RFC 3550 section 4). */
export interface NtpTimestamp {
  readonly seconds: number;
  readonly fraction: number;
}

/** Converts Unix time in milliseconds to an NTP timestamp. */
export function ntpFromUnixMs(ms: number): NtpTimestamp {
  const totalSeconds = Math.floor(ms / 1000);
  const fracMs = ms - totalSeconds * 1000;
  return {
    seconds: (totalSeconds + NTP_UNIX_OFFSET_SECONDS) >>> 0,
    fraction: Math.floor((fracMs / 1000) * 0x1_0000_0000) >>> 0,
  };
}

/** The middle 32 bits of an NTP timestamp (the "compact" form used by LSR, RFC 3550 section 6.4.1). */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/** The compact NTP form of Unix time `ms`. */
export function compactNtpFromUnixMs(ms: number): number {
  const t = ntpFromUnixMs(ms);
  return ntpMiddle32(t.seconds, t.fraction);
}

/**
 * Round-trip time in seconds from a report block received at compact NTP time
 * `arrival`: A - LSR - DLSR, all in 1/65536 s (RFC 3550 section 6.4.1, figure 2).
 * Undefined when the block carries no LSR (the peer has not seen our SR yet).
 */
export function roundTripSeconds(
  arrival: number,
  lastSenderReport: number,
  delaySinceLastSenderReport: number,
) {
  if (lastSenderReport === 0) return undefined;
  const rtt = (arrival - lastSenderReport - delaySinceLastSenderReport) | 0;
  // A negative value means clocks or reports are inconsistent; report nothing rather than garbage.
  return rtt < 0 ? undefined : rtt / 65536;
}
