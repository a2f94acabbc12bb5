/**
 * The media session's seam for the conference mixer (routeDevices, pushSendFrame,
 * pullReceivedFrame) between two sessions on 127.0.0.1 in virtual time: a routed session's
 * microphone frames come out of its mic-path processing (the local voice), while frames the
 * mixer pushes (the other parties' voices) are sent as they are.
 */
import { VirtualClock } from '@twinkle/audio-alsa';
import { pcmu } from '@twinkle/codecs';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaCodec } from '../media/media-codec.js';
import { MediaSession } from '../media/media-session.js';
import { ArraySource, MemorySink, negotiate, readWav, rms, runMedia } from '../media/media-test-support.js';

/** Speech at -26 dB: quiet enough for gain control to raise it. */
const quietSpeech = readWav(new URL('../../fixtures/media/speech_8k.wav', import.meta.url)).samples.map((v) =>
  Math.round(v * 0.05),
);
/** RMS of samples [from, from + n). */
const level = (x: Int16Array, from: number, n: number) => rms(x.subarray(from, from + n));

const open: MediaSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

/** A with gain control and quiet speech as microphone, B recording; both started. */
async function pair() {
  const clock = new VirtualClock();
  const heard = new MemorySink(clock);
  const a = await MediaSession.open({
    address: '127.0.0.1',
    port: 0,
    clock,
    microphone: new ArraySource(clock, quietSpeech),
    dsp: { gainControl: true },
  });
  const b = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, speaker: heard });
  open.push(a, b);
  const codecs = [mediaCodec(pcmu)];
  const n = negotiate({ media: a, codecs }, { media: b, codecs });
  await a.start(n.a);
  await b.start(n.b);
  return { clock, a, b, heard };
}

/** What B played, in one array. */
const played = (heard: MemorySink) => Int16Array.from(heard.frames.flatMap((f) => [...f]));

describe('routing a session’s devices to a mixer', () => {
  it('the routed microphone frames are the processed voice (gain control raised it)', async () => {
    const { clock, a, b, heard } = await pair();
    const routed: number[] = [];
    a.routeDevices({
      microphone: (frame) => {
        routed.push(...frame);
        a.pushSendFrame(frame);
      },
    });
    await runMedia(clock, 5000, a, b);
    expect(routed.length).toBe(5 * 8000);
    // The last 2 s: the gain control has settled; the microphone gave quietSpeech there.
    const gain = level(Int16Array.from(routed), 24000, 16000) / level(quietSpeech, 24000, 16000);
    expect(gain, 'processed by gain control').toBeGreaterThan(2);
    expect(level(played(heard), 23000, 16000) / level(quietSpeech, 24000, 16000)).toBeGreaterThan(2);
  });

  it('frames pushed by the mixer are sent as they are, not through the mic-path processing', async () => {
    const { clock, a, b, heard } = await pair();
    let at = 0;
    a.routeDevices({
      // Each microphone frame is a mixing step; the mix is someone else's voice.
      microphone: () => {
        a.pushSendFrame(quietSpeech.subarray(at, at + 160));
        at += 160;
      },
    });
    await runMedia(clock, 5000, a, b);
    const gain = level(played(heard), 23000, 16000) / level(quietSpeech, 24000, 16000);
    expect(gain).toBeGreaterThan(0.85);
    expect(gain).toBeLessThan(1.15);
  });

  it('without a microphone handler the far end hears nothing; pullReceivedFrame gives what arrived', async () => {
    const { clock, a, b, heard } = await pair();
    b.routeDevices({}); // B's speaker plays silence: what arrives is the mixer's to take
    a.routeDevices({});
    await runMedia(clock, 1000, a, b);
    expect(rms(played(heard))).toBe(0);
    a.routeDevices(undefined); // A's own microphone again
    const taken = new Int16Array(160);
    let loud = 0;
    b.routeDevices({
      speaker: (frame) => {
        b.pullReceivedFrame(taken);
        if (rms(taken) > 20) loud++;
        frame.fill(0);
      },
    });
    await runMedia(clock, 1000, a, b);
    expect(loud).toBeGreaterThan(20);
    expect(a.sendRate).toBe(8000);
    expect(b.receiveRate).toBe(8000);
  });
});
