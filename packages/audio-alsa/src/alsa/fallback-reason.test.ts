/**
 * The fallback message when no sound card opens: one short sentence with ALSA's telling
 * line, the whole error chain kept apart for a debug log.
 */
import { writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSink, openSource } from '../open-device.js';
import { FakeLibAsound } from '../testing/fake-libasound.js';

/** What libasound 1.2 prints on stderr when `default` is opened on a machine without a card. */
const NO_CARD_CHAIN = [
  "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'",
  'ALSA lib conf.c:5204:(_snd_config_evaluate) function snd_func_card_inum returned error: No such file or directory',
  'ALSA lib confmisc.c:422:(snd_func_concat) error evaluating strings',
  'ALSA lib conf.c:5204:(_snd_config_evaluate) function snd_func_concat returned error: No such file or directory',
  'ALSA lib confmisc.c:1342:(snd_func_refer) error evaluating name',
  'ALSA lib conf.c:5204:(_snd_config_evaluate) function snd_func_refer returned error: No such file or directory',
  'ALSA lib conf.c:5727:(snd_config_expand) Evaluate error: No such file or directory',
  'ALSA lib pcm.c:2721:(snd_pcm_open_noupdate) Unknown PCM default',
].join('\n');

/** A libasound whose open fails as the real one does without a sound card, chain on fd 2. */
class NoCardLibAsound extends FakeLibAsound {
  override open(name: string) {
    writeSync(2, `${NO_CARD_CHAIN}\n`);
    return super.open(name);
  }
}

describe('the no-sound-card message', () => {
  it('is one short sentence with the cause; the chain is in the detail', async () => {
    const lib = new NoCardLibAsound();
    lib.openErr = -2;
    const speaker = await openSink('default', { lib, backends: ['alsa'] });
    expect(speaker.backend).toBe('clocked');
    expect(speaker.fallbackReason).toBe(
      `no usable sound card for speaker "default" (ALSA: cannot find card '0'); using null audio`,
    );
    expect(speaker.fallbackDetail).toMatch(
      /^no usable sound card for speaker "default" \(cannot open ALSA playback device "default": .+ \(ALSA: cannot find card '0'; function snd_func_card_inum returned error: .*; Unknown PCM default\)\); using null audio$/,
    );
    await speaker.device.close();
    const mic = await openSource('default', { lib, backends: ['alsa'] });
    expect(mic.fallbackReason).toBe(
      `no usable sound card for microphone "default" (ALSA: cannot find card '0'); using null audio`,
    );
    await mic.device.close();
  });

  it('without words from ALSA names the failed call and its error', async () => {
    const lib = new FakeLibAsound();
    lib.openErr = -2;
    const speaker = await openSink('hw:3,0', { lib, backends: ['alsa'] });
    expect(speaker.fallbackReason).toMatch(
      /^no usable sound card for speaker "hw:3,0" \(cannot open ALSA playback device "hw:3,0": .+\); using null audio$/,
    );
    expect(speaker.fallbackDetail).toBe(speaker.fallbackReason);
    await speaker.device.close();
  });
});
