import { describe, expect, it } from 'vitest';
import { JitterBuffer } from './jitter-buffer.js';
import type { JitterBufferOptions, JitterPacket, JitterPutOutcome, JitterResult } from './types.js';

// Table-driven tests in the manner of baresip's test/jbuf.c: each row puts a packet
// (seq, timestamp, arrival) or pulls a frame at a time, with the outcome expected.
// Clock 8 kHz, 20 ms frames (160 timestamp units); initial target 40 ms.

interface PutRow {
  readonly put: readonly [seq: number, ts: number, arrivalMs: number];
  readonly expect?: JitterPutOutcome;
  readonly marker?: boolean;
  readonly ssrc?: number;
}
interface GetRow {
  readonly get: number;
  /** `frame SEQ`, `missing TS` or `empty REASON` */
  readonly expect: string;
}
type Row = PutRow | GetRow;

const OPTIONS: JitterBufferOptions = { clockRate: 8000, ptimeMs: 20, minDelayMs: 20, initialDelayMs: 40 };

function packet(seq: number, ts: number, marker = false, ssrc = 0x1234): JitterPacket {
  return { sequenceNumber: seq, timestamp: ts, marker, ssrc, payloadType: 0, payload: new Uint8Array(1) };
}

function describeResult(r: JitterResult): string {
  if (r.kind === 'frame') return `frame ${r.packet.sequenceNumber}`;
  if (r.kind === 'missing') return `missing ${r.timestamp}`;
  return `empty ${r.reason}`;
}

/** Runs a table; returns the buffer and compares the whole list of outcomes at once. */
function run(rows: readonly Row[], options: JitterBufferOptions = OPTIONS): JitterBuffer {
  const jb = new JitterBuffer(options);
  const actual: string[] = [];
  const expected: string[] = [];
  rows.forEach((row, i) => {
    if ('put' in row) {
      const [seq, ts, at] = row.put;
      const outcome = jb.put(packet(seq, ts, row.marker, row.ssrc), at);
      actual.push(`${i}: put ${seq} -> ${outcome}`);
      expected.push(`${i}: put ${seq} -> ${row.expect ?? 'buffered'}`);
    } else {
      actual.push(`${i}: get ${row.get} -> ${describeResult(jb.get(row.get))}`);
      expected.push(`${i}: get ${row.get} -> ${row.expect}`);
    }
  });
  expect(actual).toEqual(expected);
  return jb;
}

/** In-order start: packets 1 and 2 wait until packet 1 has waited the 40 ms target. */
const START: Row[] = [
  { put: [1, 0, 0] },
  { get: 0, expect: 'empty buffering' },
  { put: [2, 160, 20] },
  { get: 20, expect: 'empty buffering' },
];

