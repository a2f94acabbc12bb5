/** Builds the layered Speex encoder and decoder cores of each band. */

import type { SpeexLayerDecoder } from './speex-layer.js';
import { NbDecoderCore } from './speex-nb-decoder.js';
import { NbEncoderCore } from './speex-nb-encoder.js';
import { SbDecoderCore } from './speex-sb-decoder.js';
import { SbEncoderCore } from './speex-sb-encoder.js';
import { SB_UWB_MODE, SB_WB_MODE } from './speex-sb-modes.js';

/** Speex band: narrowband 8 kHz, wideband 16 kHz, ultra-wideband 32 kHz. */
export type SpeexBand = 'nb' | 'wb' | 'uwb';

/** Sampling rate of a band in Hz. */
export function speexSampleRate(band: SpeexBand): number {
  return band === 'nb' ? 8000 : band === 'wb' ? 16000 : 32000;
}

/** Samples per 20 ms frame of a band. */
export function speexFrameSize(band: SpeexBand): number {
  return speexSampleRate(band) / 50;
}

/** A new decoder stack for `band`. */
export function createDecoderCore(band: SpeexBand): SpeexLayerDecoder {
  const nb = new NbDecoderCore();
  if (band === 'nb') return nb;
  const wb = new SbDecoderCore(nb, SB_WB_MODE);
  return band === 'wb' ? wb : new SbDecoderCore(wb, SB_UWB_MODE);
}

/** The encoder stack of a band: narrowband alone or sub-band layers on it. */
export type SpeexEncoderCore = NbEncoderCore | SbEncoderCore;

/** A new encoder stack for `band`. */
export function createEncoderCore(band: SpeexBand): SpeexEncoderCore {
  const nb = new NbEncoderCore();
  if (band === 'nb') return nb;
  const wb = new SbEncoderCore(nb, SB_WB_MODE);
  return band === 'wb' ? wb : new SbEncoderCore(wb, SB_UWB_MODE);
}
