import { type AudioCodecFactory, type Fmtp, negotiateIlbcMode } from '@twinkle/codecs';
import { parseFmtpParams } from '@twinkle/sdp';

/** How the send path packs audio: the packet duration and the fmtp the encoder follows. */
export interface SendFrame {
  readonly ptimeMs: number;
  readonly fmtp?: Fmtp;
}

/**
 * The packet duration and encoder fmtp for a negotiated send codec. The ptime the far end
 * asked for is used when the codec can fill it; otherwise the codec's nearest duration
 * (the shorter on a tie), so a ptime the codec cannot honour never fails the call.
 *
 * iLBC (RFC 3952 section 5): both sides use the lower bit rate of the offered and answered
 * `mode` (30 ms unless both say 20), whatever ptime says (ptime does not select the mode);
 * the packet then holds whole frames of that mode. Phones commonly offer `ptime:20` with
 * `mode=30`: that sends 30 ms packets.
 */
export function chooseSendFrame(
  factory: AudioCodecFactory,
  askedPtimeMs: number | undefined,
  localFmtp: string | undefined,
  remoteFmtp: string | undefined,
): SendFrame {
  const remote = remoteFmtp ? parseFmtpParams(remoteFmtp) : undefined;
  let durations = factory.frameDurations;
  let fmtp = remote;
  if (factory.name.toLowerCase() === 'ilbc') {
    const mode = negotiateIlbcMode(parseFmtpParams(localFmtp), remote);
    fmtp = { ...remote, mode: String(mode) };
    durations = durations.filter((d) => d % mode === 0);
  }
  return {
    ptimeMs: nearestDuration(durations, askedPtimeMs) ?? factory.frameDurations[0]!,
    ...(fmtp ? { fmtp } : {}),
  };
}

/** `asked` when it is one of `durations`, else the nearest (the shorter on a tie); the first without `asked`. */
function nearestDuration(durations: readonly number[], asked: number | undefined): number | undefined {
  if (asked === undefined || durations.includes(asked)) return asked ?? durations[0];
  let best: number | undefined;
  for (const d of durations) {
    const closer =
      best === undefined ||
      Math.abs(d - asked) < Math.abs(best - asked) ||
      (Math.abs(d - asked) === Math.abs(best - asked) && d < best);
    if (closer) best = d;
  }
  return best;
}
