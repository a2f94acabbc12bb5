import { describe, expect, it } from 'vitest';
import { ConferenceMixer } from './conference-mixer.js';
import { FrameConverter } from './frame-converter.js';
import { mixFrame } from './mix-frame.js';
import { sine, toneAmplitude } from './tone-level.test.util.js';

const frame = (...values: number[]): Int16Array => Int16Array.from(values);

describe('mixFrame', () => {
  it('gives each leg the microphone and the other legs, the speaker every leg', () => {
    const inputs = [frame(1, 10, -5), frame(100, 20, 7), frame(1000, 30, 0)];
    const outputs = inputs.map(() => new Int16Array(3));
    const speaker = new Int16Array(3);
    mixFrame(inputs, frame(5000, 40, 2), outputs, speaker, new Int32Array(3));
    expect([...outputs[0]!]).toEqual([6100, 90, 9]);
    expect([...outputs[1]!]).toEqual([6001, 80, -3]);
    expect([...outputs[2]!]).toEqual([5101, 70, 4]);
    expect([...speaker]).toEqual([1101, 60, 2]);
  });

  it('saturates every output instead of wrapping around', () => {
    const inputs = [frame(30000, -30000, 20000), frame(30000, -30000, -20000)];
    const outputs = inputs.map(() => new Int16Array(3));
    const speaker = new Int16Array(3);
    mixFrame(inputs, frame(10000, -10000, 32767), outputs, speaker, new Int32Array(3));
    expect([...speaker]).toEqual([32767, -32768, 0]);
    expect([...outputs[0]!]).toEqual([32767, -32768, 12767]);
    expect([...outputs[1]!]).toEqual([32767, -32768, 32767]);
  });

  it('without a microphone, two legs hear exactly each other', () => {
    const a = sine(160, 8000, 400, 9000);
    const b = sine(160, 8000, 1000, 9000);
    const outputs = [new Int16Array(160), new Int16Array(160)];
    mixFrame([a, b], undefined, outputs, new Int16Array(160), new Int32Array(160));
    expect(outputs[0]).toEqual(b);
    expect(outputs[1]).toEqual(a);
  });

  it('mixes any number of legs: each of 8 hears the 7 others and not itself', () => {
    const n = 8;
    const inputs = Array.from({ length: n }, (_, i) => new Int16Array(4).fill(1 << i));
    const outputs = inputs.map(() => new Int16Array(4));
    const speaker = new Int16Array(4);
    mixFrame(inputs, undefined, outputs, speaker, new Int32Array(4));
    expect(speaker[0]).toBe(255);
    for (let i = 0; i < n; i++) expect(outputs[i]![2]).toBe(255 - (1 << i));
  });

  it('refuses a scratch buffer shorter than the frame', () => {
    expect(() => mixFrame([], undefined, [], new Int16Array(4), new Int32Array(2))).toThrow(RangeError);
  });
});

describe('FrameConverter', () => {
  it('turns 20 ms frames at 8 kHz into 20 ms frames at 16 kHz carrying the same tone', () => {
    const c = new FrameConverter(8000, 16000, 20);
    const out: number[] = [];
    for (let f = 0; f < 25; f++) out.push(...c.convert(sine(160, 8000, 1000, 8000, f * 160)));
    expect(c.output.length).toBe(320);
    const heard = Int16Array.from(out);
    expect(toneAmplitude(heard, 16000, 1000, 3200, 4800)).toBeGreaterThan(7000);
    expect(toneAmplitude(heard, 16000, 3000, 3200, 4800)).toBeLessThan(100);
  });

  it('keeps frame sizes exact for an uneven ratio (44.1 kHz to 16 kHz) without gaps or growing delay', () => {
    const c = new FrameConverter(44100, 16000, 20);
    const out: number[] = [];
    for (let f = 0; f < 100; f++) {
      const frame = c.convert(sine(882, 44100, 1000, 8000, f * 882));
      expect(frame.length).toBe(320);
      out.push(...frame);
    }
    // A dropped or doubled sample would smear the tone; the level stays within 3%.
    const heard = Int16Array.from(out);
    for (let s = 3200; s + 3200 <= heard.length; s += 3200)
      expect(toneAmplitude(heard, 16000, 1000, s, 3200)).toBeGreaterThan(7750);
  });

  it('passes equal rates through unchanged', () => {
    const c = new FrameConverter(8000, 8000, 20);
    const input = sine(160, 8000, 700, 5000);
    expect([...c.convert(input)]).toEqual([...input]);
  });
});

