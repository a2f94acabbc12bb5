import { describe, expect, it } from 'vitest';
import {
  OFFER_ANSWER_TABLE,
  OfferAnswer,
  type OfferAnswerInput,
  type OfferAnswerState,
} from './offer-answer.js';

const inputs: OfferAnswerInput[] = [
  'send-offer',
  'receive-offer',
  'send-answer',
  'receive-answer',
  'rollback',
];

describe('offer/answer state table (RFC 3264 4, RFC 3311 5)', () => {
  it.each<[OfferAnswerState, OfferAnswerInput, OfferAnswerState | undefined]>([
    ['stable', 'send-offer', 'local-offer'],
    ['stable', 'receive-offer', 'remote-offer'],
    ['stable', 'send-answer', undefined],
    ['stable', 'receive-answer', undefined],
    ['stable', 'rollback', undefined],
    ['local-offer', 'receive-answer', 'stable'],
    ['local-offer', 'rollback', 'stable'],
    ['local-offer', 'send-offer', undefined], // an offer over our own: not allowed
    ['local-offer', 'receive-offer', undefined], // glare: answered with 491
    ['remote-offer', 'send-answer', 'stable'],
    ['remote-offer', 'rollback', 'stable'],
    ['remote-offer', 'send-offer', undefined],
    ['remote-offer', 'receive-offer', undefined],
  ])('%s + %s -> %s', (from, input, to) => {
    expect(OFFER_ANSWER_TABLE[from][input]).toBe(to);
  });

  it('counts completed exchanges and refuses what the table does not allow', () => {
    const oa = new OfferAnswer();
    expect(oa.apply('receive-answer')).toBe(false);
    expect(oa.apply('send-offer')).toBe(true);
    expect(oa.can('send-offer')).toBe(false);
    expect(oa.apply('receive-answer')).toBe(true);
    expect(oa.exchanges).toBe(1);
    expect(oa.apply('receive-offer')).toBe(true);
    expect(oa.apply('rollback')).toBe(true);
    expect(oa.exchanges).toBe(1);
    for (const i of inputs) expect(oa.can(i)).toBe(i === 'send-offer' || i === 'receive-offer');
  });
});

describe('session state table', () => {
  it('only moves forward and never leaves terminated', async () => {
    const { SESSION_STATE_TABLE } = await import('./session-base.js');
    expect(SESSION_STATE_TABLE.terminated).toEqual([]);
    expect(SESSION_STATE_TABLE.established).toEqual(['terminated']);
    expect(SESSION_STATE_TABLE.early).not.toContain('initial');
    expect(SESSION_STATE_TABLE.initial).toContain('established'); // 2xx without a 1xx
  });
});
