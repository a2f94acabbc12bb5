/**
 * Finding header fields by name: the field index compares a hash of the
 * length and the first and last characters, then the rest. These cases sit
 * on the edges of that shortcut.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import type { SipMessage } from './sip-message.js';
import { TYPED, type TypedHeaderKey } from './typed-headers.js';

const request = (...headers: string[]): SipMessage => {
  const text = ['OPTIONS sip:b@example.com SIP/2.0', ...headers, 'Content-Length: 0', '', ''].join('\r\n');
  const r = parseMessage(text);
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
};

const isLetter = (c: string): boolean => /^[a-z]$/.test(c);

describe('header lookup', () => {
  it('every typed header name begins and ends with a letter (the lookup shortcut relies on it)', () => {
    for (const key of Object.keys(TYPED) as TypedHeaderKey[]) {
      expect(isLetter(key[0]!) && isLetter(key[key.length - 1]!), key).toBe(true);
      expect(TYPED[key].spelling.toLowerCase()).toBe(key);
    }
  });

  it('finds a name in any case and in its compact form', () => {
    for (const name of ['Call-ID', 'call-id', 'CALL-ID', 'cALL-iD', 'i', 'I']) {
      expect(request(`${name}: abc@h`).callId, name).toBe('abc@h');
    }
    for (const name of ['To', 'to', 'TO', 'tO', 't']) {
      expect(request(`${name}: <sip:a@h>`).to?.uri, name).toMatchObject({ host: 'h' });
    }
  });

  it('does not take a different name with the same length, first and last letters', () => {
    const m = request('Cxll-ID: wrong@h', 'Vxa: SIP/2.0/UDP h', 'Fxom: <sip:x@h>', 'CSxq: 1 OPTIONS');
    expect(m.callId).toBeUndefined();
    expect(m.topVia).toBeUndefined();
    expect(m.from).toBeUndefined();
    expect(m.cseq).toBeUndefined();
    expect(m.header('Call-ID')).toBeUndefined();
    expect(m.header('Cxll-ID')).toBe('wrong@h');
  });

  it('skips a look-alike to find the real header after it', () => {
    const m = request(
      'Cxll-ID: wrong@h',
      'Call-ID: right@h',
      'Vxa: SIP/2.0/UDP wrong',
      'Via: SIP/2.0/UDP right',
    );
    expect(m.callId).toBe('right@h');
    expect(m.topVia?.host).toBe('right');
  });

  it('does not let non-ASCII first or last characters pass for letters', () => {
    // U+0176 and U+0143 have the low bytes of 'v' and 'C'.
    const m = request('\u0176ia: SIP/2.0/UDP wrong', 'Call-I\u0144: wrong@h', 'Via: SIP/2.0/UDP right');
    expect(m.topVia?.host).toBe('right');
    expect(m.callId).toBeUndefined();
  });

  it('matches non-letter characters of an untyped name exactly', () => {
    const m = request('X-1: one', 'x-2: two', 'Y-1: three');
    expect(m.header('x-1')).toBe('one');
    expect(m.header('X-2')).toBe('two');
    expect(m.header('x-3')).toBeUndefined();
  });
});
