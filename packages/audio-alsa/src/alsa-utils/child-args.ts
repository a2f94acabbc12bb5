import type { AlsaBufferOptions } from '../alsa/alsa-pcm.js';
import type { AudioFormat } from '../format.js';

/** Command-line arguments for `arecord`/`aplay` streaming raw S16 PCM through stdio. */
export function alsaUtilsArgs(pcm: string, format: AudioFormat, buffer: AlsaBufferOptions = {}): string[] {
  const periodUs = Math.round((buffer.periodMs ?? 10) * 1000);
  return [
    '-q',
    '-D',
    pcm,
    '-t',
    'raw',
    '-f',
    'S16_LE', // the readers and writers here convert explicitly
    '-r',
    String(format.sampleRate),
    '-c',
    String(format.channels),
    `--period-time=${periodUs}`,
    `--buffer-time=${periodUs * (buffer.periods ?? 4)}`,
    '-',
  ];
}
