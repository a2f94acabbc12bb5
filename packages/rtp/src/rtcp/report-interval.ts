/** Inputs to the RTCP transmission interval (RFC 3550 section 6.3.1, A.7). */
export interface RtcpIntervalInput {
  /** Current estimate of session members, including ourselves. */
  readonly members: number;
  /** Current estimate of senders, including ourselves if we sent. */
  readonly senders: number;
  /** RTCP bandwidth in octets per second (normally 5% of the session bandwidth). */
  readonly rtcpBandwidth: number;
  /** Whether we sent RTP since the second-to-last report. */
  readonly weSent: boolean;
  /** Average compound RTCP packet size in octets, including UDP/IP headers. */
  readonly averageRtcpSize: number;
  /** Whether no RTCP packet has been sent yet. */
  readonly initial: boolean;
  /** Minimum interval in seconds; default 5 (see {@link reducedMinimumSeconds}). */
  readonly minimumSeconds?: number;
}

/** Default minimum RTCP interval in seconds (RFC 3550 section 6.2). */
export const RTCP_MIN_INTERVAL_SECONDS = 5;

/**
 * The reduced minimum of RFC 3550 section 6.2: 360 divided by the session
 * bandwidth in kilobits per second (below 5 s above 72 kb/s).
 */
export function reducedMinimumSeconds(sessionBandwidthBitsPerSecond: number): number {
  return 360 / (sessionBandwidthBitsPerSecond / 1000);
}

/**
 * The deterministic interval Td (RFC 3550 section 6.3.1 without randomisation),
 * used for member and sender timeouts (section 6.3.5).
 */
export function deterministicInterval(input: RtcpIntervalInput): number {
  // The initial minimum is halved so a new participant reports sooner (6.2, A.7).
  const tmin = (input.minimumSeconds ?? RTCP_MIN_INTERVAL_SECONDS) * (input.initial ? 0.5 : 1);
  let n = input.members;
  let bandwidth = input.rtcpBandwidth;
  // Senders share a quarter of the RTCP bandwidth when they are at most a quarter of the members.
  if (input.senders <= input.members * 0.25) {
    if (input.weSent) {
      bandwidth *= 0.25;
      n = input.senders;
    } else {
      bandwidth *= 0.75;
      n = input.members - input.senders;
    }
  }
  const t = bandwidth > 0 ? (input.averageRtcpSize * n) / bandwidth : tmin;
  return Math.max(t, tmin);
}

/**
 * The randomised RTCP interval in seconds (RFC 3550 A.7): Td scaled by a uniform
 * factor in [0.5, 1.5) from `random` and divided by e - 3/2 to compensate for
 * timer reconsideration.
 */
export function rtcpInterval(input: RtcpIntervalInput, random: () => number): number {
  const COMPENSATION = Math.E - 1.5;
  return (deterministicInterval(input) * (random() + 0.5)) / COMPENSATION;
}
