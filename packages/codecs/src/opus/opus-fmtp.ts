import type { Fmtp } from '../codec.js';

/** Opus audio bandwidths (RFC 6716 section 2), narrowest first. */
export type OpusBandwidth = 'narrowband' | 'mediumband' | 'wideband' | 'superwideband' | 'fullband';

/**
 * What an Opus encoder should do for a receiver, derived from the receiver's
 * fmtp (RFC 7587 section 7.1: the parameters describe what the receiver wants;
 * the sender honours them).
 */
export interface OpusEncoderSettings {
  /** Target average bit rate in bit/s (6000 to 510000). */
  readonly bitrate: number;
  /** Highest bit rate the receiver accepts (`maxaveragebitrate`, else 510000); `setBitrate` stays under it. */
  readonly maxBitrate: number;
  /** Widest audio bandwidth worth coding, from `maxplaybackrate`. */
  readonly maxBandwidth: OpusBandwidth;
  /** Code two channels (`stereo=1`); otherwise mono, which is the default. */
  readonly stereo: boolean;
  /** Constant bit rate (`cbr=1`); otherwise VBR. */
  readonly cbr: boolean;
  /** In-band FEC (`useinbandfec=1`). */
  readonly fec: boolean;
  /** Discontinuous transmission (`usedtx=1`). */
  readonly dtx: boolean;
  /** Packet loss the encoder plans for, in percent; FEC is only coded when above 0. */
  readonly packetLossPercent: number;
  /** libopus complexity 0 to 10. */
  readonly complexity: number;
}

/** Local choices for an encoder, bounded by the receiver's fmtp. */
export interface OpusEncoderPreferences {
  /** Bit rate we would like to send; `maxaveragebitrate` caps it. Default 24000. */
  readonly bitrate?: number;
  /** Expected packet loss in percent, used when FEC is on. Default 10. */
  readonly packetLossPercent?: number;
  /** libopus complexity 0 to 10. Default 9. */
  readonly complexity?: number;
  /** Our own DTX wish; `usedtx=1` from the receiver also turns it on. Default false. */
  readonly dtx?: boolean;
}

/** RFC 7587 section 6.1: `maxaveragebitrate` range; also libopus's own limits. */
export const OPUS_MIN_BITRATE = 6000;
export const OPUS_MAX_BITRATE = 510000;
/** Default target rate: good wideband speech, the usual choice of soft phones. */
export const OPUS_DEFAULT_BITRATE = 24000;

/**
 * Audio bandwidth that `maxplaybackrate` allows (RFC 7587 section 6.1 and the
 * bandwidths of RFC 6716 section 2: NB 8 kHz, MB 12 kHz, WB 16 kHz, SWB 24 kHz,
 * FB 48 kHz sampling).
 */
export function bandwidthForPlaybackRate(rate: number): OpusBandwidth {
  if (rate <= 8000) return 'narrowband';
  if (rate <= 12000) return 'mediumband';
  if (rate <= 16000) return 'wideband';
  if (rate <= 24000) return 'superwideband';
  return 'fullband';
}

/**
 * Maps a receiver's fmtp to encoder settings (RFC 7587 section 6.1 and 7.1).
 * Malformed or out-of-range values are ignored (the default applies): fmtp is
 * network input, so this never throws.
 *
 * - `maxaveragebitrate` caps the bit rate; we never send above it.
 * - `maxplaybackrate` limits the coded bandwidth (no point coding 20 kHz for an 8 kHz earpiece).
 * - `stereo=1` allows two coded channels; absent or 0 means mono.
 * - `cbr=1` asks for constant bit rate.
 * - `useinbandfec=1` says the receiver can use FEC, so we send it.
 * - `usedtx=1` asks for DTX.
 *
 * `sprop-maxcapturerate` and `sprop-stereo` describe the remote as a sender and
 * do not affect our encoder.
 */
export function opusEncoderSettingsFromFmtp(
  fmtp: Fmtp = {},
  prefs: OpusEncoderPreferences = {},
): OpusEncoderSettings {
  const wanted = clampBitrate(prefs.bitrate ?? OPUS_DEFAULT_BITRATE);
  const cap = intParam(fmtp, 'maxaveragebitrate', OPUS_MIN_BITRATE, OPUS_MAX_BITRATE);
  const playback = intParam(fmtp, 'maxplaybackrate', 1, 1_000_000);
  const fec = flagParam(fmtp, 'useinbandfec');
  return {
    bitrate: cap === undefined ? wanted : Math.min(wanted, cap),
    maxBitrate: cap ?? OPUS_MAX_BITRATE,
    maxBandwidth: bandwidthForPlaybackRate(playback ?? 48000),
    stereo: flagParam(fmtp, 'stereo'),
    cbr: flagParam(fmtp, 'cbr'),
    fec,
    dtx: flagParam(fmtp, 'usedtx') || (prefs.dtx ?? false),
    packetLossPercent: fec ? clampInt(prefs.packetLossPercent ?? 10, 0, 100) : 0,
    complexity: clampInt(prefs.complexity ?? 9, 0, 10),
  };
}

/** RFC 7587 section 6.1 frame durations that an RTP packet may carry, in ms. */
const PTIMES = [10, 20, 40, 60] as const;

/**
 * The frame duration to send, in ms, from the receiver's `ptime`, `minptime` and
 * `maxptime` (carried in the same record by SDP layers that merge them into fmtp),
 * or `undefined` when the fmtp says nothing usable. The choice is the largest
 * supported duration not above `ptime` (or `maxptime`) and not below `minptime`.
 */
export function opusFrameDurationFromFmtp(fmtp: Fmtp = {}): number | undefined {
  const ptime = intParam(fmtp, 'ptime', 1, 120);
  const maxptime = intParam(fmtp, 'maxptime', 1, 120);
  const minptime = intParam(fmtp, 'minptime', 1, 120) ?? 0;
  const upper = Math.min(ptime ?? 120, maxptime ?? 120);
  if (ptime === undefined && maxptime === undefined) return undefined;
  let best: number | undefined;
  for (const d of PTIMES) if (d <= upper && d >= minptime) best = d;
  return best;
}

/** Parses a decimal integer parameter in `[min, max]`, else `undefined`. */
function intParam(fmtp: Fmtp, name: string, min: number, max: number): number | undefined {
  const raw = lookup(fmtp, name);
  if (raw === undefined || !/^\s*\d{1,9}\s*$/.test(raw)) return undefined;
  const v = Number(raw);
  return v >= min && v <= max ? v : undefined;
}

/** A 0/1 flag (RFC 7587: absent means 0; anything but `1` is treated as 0). */
function flagParam(fmtp: Fmtp, name: string): boolean {
  return lookup(fmtp, name)?.trim() === '1';
}

/** fmtp parameter names are case-insensitive (RFC 4855 section 3). */
function lookup(fmtp: Fmtp, name: string): string | undefined {
  const direct = fmtp[name];
  if (direct !== undefined) return direct;
  for (const key of Object.keys(fmtp)) if (key.toLowerCase() === name) return fmtp[key];
  return undefined;
}

function clampBitrate(bps: number): number {
  return clampInt(bps, OPUS_MIN_BITRATE, OPUS_MAX_BITRATE);
}

function clampInt(v: number, min: number, max: number): number {
  if (!Number.isFinite(v)) return min;
  return Math.min(max, Math.max(min, Math.round(v)));
}
