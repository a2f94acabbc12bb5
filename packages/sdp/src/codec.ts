import type { MediaDescription } from './model.js';

/**
 * What a codec looks like to SDP: plain data, so that any object of this
 * shape (a codec factory from another package, for one) can be passed in.
 */
export interface CodecCapability {
  /** RTP encoding name, compared case-insensitively (`PCMU`, `speex`, `iLBC`). */
  readonly encoding: string;
  /** RTP clock rate (8000 for G.722, per RFC 3551 section 4.5.2). */
  readonly clockRate: number;
  /** Audio channels; 1 when absent. */
  readonly channels?: number;
  /** `a=fmtp` parameters we offer for this codec. */
  readonly fmtp?: string;
  /** The payload type to use; static codecs of RFC 3551 get theirs without it. */
  readonly payloadType?: number;
  /**
   * When the fmtp decides whether two descriptions are the same codec (iLBC
   * mode, G.726 AAL2 packing, ...): true when our parameters and the
   * remote's can work together. Without it, fmtp is not compared.
   */
  readonly fmtpMatches?: (local: string | undefined, remote: string | undefined) => boolean;
}

/** A codec both sides agreed on, with the payload type to use in one direction. */
export interface NegotiatedCodec<C extends CodecCapability = CodecCapability> {
  /** The RTP payload type in this direction (see {@link NegotiatedAudio}). */
  readonly payloadType: number;
  /** Encoding name as the SDP that numbered this payload type wrote it. */
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
  /** The remote's fmtp for this codec, if any. */
  readonly remoteFmtp?: string;
  /** The local capability this matched: the caller's own object. */
  readonly capability: C;
}

/** A format of a media description with its rtpmap resolved (explicit or static). */
export interface ResolvedFormat {
  readonly payloadType: number;
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
  readonly fmtp?: string;
}

interface StaticType {
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
}

/** The static payload types of RFC 3551 section 6, tables 4 and 5. */
export const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, StaticType> = new Map<number, StaticType>([
  [0, { encoding: 'PCMU', clockRate: 8000, channels: 1 }],
  [3, { encoding: 'GSM', clockRate: 8000, channels: 1 }],
  [4, { encoding: 'G723', clockRate: 8000, channels: 1 }],
  [5, { encoding: 'DVI4', clockRate: 8000, channels: 1 }],
  [6, { encoding: 'DVI4', clockRate: 16000, channels: 1 }],
  [7, { encoding: 'LPC', clockRate: 8000, channels: 1 }],
  [8, { encoding: 'PCMA', clockRate: 8000, channels: 1 }],
  [9, { encoding: 'G722', clockRate: 8000, channels: 1 }],
  [10, { encoding: 'L16', clockRate: 44100, channels: 2 }],
  [11, { encoding: 'L16', clockRate: 44100, channels: 1 }],
  [12, { encoding: 'QCELP', clockRate: 8000, channels: 1 }],
  [13, { encoding: 'CN', clockRate: 8000, channels: 1 }],
  [14, { encoding: 'MPA', clockRate: 90000, channels: 1 }],
  [15, { encoding: 'G728', clockRate: 8000, channels: 1 }],
  [16, { encoding: 'DVI4', clockRate: 11025, channels: 1 }],
  [17, { encoding: 'DVI4', clockRate: 22050, channels: 1 }],
  [18, { encoding: 'G729', clockRate: 8000, channels: 1 }],
  [25, { encoding: 'CelB', clockRate: 90000, channels: 1 }],
  [26, { encoding: 'JPEG', clockRate: 90000, channels: 1 }],
  [28, { encoding: 'nv', clockRate: 90000, channels: 1 }],
  [31, { encoding: 'H261', clockRate: 90000, channels: 1 }],
  [32, { encoding: 'MPV', clockRate: 90000, channels: 1 }],
  [33, { encoding: 'MP2T', clockRate: 90000, channels: 1 }],
  [34, { encoding: 'H263', clockRate: 90000, channels: 1 }],
]);

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The static payload type RFC 3551 gives this codec, if it has one. */
export function staticPayloadType(codec: CodecCapability): number | undefined {
  for (const [pt, s] of STATIC_PAYLOAD_TYPES) {
    if (sameName(s.encoding, codec.encoding) && s.clockRate === codec.clockRate) {
      if (s.channels === (codec.channels ?? 1)) return pt;
    }
  }
  return undefined;
}

/**
 * The formats of a media description in `m=` order, each with its encoding:
 * from its rtpmap, else from the static table (RFC 3551 section 6; an rtpmap
 * is optional for static types). Formats that are neither are left out.
 */
export function resolveFormats(media: MediaDescription): ResolvedFormat[] {
  const out: ResolvedFormat[] = [];
  for (const f of media.formats) {
    if (!/^\d{1,3}$/.test(f)) continue;
    const pt = Number(f);
    if (pt > 127) continue;
    const map = media.rtpMaps.find((r) => r.payloadType === pt);
    const fmtp = media.fmtps.find((x) => x.payloadType === pt)?.parameters;
    const fixed = STATIC_PAYLOAD_TYPES.get(pt);
    let format: ResolvedFormat | undefined;
    if (map && map.clockRate !== undefined) {
      format = {
        payloadType: pt,
        encoding: map.encoding,
        clockRate: map.clockRate,
        channels: map.channels ?? 1,
      };
    } else if (fixed && (!map || sameName(map.encoding, fixed.encoding))) {
      format = { payloadType: pt, ...fixed };
    }
    if (format) out.push(fmtp === undefined ? format : { ...format, fmtp });
  }
  return out;
}

/**
 * Whether a remote format is the same codec as a local capability: encoding
 * name case-insensitive, clock rate and channel count equal, and the
 * capability's fmtp comparator (if any) agrees.
 */
export function codecMatches(local: CodecCapability, remote: ResolvedFormat): boolean {
  if (!sameName(local.encoding, remote.encoding)) return false;
  if (local.clockRate !== remote.clockRate) return false;
  if ((local.channels ?? 1) !== remote.channels) return false;
  return local.fmtpMatches ? local.fmtpMatches(local.fmtp, remote.fmtp) : true;
}

/** Whether a format is RFC 4733 telephone-event. */
export const isTelephoneEvent = (f: { readonly encoding: string }): boolean =>
  sameName(f.encoding, 'telephone-event');
