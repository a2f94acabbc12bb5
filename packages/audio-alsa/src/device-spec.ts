/**
 * A device name as a user writes it in the phone's settings (`dev_mic`, `dev_speaker`,
 * `dev_ringtone`), parsed. Any name that is not one of ours is an ALSA PCM name:
 * `default`, `hw:0,0`, `plughw:1`, `pulse`, `pipewire`, `dmix`, a name from `.asoundrc`.
 */
export type DeviceSpec =
  | { readonly kind: 'alsa'; readonly pcm: string }
  | { readonly kind: 'file'; readonly path: string; readonly loop: boolean }
  | { readonly kind: 'record'; readonly path: string }
  | { readonly kind: 'tone'; readonly frequencies: readonly number[] }
  | { readonly kind: 'null' };

/** Result of {@link parseDeviceSpec}. */
export type DeviceSpecResult =
  | { readonly ok: true; readonly value: DeviceSpec }
  | { readonly ok: false; readonly error: string };

/**
 * Parses a device name. Accepted forms:
 * - `null`: silence / discard;
 * - `tone:440`, `tone:350+440`: a tone source;
 * - `file:/x.wav` (loops), `file-once:/x.wav` (ends with silence): a WAV source;
 * - `record:/y.wav`: a WAV sink;
 * - `alsa:NAME` (Twinkle's own spelling) or a bare ALSA PCM name.
 */
export function parseDeviceSpec(text: string): DeviceSpecResult {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'empty device name' };
  if (s === 'null') return { ok: true, value: { kind: 'null' } };
  const colon = s.indexOf(':');
  const scheme = colon > 0 ? s.slice(0, colon) : '';
  const rest = colon > 0 ? s.slice(colon + 1) : '';
  switch (scheme) {
    case 'tone': {
      const parts = rest.split('+');
      const freqs = parts.map((p) => Number(p));
      if (parts.some((p) => p.trim() === '') || freqs.some((f) => !Number.isFinite(f) || f <= 0)) {
        return { ok: false, error: `bad tone frequency in "${s}" (want tone:HZ or tone:HZ+HZ)` };
      }
      return { ok: true, value: { kind: 'tone', frequencies: freqs } };
    }
    case 'file':
    case 'file-once':
      if (rest === '') return { ok: false, error: `"${s}" names no file` };
      return { ok: true, value: { kind: 'file', path: rest, loop: scheme === 'file' } };
    case 'record':
      if (rest === '') return { ok: false, error: `"${s}" names no file` };
      return { ok: true, value: { kind: 'record', path: rest } };
    case 'alsa':
      if (rest === '') return { ok: false, error: '"alsa:" names no PCM' };
      return { ok: true, value: { kind: 'alsa', pcm: rest } };
    default:
      if (/[\s"']/.test(s.replace(/'[^']*'/g, ''))) return { ok: false, error: `bad ALSA PCM name "${s}"` };
      return { ok: true, value: { kind: 'alsa', pcm: s } };
  }
}
