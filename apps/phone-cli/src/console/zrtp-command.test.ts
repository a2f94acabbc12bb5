/** The console's zrtp: parsing Twinkle's `zrtp encrypt|go-clear|confirm-sas|reset-sas`, running it, the event text. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commands/parse-command.js';
import { type ExecuteContext, executeCommand } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';
import { formatEvent } from './format-event.js';

class ZrtpPhone extends FakePhone {
  zrtp(action: string) {
    this.calls.push(`zrtp ${action}`);
    if (action === 'go-clear') throw new Error('the far end does not allow going clear');
    return { method: 'zrtp', encrypted: true, sas: 'ot5m', sasVerified: action === 'confirm-sas' };
  }
}

const context = (phone: FakePhone): ExecuteContext => ({ phone, services: new Map() });

async function run(phone: FakePhone, line: string) {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return executeCommand(parsed.command, context(phone));
}

const answered = {
  direction: 'out',
  answered: true,
  state: 'answered',
  muted: false,
  peer: 'sip:bob@x',
} as const;

describe('zrtp command', () => {
  it('parses the four actions and refuses others', () => {
    for (const a of ['encrypt', 'go-clear', 'confirm-sas', 'reset-sas'])
      expect(parseCommand(`zrtp ${a}`)).toEqual({ ok: true, command: { name: 'zrtp', action: a } });
    expect(parseCommand('zrtp CONFIRM-SAS')).toMatchObject({ ok: true, command: { action: 'confirm-sas' } });
    const bad = parseCommand('zrtp verify');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('usage: zrtp encrypt|go-clear|confirm-sas|reset-sas');
    expect(parseCommand('zrtp').ok).toBe(false);
  });

  it('runs on the active line; engine errors become failed results; no call, no ZRTP', async () => {
    const phone = new ZrtpPhone();
    expect(await run(phone, 'zrtp confirm-sas')).toMatchObject({ ok: false, message: 'no call on line 1' });
    phone.line[0] = answered;
    const r = await run(phone, 'zrtp confirm-sas');
    expect(r).toMatchObject({
      ok: true,
      message: 'Line 1: SAS confirmed.',
      data: { line: 1, sasVerified: true },
    });
    expect(await run(phone, 'zrtp go-clear')).toMatchObject({ ok: false });
    expect(phone.calls).toEqual(['zrtp confirm-sas', 'zrtp go-clear']);
    const plain = new FakePhone();
    plain.line[0] = answered;
    expect(await run(plain, 'zrtp encrypt')).toMatchObject({ ok: false, message: 'this phone has no ZRTP' });
  });

  it('prints the SAS and cipher, the GoClear warning and the cache warning', () => {
    expect(
      formatEvent({
        type: 'call-encrypted',
        line: 1,
        method: 'zrtp',
        cipher: 'AES_CM_128_HMAC_SHA1_80',
        sas: 'ot5m',
        sasVerified: false,
      } as never),
    ).toBe(
      'Line 1: voice is encrypted (ZRTP, AES_CM_128_HMAC_SHA1_80).\nLine 1: SAS = ot5m\nLine 1: compare the SAS with the far end, then type "zrtp confirm-sas".',
    );
    expect(
      formatEvent({
        type: 'call-encrypted',
        line: 2,
        method: 'zrtp',
        cipher: 'C',
        sas: 'ab',
        sasVerified: true,
      } as never),
    ).toBe('Line 2: voice is encrypted (ZRTP, C).\nLine 2: SAS = ab (verified)');
    expect(
      formatEvent({ type: 'call-clear', line: 1, reason: 'go-clear', byPeer: true, warning: true } as never),
    ).toBe('WARNING: Line 1: the far end turned encryption off; voice is not encrypted.');
    expect(
      formatEvent({
        type: 'zrtp-warning',
        line: 1,
        kind: 'cache-mismatch',
        message: 'compare the SAS',
      } as never),
    ).toBe('WARNING: Line 1: compare the SAS');
    expect(formatEvent({ type: 'sas-verified', line: 1, verified: false } as never)).toBe(
      'Line 1: SAS confirmation reset.',
    );
  });
});
