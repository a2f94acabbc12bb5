/**
 * The canonical 44-byte header of a 16-bit PCM WAV file holding `dataBytes` bytes of
 * samples.
 */
export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) h[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  return h;
}

/** A whole WAV file in memory (tests, small recordings). */
export function encodeWav(sampleRate: number, channels: number, samples: Int16Array): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  out.set(wavHeader(sampleRate, channels, samples.length * 2), 0);
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + 2 * i, samples[i]!, true);
  return out;
}
