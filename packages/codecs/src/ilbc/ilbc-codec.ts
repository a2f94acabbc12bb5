/**
 * iLBC as an RTP codec: `iLBC/8000` with the RFC 3952 payload format. One RTP
 * payload carries one or more frames of the same mode back to back; the mode
 * (20 or 30 ms) is signalled in fmtp (`mode=20` / `mode=30`, 30 when absent).
 */
import {
  type AudioCodecFactory,
  type AudioDecoder,
  CodecError,
  type DecoderParams,
  type EncoderParams,
  type Fmtp,
  resolveFrameSamples,
} from '../codec.js';
import { IlbcDecoder, type IlbcMode, ilbcFrameBytes, ilbcFrameSamples } from './ilbc-decoder.js';
import { IlbcEncoder } from './ilbc-encoder.js';

/** The `mode` fmtp parameter, or undefined when absent or not 20/30. */
export function ilbcModeFromFmtp(fmtp?: Fmtp): IlbcMode | undefined {
  const entry = Object.entries(fmtp ?? {}).find(([k]) => k.toLowerCase() === 'mode');
  const v = entry?.[1].trim();
  return v === '20' ? 20 : v === '30' ? 30 : undefined;
}

/**
 * The mode both sides use (RFC 3952 section 5): the lower bit rate of the two,
 * so 30 ms unless both ask for 20 ms; an absent mode means 30 ms.
 */
export function negotiateIlbcMode(local?: Fmtp, remote?: Fmtp): IlbcMode {
  return ilbcModeFromFmtp(local) === 20 && ilbcModeFromFmtp(remote) === 20 ? 20 : 30;
}

/**
 * Decoder for RFC 3952 payloads: the mode comes from fmtp (default 30 ms), but a
 * payload whose length only fits the other mode is decoded in that mode (peers
 * that ignore the negotiated mode are common). Lost packets: `conceal`.
 */
export class IlbcPayloadDecoder implements AudioDecoder {
  private readonly decoders: Partial<Record<IlbcMode, IlbcDecoder>> = {};
  private current: IlbcMode;

  constructor(private readonly defaultMode: IlbcMode = 30) {
    this.current = defaultMode;
  }

  private decoder(mode: IlbcMode): IlbcDecoder {
    this.current = mode;
    let d = this.decoders[mode];
    if (!d) {
      d = new IlbcDecoder(mode);
      this.decoders[mode] = d;
    }
    return d;
  }

  private modeFor(payload: Uint8Array): IlbcMode {
    const n = payload.length;
    const fits = (m: IlbcMode) => n > 0 && n % ilbcFrameBytes(m) === 0;
    if (fits(this.current)) return this.current;
    const other: IlbcMode = this.current === 20 ? 30 : 20;
    if (fits(other)) return other;
    throw new CodecError('malformed-payload', `iLBC payload of ${n} bytes is not a whole number of frames`);
  }

  decode(payload: Uint8Array): Int16Array {
    return this.decoder(this.modeFor(payload)).decode(payload);
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    return this.decoder(this.modeFor(payload)).decodeInto(payload, out);
  }

  conceal(samples: number): Int16Array {
    return this.decoder(this.current).conceal(samples);
  }

  reset(): void {
    for (const d of Object.values(this.decoders)) d.reset();
    this.current = this.defaultMode;
  }
}

function encoderMode(frameSamples: number, fmtp?: Fmtp): IlbcMode {
  const asked = ilbcModeFromFmtp(fmtp);
  const mode = asked ?? (frameSamples % 240 === 0 ? 30 : 20);
  if (frameSamples % ilbcFrameSamples(mode) !== 0) {
    throw new CodecError(
      'unsupported-params',
      `iLBC ${mode} ms mode cannot fill ${frameSamples}-sample packets`,
    );
  }
  return mode;
}

/**
 * iLBC (RFC 3951), RTP `iLBC/8000` (RFC 3952). Packets of 30, 60, 90 or 120 ms
 * use 30 ms frames and 20, 40 ms 20 ms frames unless fmtp names the mode
 * (`mode=20` with 60 or 120 ms packets: three or six 20 ms frames).
 */
export const ilbc: AudioCodecFactory = Object.freeze({
  name: 'iLBC',
  sampleRate: 8000,
  clockRate: 8000,
  channels: 1,
  frameDurations: [30, 20, 40, 60, 90, 120],
  fmtp: Object.freeze({ mode: '30' }),
  // Any two iLBC peers can talk: the mode is negotiated (negotiateIlbcMode), not matched.
  fmtpMatches: () => true,
  createEncoder(params?: EncoderParams) {
    const frameSamples = resolveFrameSamples(ilbc, params);
    const mode = encoderMode(frameSamples, params?.fmtp);
    return new IlbcEncoder(mode, frameSamples / ilbcFrameSamples(mode));
  },
  createDecoder(params?: DecoderParams) {
    return new IlbcPayloadDecoder(ilbcModeFromFmtp(params?.fmtp) ?? 30);
  },
});