describe('JitterBuffer tables', () => {
  it('is idle before the first packet', () => {
    run([{ get: 0, expect: 'empty idle' }]);
  });

  it('plays in order after the target delay, then conceals a stopped stream, then goes silent', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { put: [4, 480, 60] },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
      { get: 100, expect: 'frame 4' },
      // Starved: the playout point holds at 640 while concealment covers up to 100 ms.
      { get: 120, expect: 'missing 640' },
      { get: 140, expect: 'missing 640' },
      { get: 160, expect: 'missing 640' },
      { get: 180, expect: 'missing 640' },
      { get: 200, expect: 'missing 640' },
      { get: 220, expect: 'empty silence' },
      { get: 240, expect: 'empty silence' },
    ]);
    const s = jb.stats;
    expect(s).toMatchObject({ received: 4, played: 4, concealed: 5, lost: 0, late: 0, buffered: 0 });
    expect(s.currentDelayMs).toBe(40);
  });

  it('starts early when a burst already holds more than the target', () => {
    run([
      { put: [1, 0, 0] },
      { put: [3, 320, 0] },
      { get: 0, expect: 'frame 1' },
      { put: [2, 160, 10] }, // reordered, still in time
      { get: 20, expect: 'frame 2' },
      { get: 40, expect: 'frame 3' },
    ]);
  });

  it('puts reordered packets back in order', () => {
    run([
      { put: [1, 0, 0] },
      { put: [3, 320, 10] },
      { put: [2, 160, 15] },
      { get: 20, expect: 'frame 1' },
      { put: [5, 640, 30] },
      { put: [4, 480, 35] },
      { get: 40, expect: 'frame 2' },
      { get: 60, expect: 'frame 3' },
      { get: 80, expect: 'frame 4' },
      { get: 100, expect: 'frame 5' },
    ]);
  });

  it('conceals a lost packet and counts it lost once playout passes it', () => {
    const jb = run([
      ...START,
      { get: 40, expect: 'frame 1' },
      { put: [4, 480, 60] },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'missing 320' },
      { put: [5, 640, 80] },
      { get: 100, expect: 'frame 4' },
      { get: 120, expect: 'frame 5' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 1, late: 0, concealed: 1, played: 4 });
  });

  it('drops a packet that arrives after its frame was concealed, and does not count it lost', () => {
    const jb = run([
      ...START,
      { get: 40, expect: 'frame 1' },
      { put: [4, 480, 60] },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'missing 320' },
      { put: [3, 320, 90], expect: 'late' },
      { put: [5, 640, 95] },
      { get: 100, expect: 'frame 4' },
      { get: 120, expect: 'frame 5' },
      { put: [3, 320, 125], expect: 'duplicate' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 0, late: 1, duplicates: 1, concealed: 1 });
  });

  it('takes a packet back from the lost count when it turns up after playout passed it', () => {
    const jb = run([
      ...START,
      { get: 40, expect: 'frame 1' },
      { put: [4, 480, 60] },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'missing 320' },
      { get: 100, expect: 'frame 4' },
      { put: [3, 320, 105], expect: 'late' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 0, late: 1 });
  });

  it('drops duplicates, buffered or already played', () => {
    const jb = run([
      { put: [1, 0, 0] },
      { put: [1, 0, 1], expect: 'duplicate' },
      { put: [2, 160, 20] },
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { put: [1, 0, 45], expect: 'duplicate' },
      { put: [2, 160, 46], expect: 'duplicate' },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
    ]);
    expect(jb.stats).toMatchObject({ duplicates: 3, played: 3, received: 6 });
  });

  it('treats a marked timestamp gap as a new talkspurt, scheduled afresh (DTX)', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
      { get: 100, expect: 'missing 480' },
      // 1 s of silence; the next talkspurt starts at ts 8480 (1060 ms) with the marker bit.
      { put: [4, 8480, 1060], marker: true },
      { get: 1060, expect: 'empty buffering' },
      { put: [5, 8640, 1080] },
      { get: 1080, expect: 'empty buffering' },
      { get: 1100, expect: 'frame 4' },
      { get: 1120, expect: 'frame 5' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 0, concealed: 1 });
  });

  it('treats a timestamp gap the missing packets cannot fill as silence: lost talkspurt start', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
      // seq 4 (the marked start at ts 8480) is lost; seq 5 at ts 8640 follows.
      { put: [5, 8640, 1080] },
      { get: 1080, expect: 'empty buffering' },
      { put: [6, 8800, 1100] },
      { get: 1100, expect: 'empty buffering' },
      { get: 1120, expect: 'frame 5' },
      { get: 1140, expect: 'frame 6' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 1 });
  });

  it('wraps sequence numbers and timestamps', () => {
    run([
      { put: [65534, 4294966976, 0] },
      { put: [65535, 4294967136, 20] },
      { put: [0, 0, 40] },
      { get: 40, expect: 'frame 65534' },
      { put: [1, 160, 60] },
      { get: 60, expect: 'frame 65535' },
      { get: 80, expect: 'frame 0' },
      { get: 100, expect: 'frame 1' },
    ]);
  });

  it('resets cleanly on a confirmed SSRC change and ignores a stray one', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { put: [900, 77, 45], ssrc: 0xbeef, expect: 'probation' }, // stray
      { put: [4, 480, 60] },
      { get: 60, expect: 'frame 2' },
      { put: [7000, 50000, 70], ssrc: 0xcafe, expect: 'probation' },
      { put: [7001, 50160, 90], ssrc: 0xcafe, expect: 'reset' },
      { get: 90, expect: 'empty buffering' },
      { put: [7002, 50320, 110], ssrc: 0xcafe },
      { get: 110, expect: 'frame 7000' },
      { get: 130, expect: 'frame 7001' },
    ]);
    // discarded: the stray, then packets 3 and 4 of the old stream
    expect(jb.stats).toMatchObject({ resets: 1, discarded: 3, played: 4 });
  });

  it('resets on a confirmed timestamp jump and on a sequence jump', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { put: [4, 480 + 80000, 60], expect: 'probation' }, // 10 s timestamp jump
      { put: [5, 640 + 80000, 80], expect: 'reset' },
      { get: 80, expect: 'empty buffering' },
      { put: [6, 800 + 80000, 100] },
      { get: 100, expect: 'frame 4' },
      { put: [20000, 960 + 80000, 120], expect: 'probation' }, // sequence jump
      { put: [20001, 1120 + 80000, 140], expect: 'reset' },
    ]);
    expect(jb.stats.resets).toBe(2);
  });

  it('discards the oldest packets when the ring overflows', () => {
    const rows: Row[] = [];
    for (let seq = 1; seq <= 20; seq++) rows.push({ put: [seq, (seq - 1) * 160, 0] });
    rows.push({ get: 0, expect: 'frame 5' }, { get: 20, expect: 'frame 6' });
    const jb = run(rows, { ...OPTIONS, capacity: 16 });
    expect(jb.stats).toMatchObject({ discarded: 4, buffered: 14 });
  });

  it('learns the frame length from timestamp deltas (30 ms packets)', () => {
    const jb = run(
      [
        { put: [1, 0, 0] },
        { put: [2, 240, 30] },
        { put: [3, 480, 60] },
        { put: [4, 720, 90] },
        { get: 90, expect: 'frame 1' },
        { get: 120, expect: 'frame 2' },
        { get: 150, expect: 'frame 3' },
        { get: 180, expect: 'frame 4' },
      ],
      { ...OPTIONS, initialDelayMs: 60 },
    );
    expect(jb.frameDurationTs).toBe(240);
  });

  it('runs on a 48 kHz clock (960 units per 20 ms frame)', () => {
    const jb = run(
      [
        { put: [10, 96_000, 1000] },
        { put: [11, 96_960, 1020] },
        { put: [13, 98_880, 1040] },
        { get: 1040, expect: 'frame 10' },
        { get: 1060, expect: 'frame 11' },
        { get: 1080, expect: 'missing 97920' },
        { get: 1100, expect: 'frame 13' },
      ],
      { ...OPTIONS, clockRate: 48_000 },
    );
    expect(jb.stats).toMatchObject({ lost: 1, frameDurationTs: 960 });
  });

  it('holds the playout point through a network pause and then plays everything (delay grows)', () => {
    const jb = run([
      ...START,
      { put: [3, 320, 40] },
      { get: 40, expect: 'frame 1' },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
      { get: 100, expect: 'missing 480' },
      { get: 120, expect: 'missing 480' },
      // packets 4-6 were held up in the network and arrive together
      { put: [4, 480, 125] },
      { put: [5, 640, 126] },
      { put: [6, 800, 127] },
      { get: 140, expect: 'frame 4' },
      { get: 160, expect: 'frame 5' },
      { get: 180, expect: 'frame 6' },
    ]);
    expect(jb.stats).toMatchObject({ lost: 0, late: 0, concealed: 2, played: 6 });
    expect(jb.stats.currentDelayMs).toBe(180 - 127);
  });

  it('ignores a marker bit that does not start a timestamp gap', () => {
    run([
      ...START,
      { put: [3, 320, 40], marker: true },
      { get: 40, expect: 'frame 1' },
      { get: 60, expect: 'frame 2' },
      { get: 80, expect: 'frame 3' },
    ]);
  });
});
