import { describe, expect, it } from 'vitest';
import { soundServerHints } from './sound-server-hints.js';

const probe = (files: string[], env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: '/run/user/1000' }) => ({
  env,
  exists: (p: string) => files.includes(p),
});

describe('soundServerHints', () => {
  it('says what to install when a server runs without its ALSA plugin', () => {
    expect(soundServerHints(['null', 'default'], probe(['/run/user/1000/pulse/native']))).toEqual([
      'a PulseAudio server is running but ALSA has no "pulse" device: install its ALSA plugin (Debian: libasound2-plugins)',
    ]);
    expect(
      soundServerHints(['null'], probe(['/run/user/1000/pipewire-0', '/run/user/1000/pulse/native'])),
    ).toEqual([
      'PipeWire is running but ALSA has no "pipewire" device: install its ALSA plugin (Debian: pipewire-alsa)',
      'a PulseAudio server is running but ALSA has no "pulse" device: install its ALSA plugin (Debian: libasound2-plugins)',
    ]);
    expect(soundServerHints(['null'], probe([], { PULSE_SERVER: 'unix:/tmp/x' }))).toHaveLength(1);
  });

  it('is silent when the plugins are there, or no server runs', () => {
    expect(soundServerHints(['pulse'], probe(['/run/user/1000/pulse/native']))).toEqual([]);
    expect(
      soundServerHints(['pipewire'], probe(['/run/user/1000/pipewire-0', '/run/user/1000/pulse/native'])),
    ).toEqual([]);
    expect(soundServerHints(['null'], probe([]))).toEqual([]);
  });
});
