import { describe, expect, it } from 'vitest';
import { withHeader } from './copies.js';
import { parseMultipart } from './multipart.js';
import { parseMessage } from './parse-message.js';
import type { SipMessage } from './sip-message.js';
import { validateMessage, validateRequest } from './validate.js';

const crlf = (...lines: string[]): string => lines.join('\r\n');

/** A valid OPTIONS with `extra` header lines inserted before Content-Length. */
const options = (...extra: string[]): string =>
  crlf(
    'OPTIONS sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'To: <sip:bob@example.com>',
    'From: <sip:al@example.com>;tag=x1',
    'Call-ID: abc@host',
    'CSeq: 7 OPTIONS',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  );

const parsed = (text: string): SipMessage => {
  const r = parseMessage(new TextEncoder().encode(text));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message;
};

const reasonOf = (m: SipMessage): string | undefined => {
  const v = validateMessage(m);
  return v.ok ? undefined : v.reason;
};

describe('header lines checked at the validation stage', () => {
  it('frames a field whose name is not a token; validation answers 400 naming it', () => {
    const m = parsed(options('Bad Name: x'));
    expect(m.header('subject')).toBeUndefined();
    expect(m.fields.map((f) => f.name)).toContain('Bad Name');
    expect(m.headerLineError()).toBe('Bad header field name "Bad Name"');
    expect(m.kind === 'request' && validateRequest(m)).toEqual({
      ok: false,
      status: 400,
      reason: 'Bad header field name "Bad Name"',
      header: undefined,
    });
  });

  it('rejects non-ASCII and control characters in a name at validation', () => {
    for (const name of ['Nämé', 'X-\u0001', 'Sub\rject']) {
      expect(reasonOf(parsed(options(`${name}: x`)))).toBe(`Bad header field name ${JSON.stringify(name)}`);
    }
  });

  it('rejects a bare CR inside a value (RFC 3261 section 7.3.1: only CRLF ends or folds a line)', () => {
    for (const line of ['Subject: one\rtwo', 'Subject: one\r', 'Subject: one\r\r']) {
      const m = parsed(options(line));
      expect(m.header('subject')?.includes('\r')).toBe(true);
      expect(reasonOf(m)).toBe('Bare CR in the value of Subject');
    }
    // In a header the stack reads, too: the CR is not taken for white space.
    const via = parsed(options().replace('host.example.com;', 'host.example.com\r;'));
    expect(reasonOf(via)).toBe('Bare CR in the value of Via');
  });

  it('accepts CRLF folding and a response with well-formed lines', () => {
    const m = parsed(options('Subject: one', ' two', '\tthree'));
    expect(m.header('subject')).toBe('one two three');
    expect(m.headerLineError()).toBeUndefined();
    expect(validateMessage(m)).toEqual({ ok: true });
  });

  it('still rejects at parse a line without a colon, an empty name and an orphan continuation', () => {
    const cases = [
      [options('No colon'), 'No colon', 'Header field without a colon'],
      [options(': x'), ': x', 'Empty header field name'],
      [options().replace('Via:', '\tVia:'), '\tVia:', 'Continuation line without a header field'],
    ] as const;
    for (const [text, line, reason] of cases) {
      const r = parseMessage(text);
      expect(r.ok ? '' : r.error.code).toBe('bad-header-line');
      expect(r.ok ? '' : r.error.reason).toBe(reason);
      expect(r.ok ? -1 : r.error.offset).toBe(text.indexOf(line));
    }
  });

  it('passes such lines through a changed copy unchanged', () => {
    const m = parsed(options('Bad Name: x', 'Subject: a\rb'));
    const copy = withHeader(m, 'Max-Forwards', '69');
    expect(copy.header('max-forwards')).toBe('69');
    expect(copy.headers('Bad Name')).toEqual(['x']);
    expect(copy.header('subject')).toBe('a\rb');
    expect(reasonOf(copy)).toBe('Bad header field name "Bad name"'); // canonical spelling of the copy
  });

  it('rejects a multipart part with a bad header name or a bare CR', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const bad = parseMultipart('b', enc('--b\r\nBad Name: x\r\n\r\nbody\r\n--b--'));
    expect(bad.ok ? '' : bad.error.reason).toBe('Bad header field name "Bad Name"');
    const cr = parseMultipart('b', enc('--b\r\nContent-Type: text/plain\r;x=1\r\n\r\nbody\r\n--b--'));
    expect(cr.ok ? '' : cr.error.reason).toBe('Bare CR in the value of Content-Type');
  });
});
