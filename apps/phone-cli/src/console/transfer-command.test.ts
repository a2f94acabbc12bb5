/** The console's transfer: parsing Twinkle's `transfer|refer [-c] [-l] [dst]`, running it, the answer to a request, the event text. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commands/parse-command.js';
import { type ExecuteContext, executeCommand } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';
import { formatEvent } from './format-event.js';

class TransferPhone extends FakePhone {
  answered: boolean[] = [];
  async transfer(
    destination?: string,
    options: { consult?: boolean; otherLine?: boolean } = {},
  ): Promise<void> {
    this.calls.push(`transfer ${destination ?? '-'} ${JSON.stringify(options)}`);
    if (options.consult === true && destination !== undefined) this.activeLine = 2;
  }
  answerTransfer(accept: boolean): void {
    this.answered.push(accept);
  }
}

const context = (phone: FakePhone): ExecuteContext => ({ phone, services: new Map() });

async function run(phone: FakePhone, line: string) {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return executeCommand(parsed.command, context(phone));
}

describe('transfer command', () => {
  it.each([
    ['transfer bob', { name: 'transfer', destination: 'bob', consult: false, otherLine: false }],
    [
      'refer sip:bob@example.com',
      { name: 'transfer', destination: 'sip:bob@example.com', consult: false, otherLine: false },
    ],
    ['transfer -c bob', { name: 'transfer', destination: 'bob', consult: true, otherLine: false }],
    ['transfer -cbob', { name: 'transfer', destination: 'bob', consult: true, otherLine: false }],
    ['transfer -c', { name: 'transfer', consult: true, otherLine: false }],
    ['tr -l', { name: 'transfer', consult: false, otherLine: true }],
  ])('%s parses', (line, command) => {
    expect(parseCommand(line)).toEqual({ ok: true, command });
  });

  it.each([
    ['transfer', /destination is missing/],
    ['transfer -c -l', /-c and -l do not go together/],
    ['transfer -l bob', /-l takes no destination/],
    ['transfer -x bob', /unknown option -x/],
  ])('%s is refused with the usage', (line, message) => {
    const r = parseCommand(line);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'syntax', command: 'transfer' });
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toContain('usage: transfer [-c] [-l] [destination]');
  });

  it('runs blind, consultation, completion and other-line transfers on the phone', async () => {
    const phone = new TransferPhone();
    expect(await run(phone, 'transfer bob')).toMatchObject({
      ok: true,
      message: 'Line 1: transferring the call to bob.',
    });
    expect(await run(phone, 'transfer -c carol')).toMatchObject({
      ok: true,
      message: 'Line 1: call on hold; consultation call to carol on line 2.',
    });
    await run(phone, 'transfer -c');
    await run(phone, 'transfer -l');
    expect(phone.calls).toEqual([
      'transfer bob {}',
      'transfer carol {"consult":true}',
      'transfer - {"consult":true}',
      'transfer - {"otherLine":true}',
    ]);
  });

  it('an engine error becomes a failed result; a phone without transfer says so', async () => {
    const phone = new TransferPhone();
    phone.transfer = async () => {
      throw Object.assign(new Error('line 1 has no answered call to transfer'), { code: 'invalid-state' });
    };
    expect(await run(phone, 'transfer bob')).toMatchObject({
      ok: false,
      message: 'line 1 has no answered call to transfer',
      data: { code: 'invalid-state' },
    });
    expect(await run(new FakePhone(), 'transfer bob')).toMatchObject({
      ok: false,
      message: 'this phone cannot transfer calls',
    });
  });

  it('answer and reject on an answered call answer a transfer request; on a ringing call they do their usual job', async () => {
    const phone = new TransferPhone();
    phone.line[0] = { direction: 'in', answered: true, state: 'answered', muted: false, peer: 'sip:a@x' };
    expect(await run(phone, 'answer')).toMatchObject({ ok: true, message: 'Line 1: transfer allowed.' });
    expect(await run(phone, 'reject')).toMatchObject({ ok: true, message: 'Line 1: transfer refused.' });
    expect(phone.answered).toEqual([true, false]);
    phone.line[0] = { direction: 'in', answered: false, state: 'incoming', muted: false, peer: 'sip:a@x' };
    await run(phone, 'answer');
    expect(phone.calls).toEqual(['answer']);
  });

  it('prints the transfer events as sentences', () => {
    expect(
      formatEvent({
        type: 'transfer-request',
        line: 1,
        target: 'sip:carol@example.com',
        referredBy: '<sip:alice@example.com>',
      } as never),
    ).toBe(
      'Line 1: <sip:alice@example.com> asks to transfer this call to sip:carol@example.com.\nType "answer" to allow it or "reject" to refuse.',
    );
    const t = (e: Record<string, unknown>) => formatEvent({ type: 'transfer', line: 1, ...e } as never);
    expect(t({ role: 'referrer', state: 'requested', mode: 'blind', target: 'sip:c@x' })).toBe(
      'Line 1: transferring the call to sip:c@x (blind).',
    );
    expect(t({ role: 'referrer', state: 'progress', status: 180, reason: 'Ringing' })).toBe(
      'Line 1: transfer progress (180 Ringing).',
    );
    expect(t({ role: 'referrer', state: 'failed', target: 'sip:c@x', status: 603, reason: 'Decline' })).toBe(
      'Line 1: transfer to sip:c@x failed (603 Decline).',
    );
    expect(t({ role: 'referrer', state: 'consulting', target: 'sip:c@x', consultLine: 2 })).toBe(
      'Line 1: call on hold; consultation call to sip:c@x on line 2.',
    );
    expect(t({ role: 'target', state: 'replaced', target: 'sip:b@x' })).toBe(
      'Line 1: the call was transferred; now talking to sip:b@x.',
    );
  });

  it('help transfer shows the usage and the alias', async () => {
    const r = await run(new FakePhone(), 'help transfer');
    expect(r.message).toContain('Usage: transfer [-c] [-l] [destination]');
    expect(r.message).toContain('Also: refer');
  });
});
