import { DriftCompensator } from '../src/drift/drift-compensator.js';
import { AutomaticGainControl } from '../src/dsp/automatic-gain-control.js';
import { EchoCanceller } from '../src/dsp/echo-canceller.js';
import { MicProcessor } from '../src/dsp/mic-processor.js';
import { NoiseSuppressor } from '../src/dsp/noise-suppressor.js';
import { VoiceActivityDetector } from '../src/dsp/voice-activity-detector.js';

/** Cost of each processing stage per 20 ms frame, and as a share of real time. */
export function dspCost(): string[][] {
  const rows: string[][] = [];
  const signal = (n: number, seed: number): Int16Array => {
    let s = seed;
    return Int16Array.from({ length: n }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return ((s >>> 16) % 8000) - 4000;
    });
  };
  for (const rate of [8000, 16000]) {
    const frame = rate / 50;
    const seconds = 20;
    const mic = signal(rate * seconds, 1);
    const far = signal(rate * seconds, 2);
    const out = new Int16Array(frame);
    const stages: [string, () => (m: Int16Array, f: Int16Array) => void][] = [
      [
        'AEC (128 ms tail)',
        () => {
          const a = new EchoCanceller({ sampleRate: rate, frameSamples: frame });
          return (m, f) => a.process(m, f, out);
        },
      ],
      [
        'noise suppression',
        () => {
          const n = new NoiseSuppressor({ sampleRate: rate, frameSamples: frame });
          return (m) => n.process(m, out);
        },
      ],
      [
        'VAD',
        () => {
          const v = new VoiceActivityDetector({ sampleRate: rate });
          return (m) => {
            v.process(m);
          };
        },
      ],
      [
        'AGC',
        () => {
          const g = new AutomaticGainControl();
          return (m) => g.process(m, true, out);
        },
      ],
      [
        'drift compensator',
        () => {
          const d = new DriftCompensator({ sampleRate: rate });
          return (m) => {
            d.push(m);
            d.pull(out);
          };
        },
      ],
      [
        'MicProcessor (all on)',
        () => {
          const p = new MicProcessor({ sampleRate: rate, frameSamples: frame });
          return (m, f) => {
            p.process(m, f, out);
          };
        },
      ],
    ];
    for (const [name, make] of stages) {
      const run = make();
      const frames = (rate * seconds) / frame;
      for (let i = 0; i < 100; i++)
        run(mic.subarray(i * frame, (i + 1) * frame), far.subarray(i * frame, (i + 1) * frame));
      const t0 = performance.now();
      for (let i = 0; i < frames; i++) {
        run(mic.subarray(i * frame, (i + 1) * frame), far.subarray(i * frame, (i + 1) * frame));
      }
      const ms = performance.now() - t0;
      rows.push([
        `${rate / 1000} kHz`,
        name,
        `${((ms * 1000) / frames).toFixed(1)} us`,
        `${((100 * ms) / (seconds * 1000)).toFixed(2)} %`,
      ]);
    }
  }
  return rows;
}
