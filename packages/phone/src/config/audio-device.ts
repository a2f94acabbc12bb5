/**
 * Audio device names of the system settings `dev_mic`, `dev_speaker` and
 * `dev_ringtone`. Twinkle writes `alsa:NAME` or `oss:PATH`, and reads a bare
 * path as OSS (versions up to 0.2.1 wrote no prefix; sys_settings.cpp
 * audio_device()). Ours need no sound card: `file:PATH.wav` plays a WAV file as
 * the microphone, `record:PATH.wav` writes what the speaker would play,
 * `tone:HZ` is a sine microphone, `null` is silence in and nothing out.
 */
export type AudioDeviceSpec =
  | { readonly kind: 'alsa'; readonly name: string }
  | { readonly kind: 'oss'; readonly path: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'record'; readonly path: string }
  | { readonly kind: 'tone'; readonly hz: number }
  | { readonly kind: 'null' };

/** Parses a device setting; the reason when it names nothing usable. An empty value is ALSA's default. */
export const parseAudioDevice = (
  value: string,
): { ok: true; device: AudioDeviceSpec } | { ok: false; reason: string } => {
  const v = value.trim();
  if (v === '' || v === 'alsa:') return { ok: true, device: { kind: 'alsa', name: 'default' } };
  if (v === 'null') return { ok: true, device: { kind: 'null' } };
  const colon = v.indexOf(':');
  const prefix = colon < 0 ? '' : v.slice(0, colon);
  const rest = colon < 0 ? v : v.slice(colon + 1);
  switch (prefix) {
    case 'alsa':
      return { ok: true, device: { kind: 'alsa', name: rest } };
    case 'oss':
      return rest === ''
        ? { ok: false, reason: 'oss: needs a device path' }
        : { ok: true, device: { kind: 'oss', path: rest } };
    case 'file':
    case 'record':
      return rest === ''
        ? { ok: false, reason: `${prefix}: needs a WAV file path` }
        : { ok: true, device: { kind: prefix, path: rest } };
    case 'tone': {
      const hz = Number(rest);
      return /^\d+(\.\d+)?$/.test(rest) && hz > 0 && hz < 24000
        ? { ok: true, device: { kind: 'tone', hz } }
        : { ok: false, reason: `tone: needs a frequency in Hz below 24000, got "${rest}"` };
    }
    default:
      // A bare path is an OSS device, as Twinkle reads it.
      return v.startsWith('/')
        ? { ok: true, device: { kind: 'oss', path: v } }
        : {
            ok: false,
            reason: `unknown audio device "${v}" (alsa:NAME, oss:PATH, file:PATH, record:PATH, tone:HZ, null)`,
          };
  }
};

/** The setting text for a device (the inverse of parseAudioDevice). */
export const formatAudioDevice = (d: AudioDeviceSpec): string => {
  switch (d.kind) {
    case 'alsa':
      return `alsa:${d.name}`;
    case 'oss':
      return `oss:${d.path}`;
    case 'file':
    case 'record':
      return `${d.kind}:${d.path}`;
    case 'tone':
      return `tone:${d.hz}`;
    case 'null':
      return 'null';
  }
};
