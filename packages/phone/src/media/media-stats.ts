import type { JitterBufferStats, RtpSession } from '@twinkle/rtp';
import type { MediaStats } from './media-types.js';

/** Gathers the call's figures from the RTP session (RFC 3550 reception and reports) and the jitter buffer. */
export function collectMediaStats(rtp: RtpSession, jitter: JitterBufferStats | undefined): MediaStats {
  const s = rtp.stats();
  let received = 0;
  let lost = 0;
  let rttMs: number | undefined;
  let remoteFractionLost: number | undefined;
  for (const src of s.sources) {
    if (src.ssrc === s.ssrc) continue;
    if (src.reception) {
      received += src.reception.received;
      lost += Math.max(0, src.reception.cumulativeLost);
    }
    if (src.roundTripSeconds !== undefined) rttMs = src.roundTripSeconds * 1000;
    if (src.reportAboutUs) remoteFractionLost = src.reportAboutUs.fractionLost / 256;
  }
  const expected = received + lost;
  return {
    packetsSent: s.packetsSent,
    packetsReceived: received,
    packetsLost: lost,
    fractionLost: expected > 0 ? lost / expected : 0,
    // The jitter buffer knows the codec's clock rate; the RTCP figure is in timestamp units.
    jitterMs: jitter?.jitterMs ?? 0,
    rttMs,
    remoteFractionLost,
    concealed: jitter?.concealed ?? 0,
    jitterBufferMs: jitter?.targetDelayMs ?? 0,
  };
}
