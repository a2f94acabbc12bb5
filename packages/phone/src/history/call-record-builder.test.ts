import { describe, expect, it } from 'vitest';
import { formatCallRecord, isMissedCall, parseCallRecord } from './call-record.js';
import { answeredCall, endedCall, failedCall, startCallRecord } from './call-record-builder.js';

const incoming = startCallRecord({
  direction: 'in',
  time: 1000,
  from: { display: 'Bob', uri: 'sip:bob@example.com' },
  to: { uri: 'sip:alice@example.com' },
  profile: 'alice',
  farEndDevice: 'baresip',
});

describe('call record builder', () => {
  it('an answered call ended by the far end', () => {
    const r = endedCall(answeredCall(incoming, { time: 1005, code: 200, reason: 'OK' }), 1065, 'far');
    expect([r.timeStart, r.timeAnswer, r.timeEnd, r.releaseCause, r.inviteResponseCode]).toEqual([
      1000,
      1005,
      1065,
      'remote user',
      200,
    ]);
    expect(isMissedCall(r)).toBe(false);
    const back = parseCallRecord(formatCallRecord(r));
    expect(back.ok && back.record).toEqual(r);
  });

  it('a cancelled incoming call is missed; an outgoing failure keeps the Server header', () => {
    const missed = failedCall(incoming, { time: 1010, code: 487, reason: 'Request Terminated' });
    expect(isMissedCall(missed)).toBe(true);
    expect(missed.farEndDevice).toBe('baresip');
    const out = startCallRecord({
      ...{ direction: 'out' as const, time: 5, profile: 'p' },
      from: { uri: 'sip:a@x' },
      to: { uri: 'sip:b@y' },
    });
    const busy = failedCall(out, {
      time: 7,
      code: 486,
      reason: 'Busy Here',
      server: 'Asterisk',
      organization: 'Y',
    });
    expect([busy.farEndDevice, busy.toOrganization, isMissedCall(busy)]).toEqual(['Asterisk', 'Y', false]);
  });
});
