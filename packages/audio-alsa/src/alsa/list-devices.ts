import { loadLibAsound } from './libasound.js';
import { captureStderr } from './stderr-capture.js';

/** One ALSA PCM a user can name in `dev_mic`, `dev_speaker` or `dev_ringtone`. */
export interface AlsaDeviceInfo {
  /** The PCM name to configure (`default`, `pulse`, `plughw:CARD=PCH,DEV=0`, ...). */
  readonly name: string;
  /** ALSA's description, lines joined with " - ". */
  readonly description: string;
  /** Which way it works: some PCMs are capture-only or playback-only. */
  readonly direction: 'both' | 'capture' | 'playback';
}

/**
 * Turns ALSA's name hints into device entries. IOID is "Input", "Output" or absent
 * (both directions), per `snd_device_name_get_hint`.
 */
export function hintsToDevices(
  hints: readonly { name: string; desc: string; ioid: string }[],
): AlsaDeviceInfo[] {
  const out: AlsaDeviceInfo[] = [];
  const seen = new Set<string>();
  for (const h of hints) {
    if (!h.name || seen.has(h.name)) continue;
    seen.add(h.name);
    const direction = h.ioid === 'Input' ? 'capture' : h.ioid === 'Output' ? 'playback' : 'both';
    out.push({ name: h.name, description: h.desc.split('\n').join(' - '), direction });
  }
  return out;
}

/**
 * Parses the output of `arecord -L` / `aplay -L`: a name at the start of a line, its
 * description on the indented lines below.
 */
export function parseAlsaUtilsList(text: string, direction: AlsaDeviceInfo['direction']): AlsaDeviceInfo[] {
  const out: AlsaDeviceInfo[] = [];
  let cur: { name: string; desc: string[] } | undefined;
  const flush = (): void => {
    if (cur) out.push({ name: cur.name, description: cur.desc.join(' - '), direction });
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) cur?.desc.push(line.trim());
    else {
      flush();
      cur = { name: line.trim(), desc: [] };
    }
  }
  flush();
  return out;
}

/** ALSA PCM devices through libasound's name hints, or a reason when libasound is unusable. */
export function listAlsaDevices(): { ok: true; devices: AlsaDeviceInfo[] } | { ok: false; reason: string } {
  const lib = loadLibAsound();
  if (!lib.ok) return lib;
  const r = captureStderr(() => lib.lib.nameHints('pcm')).value;
  if (r.err < 0) return { ok: false, reason: `ALSA cannot list devices: ${lib.lib.strerror(r.err)}` };
  return { ok: true, devices: hintsToDevices(r.hints) };
}
