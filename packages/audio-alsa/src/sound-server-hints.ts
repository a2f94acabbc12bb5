import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where a running sound server can be told apart, injectable for tests. */
export interface SoundServerProbe {
  readonly env: NodeJS.ProcessEnv;
  readonly exists: (path: string) => boolean;
}

const defaultProbe: SoundServerProbe = { env: process.env, exists: existsSync };

/**
 * Explains missing PulseAudio or PipeWire devices, the most common sound complaint: the
 * server runs (its socket is there) but ALSA has no plugin to reach it, so `pulse` or
 * `pipewire` is not among the PCMs. Returns one sentence per problem found.
 */
export function soundServerHints(
  pcmNames: readonly string[],
  probe: SoundServerProbe = defaultProbe,
): string[] {
  const hints: string[] = [];
  const runtime = probe.env.XDG_RUNTIME_DIR;
  const pulseSocket =
    (probe.env.PULSE_SERVER ?? '') !== '' ||
    (runtime !== undefined && probe.exists(join(runtime, 'pulse', 'native')));
  const pipewireSocket = runtime !== undefined && probe.exists(join(runtime, 'pipewire-0'));
  const has = (n: string): boolean => pcmNames.includes(n);
  if (pipewireSocket && !has('pipewire')) {
    hints.push(
      'PipeWire is running but ALSA has no "pipewire" device: install its ALSA plugin (Debian: pipewire-alsa)',
    );
  }
  if (pulseSocket && !has('pulse') && !(pipewireSocket && has('pipewire'))) {
    hints.push(
      'a PulseAudio server is running but ALSA has no "pulse" device: install its ALSA plugin (Debian: libasound2-plugins)',
    );
  }
  return hints;
}
