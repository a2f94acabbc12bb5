// The "Jitter buffer and DTMF" example of the package README, run as a test. Keep the two in step.
import { expect, it } from 'vitest';
import {
  DtmfDetector,
  generateDtmfTone,
  JitterBuffer,
  planTelephoneEvent,
  TelephoneEventReceiver,
} from '../index.js';

it('runs the README example', () => {
  // --- README example starts ---
  // One buffer per incoming stream. The network side puts each packet with its arrival time;
  // the audio clock pulls one frame every 20 ms. Both use the same clock (ms).
  const jb = new JitterBuffer({ clockRate: 8000, ptimeMs: 20, minDelayMs: 20, maxDelayMs: 200 });
  const packet = (seq: number) => ({
    sequenceNumber: seq,
    timestamp: seq * 160,
    marker: seq === 0,
    ssrc: 1,
    payloadType: 0,
    payload: new Uint8Array(160),
  });
  const heard: string[] = [];
  for (let t = 0; t < 200; t += 20) {
    if (t !== 60) jb.put(packet(t / 20), t); // packet 3 is lost on the way
    const r = jb.get(t);
    if (r.kind === 'frame') {
      heard.push(`frame ${r.packet.sequenceNumber}`); // decode r.packet.payload
    } else if (r.kind === 'missing') {
      heard.push('conceal'); // the codec conceals r.durationTs samples
    } else {
      heard.push('-'); // nothing to play (yet)
    }
  }
  // heard: - - - frame 0, frame 1, frame 2, conceal, frame 4, frame 5, frame 6
  const { lost, targetDelayMs } = jb.stats;

  // RFC 4733: the packets for key 5 (send each at its offsetMs), and the receiving side.
  const plan = planTelephoneEvent('5', { startTimestamp: 8000, durationMs: 100 });
  const rx = new TelephoneEventReceiver();
  const reports = plan.packets.flatMap((p, i) => rx.receive({ ...p, sequenceNumber: i }, p.offsetMs));
  // one report: { digit: '5', durationMs: 100, ending: 'end', ... }

  // Inband DTMF, for peers without telephone-event.
  const detector = new DtmfDetector({ sampleRate: 8000 });
  const keys = [...detector.process(generateDtmfTone('#', 100)), ...detector.flush()];
  // keys[0].digit === '#'
  // --- README example ends ---

  expect(heard).toEqual([
    '-',
    '-',
    '-',
    'frame 0',
    'frame 1',
    'frame 2',
    'conceal',
    'frame 4',
    'frame 5',
    'frame 6',
  ]);
  expect(lost).toBe(1);
  expect(targetDelayMs).toBeGreaterThanOrEqual(20);
  expect(plan.packets).toHaveLength(7);
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatchObject({ digit: '5', durationMs: 100, ending: 'end' });
  expect(keys.map((k) => k.digit)).toEqual(['#']);
});
