import { execFileSync } from 'node:child_process';
import { type AlsaDeviceInfo, listAlsaDevices, parseAlsaUtilsList } from './alsa/list-devices.js';
import { hasCommand } from './alsa-utils/has-command.js';
import { soundServerHints } from './sound-server-hints.js';

/** A device a user can put in `dev_mic`, `dev_speaker` or `dev_ringtone`. */
export interface AudioDeviceInfo extends AlsaDeviceInfo {
  /** `alsa`: a PCM of the sound system; `virtual`: one of our clocked file/tone/null devices. */
  readonly kind: 'alsa' | 'virtual';
}

/** What {@link listDevices} found, and how. */
export interface DeviceList {
  readonly backend: 'alsa' | 'alsa-utils' | 'none';
  readonly devices: readonly AudioDeviceInfo[];
  /** Why no ALSA devices are listed, when that is the case. */
  readonly note?: string;
  /** What to install when a sound server runs that ALSA cannot reach (see `soundServerHints`). */
  readonly hints: readonly string[];
}

const VIRTUAL: readonly AudioDeviceInfo[] = [
  {
    name: 'null',
    description: 'Silence as microphone, discard as speaker',
    direction: 'both',
    kind: 'virtual',
  },
  {
    name: 'tone:440',
    description: 'A sine tone (tone:HZ or tone:HZ+HZ)',
    direction: 'capture',
    kind: 'virtual',
  },
  {
    name: 'file:PATH.wav',
    description: 'A WAV file as microphone, looping',
    direction: 'capture',
    kind: 'virtual',
  },
  {
    name: 'file-once:PATH.wav',
    description: 'A WAV file as microphone, then silence',
    direction: 'capture',
    kind: 'virtual',
  },
  {
    name: 'record:PATH.wav',
    description: 'Record to a WAV file as speaker',
    direction: 'playback',
    kind: 'virtual',
  },
];

/**
 * Lists the audio devices: every ALSA PCM with a name hint (`default`, `pulse`,
 * `pipewire`, `hw:`/`plughw:`/`sysdefault:` per card, ...) through libasound, or through
 * `arecord -L`/`aplay -L` when libasound cannot be loaded in-process, followed by the
 * virtual devices. The basis of `twinkle --list-audio`.
 */
export function listDevices(): DeviceList {
  const alsa = listAlsaDevices();
  if (alsa.ok) {
    const hints = soundServerHints(alsa.devices.map((d) => d.name));
    return { backend: 'alsa', devices: [...alsa.devices.map(asAlsa), ...VIRTUAL], hints };
  }
  if (hasCommand('arecord') && hasCommand('aplay')) {
    try {
      const cap = parseAlsaUtilsList(
        execFileSync('arecord', ['-L'], { encoding: 'utf8', timeout: 5000 }),
        'capture',
      );
      const play = parseAlsaUtilsList(
        execFileSync('aplay', ['-L'], { encoding: 'utf8', timeout: 5000 }),
        'playback',
      );
      const merged = new Map<string, AudioDeviceInfo>();
      for (const d of [...cap, ...play]) {
        const seen = merged.get(d.name);
        merged.set(d.name, seen ? { ...seen, direction: 'both' } : asAlsa(d));
      }
      const hints = soundServerHints([...merged.keys()]);
      return { backend: 'alsa-utils', devices: [...merged.values(), ...VIRTUAL], note: alsa.reason, hints };
    } catch (e) {
      return {
        backend: 'none',
        devices: VIRTUAL,
        note: `${alsa.reason}; arecord -L failed: ${(e as Error).message}`,
        hints: [],
      };
    }
  }
  return {
    backend: 'none',
    devices: VIRTUAL,
    note: `${alsa.reason}; arecord/aplay are not installed either`,
    hints: [],
  };
}

function asAlsa(d: AlsaDeviceInfo): AudioDeviceInfo {
  return { ...d, kind: 'alsa' };
}

/** The list as text for a console: name, direction, description, one per line. */
export function formatDeviceList(list: DeviceList): string {
  const width = Math.max(...list.devices.map((d) => d.name.length), 4);
  const dir = { both: 'in/out', capture: 'in    ', playback: '   out' } as const;
  const lines = list.devices.map((d) => `${d.name.padEnd(width)}  ${dir[d.direction]}  ${d.description}`);
  if (list.note) lines.unshift(`(${list.note})`);
  for (const h of list.hints) lines.push(`note: ${h}`);
  return `${lines.join('\n')}\n`;
}