describe('ConferenceMixer', () => {
  /** Runs `frames` mixing steps with legs at the given rates, each saying its own tone. */
  function run(
    legs: readonly { rate: number; hz: number }[],
    mic: { rate: number; hz: number } | undefined,
    speakerRate: number,
    frames = 50,
  ) {
    const mixer = new ConferenceMixer({
      sampleRate: 16000,
      microphoneRate: mic?.rate ?? 16000,
      speakerRate,
    });
    const mixerLegs = legs.map((l) => mixer.addLeg({ receiveRate: l.rate, sendRate: l.rate }));
    const sent = legs.map(() => [] as number[]);
    const speaker: number[] = [];
    for (let f = 0; f < frames; f++) {
      legs.forEach((l, i) => {
        const n = (l.rate * 20) / 1000;
        mixerLegs[i]!.received(sine(n, l.rate, l.hz, 6000, f * n));
      });
      const n = ((mic?.rate ?? 16000) * 20) / 1000;
      speaker.push(...mixer.mix(mic ? sine(n, mic.rate, mic.hz, 6000, f * n) : undefined));
      mixerLegs.forEach((leg, i) => {
        sent[i]!.push(...leg.toSend());
      });
    }
    return { mixer, sent: sent.map((s) => Int16Array.from(s)), speaker: Int16Array.from(speaker) };
  }

  /** The tone amplitude over the second half of a recording. */
  const level = (rec: Int16Array, rate: number, hz: number) =>
    toneAmplitude(rec, rate, hz, rec.length >> 1, rec.length >> 1);

  it('three parties at 8, 16 and 48 kHz: each hears the other two and the microphone, never itself', () => {
    const legs = [
      { rate: 8000, hz: 400 },
      { rate: 16000, hz: 2200 },
      { rate: 48000, hz: 3100 },
    ];
    const { sent, speaker } = run(legs, { rate: 8000, hz: 1000 }, 8000);
    legs.forEach((l, i) => {
      for (const [j, other] of legs.entries()) {
        // 3100 Hz is above an 8 kHz leg's band: the resampler removes it, as it must.
        const audible = other.hz < l.rate / 2 - 600;
        const a = level(sent[i]!, l.rate, other.hz);
        if (j === i) expect(a, `leg ${i} hears itself`).toBeLessThan(150);
        else if (audible) expect(a, `leg ${i} hears leg ${j}`).toBeGreaterThan(5000);
      }
      expect(level(sent[i]!, l.rate, 1000), `leg ${i} hears the microphone`).toBeGreaterThan(5000);
    });
    expect(level(speaker, 8000, 400)).toBeGreaterThan(5000);
    expect(level(speaker, 8000, 2200)).toBeGreaterThan(5000);
    expect(level(speaker, 8000, 1000), 'the speaker does not play the microphone').toBeLessThan(150);
  });

  it('five parties: a leg that leaves is no longer heard, the others go on', () => {
    const hz = [400, 700, 1300, 1900, 2500];
    const mixer = new ConferenceMixer({ sampleRate: 8000 });
    const legs = hz.map(() => mixer.addLeg({ receiveRate: 8000, sendRate: 8000 }));
    const step = (f: number) => {
      legs.forEach((leg, i) => {
        leg.received(sine(160, 8000, hz[i]!, 4000, f * 160));
      });
      return mixer.mix(undefined);
    };
    let speaker = new Int16Array(0);
    for (let f = 0; f < 10; f++) speaker = Int16Array.from([...speaker, ...step(f)]);
    for (const h of hz) expect(toneAmplitude(speaker, 8000, h, 800, 800)).toBeGreaterThan(3000);
    expect(mixer.removeLeg(legs[2]!)).toBe(true);
    expect(mixer.removeLeg(legs[2]!)).toBe(false);
    legs.splice(2, 1);
    hz.splice(2, 1);
    speaker = new Int16Array(0);
    for (let f = 10; f < 20; f++) speaker = Int16Array.from([...speaker, ...step(f)]);
    expect(toneAmplitude(speaker, 8000, 1300, 0, 1600)).toBeLessThan(100);
    expect(mixer.legs.length).toBe(4);
    expect(toneAmplitude(legs[0]!.toSend(), 8000, 700)).toBeGreaterThan(2500);
  });

  it('allocates nothing per frame once running (the same arrays come back)', () => {
    const mixer = new ConferenceMixer({ sampleRate: 16000, microphoneRate: 8000, speakerRate: 8000 });
    const leg = mixer.addLeg({ receiveRate: 8000, sendRate: 8000 });
    leg.received(new Int16Array(160));
    const s1 = mixer.mix(new Int16Array(160));
    const o1 = leg.toSend();
    leg.received(new Int16Array(160));
    expect(mixer.mix(new Int16Array(160))).toBe(s1);
    expect(leg.toSend()).toBe(o1);
  });
});
