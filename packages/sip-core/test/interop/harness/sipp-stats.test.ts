import { describe, expect, it } from 'vitest';
import { parseSippStats } from './sipp-stats.js';

// Shape of a real sipp 3.6.1 -trace_stat file (columns cut down, order kept).
const HEADER =
  'StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);TotalCallCreated;CurrentCall;' +
  'SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);OutOfCallMsgs(P);OutOfCallMsgs(C);' +
  'DeadCallMsgs(P);DeadCallMsgs(C);Retransmissions(P);Retransmissions(C);';

describe('parseSippStats', () => {
  it('reads the cumulative columns of the last row', () => {
    const text = [
      HEADER,
      '2026-11-26\t08:20:09.5;2026-11-26\t08:20:09.5;2026-11-26\t08:20:09.5;00:00:00;00:00:00;0;0;0;0;0;0;0;0;0;0;0;0;',
      '2026-11-26\t08:20:09.5;2026-11-26\t08:20:09.5;2026-11-26\t08:20:09.8;00:00:00;00:00:00;5;0;4;4;1;1;0;2;0;0;0;3;',
      '',
    ].join('\n');
    const s = parseSippStats(text);
    expect(s).toMatchObject({
      created: 5,
      successful: 4,
      failed: 1,
      outOfCallMessages: 2,
      retransmissions: 3,
    });
    expect(s?.cumulative.DeadCallMsgs).toBe('0');
  });

  it('gives undefined without a data row', () => {
    expect(parseSippStats('')).toBeUndefined();
    expect(parseSippStats(`${HEADER}\n`)).toBeUndefined();
  });
});
