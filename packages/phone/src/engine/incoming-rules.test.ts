import { describe, expect, it } from 'vitest';
import { decideIncoming, type IncomingSituation } from './incoming-rules.js';

const idle: IncomingSituation = {
  closing: false,
  dnd: false,
  callWaiting: true,
  occupied: [false, false],
  activeLine: 1,
};

describe('decideIncoming', () => {
  it.each([
    ['idle phone rings on the active line', {}, { kind: 'ring', line: 1, waiting: false }],
    ['idle phone, line 2 active', { activeLine: 2 }, { kind: 'ring', line: 2, waiting: false }],
    ['do not disturb', { dnd: true }, { kind: 'reject', status: 480 }],
    ['quitting', { closing: true }, { kind: 'reject', status: 480 }],
    ['busy, call waiting on', { occupied: [true, false] }, { kind: 'ring', line: 2, waiting: true }],
    [
      'busy on line 2, waiting on line 1',
      { occupied: [false, true], activeLine: 2 },
      { kind: 'ring', line: 1, waiting: true },
    ],
    [
      'busy, call waiting off',
      { occupied: [true, false], callWaiting: false },
      { kind: 'reject', status: 486 },
    ],
    ['every line busy', { occupied: [true, true] }, { kind: 'reject', status: 486 }],
    ['dnd wins over busy', { occupied: [true, true], dnd: true }, { kind: 'reject', status: 480 }],
    ['forward always', { forwardAlways: true }, { kind: 'forward', when: 'always' }],
    ['dnd wins over forwarding', { forwardAlways: true, dnd: true }, { kind: 'reject', status: 480 }],
    [
      'busy, forward on busy',
      { occupied: [true, true], forwardBusy: true },
      { kind: 'forward', when: 'busy' },
    ],
    [
      'busy without waiting, forward on busy',
      { occupied: [true, false], callWaiting: false, forwardBusy: true },
      { kind: 'forward', when: 'busy' },
    ],
    [
      'call waiting before forward on busy',
      { occupied: [true, false], forwardBusy: true },
      { kind: 'ring', line: 2, waiting: true },
    ],
    ['three lines, two busy', { occupied: [true, true, false] }, { kind: 'ring', line: 3, waiting: true }],
  ] as const)('%s', (_name, change, expected) => {
    expect(decideIncoming({ ...idle, ...change })).toEqual(expected);
  });
});
