import { describe, expect, it } from 'vitest';
import { alsaMessages, captureStderr, tellingAlsaMessage } from './stderr-capture.js';

describe('captureStderr', () => {
  it('catches what native code writes to fd 2 during the call, and only then', async () => {
    const koffi = (await import('koffi')).default;
    const write = koffi.load('libc.so.6').func('long write(int fd, const char *s, unsigned long n)');
    const r = captureStderr(() =>
      write(2, 'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM x\n', 59),
    );
    expect(r.value).toBe(59);
    expect(alsaMessages(r.text)).toEqual(['Unknown PCM x']);
    expect(captureStderr(() => 1).text).toBe('');
  });
});

describe('tellingAlsaMessage', () => {
  it('picks the cause out of the chain libasound prints for a missing card', () => {
    // What libasound 1.2 printed here for `default` on a machine without a sound card.
    const chain = [
      "cannot find card '0'",
      'function snd_func_card_inum returned error: No such file or directory',
      'error evaluating strings',
      'function snd_func_concat returned error: No such file or directory',
      'error evaluating name',
      'function snd_func_refer returned error: No such file or directory',
      'Evaluate error: No such file or directory',
      'Unknown PCM default',
    ];
    expect(tellingAlsaMessage(chain)).toBe("cannot find card '0'");
    expect(tellingAlsaMessage(chain.slice(1))).toBe('Unknown PCM default');
    expect(tellingAlsaMessage(['Unknown PCM x'])).toBe('Unknown PCM x');
    expect(tellingAlsaMessage(['error evaluating name'])).toBe('error evaluating name');
    expect(tellingAlsaMessage([])).toBeUndefined();
  });
});
