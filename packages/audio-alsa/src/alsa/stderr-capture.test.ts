import { describe, expect, it } from 'vitest';
import { alsaMessages, captureStderr } from './stderr-capture.js';

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
