/**
 * The Request-Line: the one-match path for the usual line and the
 * step-by-step checks must agree on every line the first accepts, and the
 * second still gives each malformed line its own error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStartLine } from './start-line.js';

const parse = (line: string) => parseStartLine(line, line.length);

describe('Request-Line', () => {
  it('reads the usual line', () => {
    expect(parse('INVITE sip:bob@biloxi.example.com SIP/2.0')).toEqual({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:bob@biloxi.example.com',
      version: 'SIP/2.0',
    });
    expect(parse('NEWMETHOD.x-1 tel:+1-555;phone-context=x SIP/2.0')).toMatchObject({
      method: 'NEWMETHOD.x-1',
      uri: 'tel:+1-555;phone-context=x',
    });
    expect(parse('MESSAGE sip:z\u00e9@h SIP/2.0')).toMatchObject({ uri: 'sip:z\u00e9@h' });
  });

  it('takes the other spellings of the version through the detailed checks', () => {
    expect(parse('OPTIONS sip:h sip/2.0')).toMatchObject({ kind: 'request', version: 'sip/2.0' });
    expect(parse('OPTIONS sip:h SIP/2.00')).toMatchObject({ kind: 'request', version: 'SIP/2.00' });
  });

  it('rejects what the usual line cannot be', () => {
    expect(parse('INVITE sip:a b@h SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE  sip:h SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE sip:h  SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE sip:h SIP/2.0 ')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE sip:h\x01 SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INV@TE sip:h SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE bob SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE sip: SIP/2.0')).toMatchObject({ code: 'bad-start-line' });
    expect(parse('INVITE sip:h SIP/7.0x')).toMatchObject({ code: 'bad-version' });
  });

  it('gives the same result as the detailed checks for any line of printable characters', () => {
    // The detailed checks alone: the same line with the version spelled in lower case
    // (accepted by them, never by the one-match path), compared field by field.
    const piece = fc.stringMatching(/^[A-Za-z0-9:@;=.+\-_~ \t%!*'`]{0,12}$/);
    fc.assert(
      fc.property(piece, piece, (method, uri) => {
        const usual = parse(`${method} ${uri} SIP/2.0`);
        const detailed = parse(`${method} ${uri} sip/2.0`);
        if ('code' in detailed) expect('code' in usual).toBe(true);
        else expect(usual).toEqual({ ...detailed, version: 'SIP/2.0' });
      }),
      { numRuns: 2000 },
    );
  });
});
