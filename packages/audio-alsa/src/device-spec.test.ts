import { describe, expect, it } from 'vitest';
import { parseDeviceSpec } from './device-spec.js';

describe('parseDeviceSpec', () => {
  it.each([
    ['default', { kind: 'alsa', pcm: 'default' }],
    ['hw:0,0', { kind: 'alsa', pcm: 'hw:0,0' }],
    ['plughw:1', { kind: 'alsa', pcm: 'plughw:1' }],
    ['plughw:CARD=PCH,DEV=0', { kind: 'alsa', pcm: 'plughw:CARD=PCH,DEV=0' }],
    ['pulse', { kind: 'alsa', pcm: 'pulse' }],
    ['pipewire', { kind: 'alsa', pcm: 'pipewire' }],
    ['alsa:default', { kind: 'alsa', pcm: 'default' }],
    ['file:/x.wav', { kind: 'file', path: '/x.wav', loop: true }],
    ['file-once:/x.wav', { kind: 'file', path: '/x.wav', loop: false }],
    ['record:/y.wav', { kind: 'record', path: '/y.wav' }],
    ['tone:440', { kind: 'tone', frequencies: [440] }],
    ['tone:350+440', { kind: 'tone', frequencies: [350, 440] }],
    ['null', { kind: 'null' }],
  ])('%s', (text, value) => {
    expect(parseDeviceSpec(text)).toEqual({ ok: true, value });
  });

  it.each(['', 'tone:', 'tone:abc', 'tone:440+', 'file:', 'record:', 'alsa:', 'hw 0'])(
    'rejects "%s"',
    (t) => {
      expect(parseDeviceSpec(t).ok).toBe(false);
    },
  );
});
