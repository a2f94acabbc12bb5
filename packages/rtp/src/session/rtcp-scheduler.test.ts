import { describe, expect, it } from 'vitest';
import { MemberTable } from './member-table.js';
import { RtcpScheduler } from './rtcp-scheduler.js';
import { VirtualClock } from './virtual-clock.js';

const COMP = Math.E - 1.5;

function setup(random: () => number, population = { members: 2, senders: 1, weSent: true }) {
  const clock = new VirtualClock(0);
  const sent: number[] = [];
  const pop = { ...population };
  const s = new RtcpScheduler(
    { clock, random, rtcpBandwidth: 500, minimumSeconds: 5, initialAverageSize: 100 },
    {
      population: () => pop,
      sendReport: () => {
        sent.push(clock.now());
        return 100;
      },
    },
  );
  return { clock, sent, s, pop };
}

describe('RtcpScheduler (RFC 3550 6.3)', () => {
  it('sends the first report after the halved minimum, then every interval', () => {
    const { clock, sent, s } = setup(() => 0.5);
    s.start();
    // Initial: Tmin 2.5 s x 1.0 / (e - 1.5).
    const first = (2.5 / COMP) * 1000;
    clock.advance(first - 1);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeCloseTo(first, 6);
    clock.advance(60_000);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    for (const g of gaps) expect(g).toBeCloseTo((5 / COMP) * 1000, 6);
    s.stop();
    const n = sent.length;
    clock.advance(60_000);
    expect(sent).toHaveLength(n);
    expect(clock.pending).toBe(0);
  });

  it('reconsiders: when the group grows before the timer fires, the report is postponed', () => {
    const { clock, sent, s, pop } = setup(() => 0.5, { members: 2, senders: 2, weSent: true });
    s.start();
    // 1000 members join (we are not a sender any more): T grows to 1000 * 100 / 375 s.
    pop.members = 1000;
    pop.senders = 1;
    pop.weSent = false;
    clock.advance(10_000);
    expect(sent).toHaveLength(0);
    expect(s.nextReportAt).toBeGreaterThan(100_000);
  });

  it('reverse reconsideration pulls the next report in when members leave', () => {
    const { clock, sent, s, pop } = setup(() => 0.5, { members: 400, senders: 1, weSent: false });
    s.start();
    const before = s.nextReportAt!;
    clock.advance(1000);
    pop.members = 100;
    s.membersDecreased();
    const after = s.nextReportAt!;
    expect(after - 1000).toBeCloseTo((before - 1000) / 4, 3);
    expect(sent).toHaveLength(0);
  });

  it('tracks the average RTCP packet size (1/16 weight)', () => {
    const { s } = setup(() => 0.5);
    s.recordPacketSize(260);
    expect(s.averageSize).toBeCloseTo(110);
  });
});

describe('MemberTable timeouts (RFC 3550 6.3.5)', () => {
  it('drops members silent for 5 Td and clears the sender flag after two intervals without RTP', () => {
    const t = new MemberTable();
    const quiet = t.getOrCreate(1, 0);
    const talker = t.getOrCreate(2, 0);
    talker.sender = true;
    talker.lastRtpMs = 0;
    talker.lastHeardMs = 20_000;
    quiet.lastHeardMs = 0;
    expect(t.senderCount).toBe(1);
    expect(t.expire(26_000, 5000, 5000)).toBe(1);
    expect(t.get(1)).toBeUndefined();
    expect(t.get(2)?.sender).toBe(false);
  });
});
