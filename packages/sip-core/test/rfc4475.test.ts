/**
 * RFC 4475 torture messages as a test suite. Every message of the RFC has a
 * row (none skipped), tagged from fixtures/rfc4475/INDEX.md with the stage
 * that must reject it and the response that stage gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isOpaqueUri,
  isSipUri,
  parseMessage,
  type SipMessage,
  SipRequest,
  validateMessage,
  validateRequest,
  versionSupported,
} from '../src/index.js';
import { type Case, checkCase } from './torture-harness.js';

const dir = new URL('../fixtures/rfc4475/', import.meta.url);
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(file, dir)));

const req = (m: SipMessage): SipRequest => {
  if (!(m instanceof SipRequest)) throw new Error('expected a request');
  return m;
};

const CASES: readonly Case[] = [
  // 3.1.1 valid messages: parse, validate, round-trip.
  {
    file: 'wsinv.dat',
    stage: 'accept',
    check: (m) => {
      expect(m.header('subject')).toBe('');
      expect(m.header('NewFangledHeader')).toBe('newfangled value continued newfangled value');
      expect(m.header('UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
      expect(m.via?.map((v) => v.host)).toEqual(['192.0.2.2', 'spindle.example.com', '192.168.255.111']);
      expect(m.from?.displayName).toBe('J Rosenberg \\"');
      expect(m.from?.tag).toBe('98asjd8');
      expect(m.to?.tag).toBe('1918181833n');
      expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
      expect(m.maxForwards).toBe(68);
    },
  },
  {
    file: 'intmeth.dat',
    stage: 'accept',
    check: (m) => expect(req(m).method).toBe("!interesting-Method0123456789_*+`.%indeed'~"),
  },
  {
    file: 'esc01.dat',
    stage: 'accept',
    check: (m) => {
      expect(req(m).requestUri).toBe('sip:sips%3Auser%40example.com@example.net');
      expect(m.contentType).toMatchObject({ type: 'application', subtype: 'sdp' }); // written `C:`
    },
  },
  { file: 'escnull.dat', stage: 'accept', check: (m) => expect(m.headers('m')).toHaveLength(2) },
  { file: 'esc02.dat', stage: 'accept', check: (m) => expect(req(m).method).toBe('RE%47IST%45R') },
  { file: 'lwsdisp.dat', stage: 'accept', check: (m) => expect(m.from?.displayName).toBe('caller') },
  { file: 'longreq.dat', stage: 'accept', check: (m) => expect(m.via).toHaveLength(34) },
  {
    file: 'dblreq.dat',
    stage: 'accept',
    exactPrefix: true,
    check: (m) => {
      expect(req(m).method).toBe('REGISTER');
      expect(m.body).toHaveLength(0);
    },
  },
  {
    file: 'semiuri.dat',
    stage: 'accept',
    check: (m) => {
      const u = req(m).uri;
      expect(u !== undefined && isSipUri(u) ? u.user : undefined).toBe('user;par=u%40example.net');
    },
  },
  {
    file: 'transports.dat',
    stage: 'accept',
    check: (m) => expect(m.via?.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']),
  },
  {
    file: 'mpart01.dat',
    stage: 'accept',
    check: (m) => {
      const parts = m.parts();
      expect(parts.ok).toBe(true);
      if (!parts.ok) return;
      expect(parts.value.map((p) => p.header('content-type'))).toEqual([
        'text/plain',
        'application/octet-stream',
      ]);
      expect(new TextDecoder().decode(parts.value[0]!.body)).toBe('Hello');
      expect(parts.value[1]!.body[0]).toBe(0x30); // DER SEQUENCE of the S/MIME signature
    },
  },
  {
    file: 'unreason.dat',
    stage: 'accept',
    check: (m) =>
      expect(m.kind === 'response' && m.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое'),
  },
  { file: 'noreason.dat', stage: 'accept', check: (m) => expect(m.kind === 'response' && m.reason).toBe('') },
  // 3.1.2 invalid messages.
  { file: 'badinv01.dat', stage: 'validate', status: 400 },
  { file: 'clerr.dat', stage: 'parse', status: 400, code: 'body-too-short' },
  { file: 'ncl.dat', stage: 'parse', status: 400, code: 'bad-content-length' },
  { file: 'scalar02.dat', stage: 'validate', status: 400 },
  { file: 'scalarlg.dat', stage: 'validate', status: 'discard' },
  { file: 'quotbal.dat', stage: 'validate', status: 400 },
  { file: 'ltgtruri.dat', stage: 'parse', status: 400, code: 'bad-start-line' },
  { file: 'lwsruri.dat', stage: 'parse', status: 400, code: 'bad-start-line' },
  { file: 'lwsstart.dat', stage: 'parse', status: 400, code: 'bad-start-line' },
  { file: 'trws.dat', stage: 'parse', status: 400, code: 'bad-start-line' },
  { file: 'escruri.dat', stage: 'validate', status: 400 },
  { file: 'baddate.dat', stage: 'validate', status: 400 },
  { file: 'regbadct.dat', stage: 'validate', status: 400 },
  { file: 'badaspec.dat', stage: 'validate', status: 400 },
  // No empty line after the headers in the archive: an incomplete datagram (see below for its display name).
  { file: 'baddn.dat', stage: 'parse', status: 400, code: 'incomplete' },
  {
    file: 'badvers.dat',
    stage: 'core',
    status: 505,
    check: (m) => {
      expect(m.version).toBe('SIP/7.0');
      expect(versionSupported(m)).toBe(false);
    },
  },
  { file: 'mismatch01.dat', stage: 'validate', status: 400 },
  // 501 is preferred, 400 acceptable: the CSeq method mismatch is caught by validation first.
  { file: 'mismatch02.dat', stage: 'validate', status: 400 },
  { file: 'bigcode.dat', stage: 'parse', status: 'discard', code: 'bad-start-line' },
  // 3.2 and 3.3.
  {
    file: 'badbranch.dat',
    stage: 'accept',
    check: (m) => expect(m.via?.[0]?.branch).toBe('z9hG4bK'),
  },
  { file: 'insuf.dat', stage: 'validate', status: 400 },
  {
    file: 'unkscm.dat',
    stage: 'core',
    status: 416,
    check: (m) => {
      const u = req(m).uri;
      expect(u !== undefined && isOpaqueUri(u) ? u.scheme.toLowerCase() : undefined).toBe(
        'nobodyknowsthisscheme',
      );
    },
  },
  {
    file: 'novelsc.dat',
    stage: 'core',
    status: 416,
    check: (m) => expect(req(m).uri?.scheme.toLowerCase()).toBe('soap.beep'),
  },
  {
    // A registrar answers 400 (To must be a SIP or SIPS AOR); proxies handle it normally.
    file: 'unksm2.dat',
    stage: 'core',
    status: 400,
    check: (m) => {
      expect(m.to?.uri.scheme).toBe('isbn');
      expect(m.from?.uri.scheme).toBe('http');
    },
  },
  {
    file: 'bext01.dat',
    stage: 'core',
    status: 420,
    check: (m) => {
      expect(m.get('require')).toEqual(['nothingSupportsThis', 'nothingSupportsThisEither']);
      expect(m.get('proxy-require')).toEqual(['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
    },
  },
  {
    file: 'invut.dat',
    stage: 'core',
    status: 415,
    check: (m) => expect(m.contentType).toMatchObject({ type: 'application', subtype: 'unknownformat' }),
  },
  {
    file: 'regaut01.dat',
    stage: 'accept',
    check: (m) => {
      expect(m.get('authorization')?.[0]?.scheme).toBe('NoOneKnowsThisScheme');
      expect(m.header('authorization')).toBe('NoOneKnowsThisScheme opaque-data=here');
    },
  },
  { file: 'multi01.dat', stage: 'validate', status: 400 },
  { file: 'mcl01.dat', stage: 'parse', status: 400, code: 'multiple-content-length' },
  {
    // Endpoints and proxies drop it: nothing is sent to 255.255.255.255.
    file: 'bcast.dat',
    stage: 'core',
    status: 'discard',
    check: (m) => expect(m.via?.[1]?.host).toBe('255.255.255.255'),
  },
  { file: 'zeromf.dat', stage: 'accept', check: (m) => expect(m.maxForwards).toBe(0) },
  {
    file: 'cparam01.dat',
    stage: 'accept',
    check: (m) => {
      const c = m.contact;
      expect(c !== '*' && c?.[0]?.params.map((p) => p.name)).toEqual(['unknownparam']);
      const u = c !== '*' ? c?.[0]?.uri : undefined;
      expect(u !== undefined && isSipUri(u) ? u.params : undefined).toEqual([]);
    },
  },
  {
    file: 'cparam02.dat',
    stage: 'accept',
    check: (m) => {
      const c = m.contact;
      const u = c !== '*' ? c?.[0]?.uri : undefined;
      expect(u !== undefined && isSipUri(u) ? u.params.map((p) => p.name) : undefined).toEqual([
        'unknownparam',
      ]);
    },
  },
  {
    file: 'regescrt.dat',
    stage: 'accept',
    check: (m) => {
      const c = m.contact;
      const u = c !== '*' ? c?.[0]?.uri : undefined;
      expect(u !== undefined && isSipUri(u) ? u.headers : undefined).toEqual([
        { name: 'Route', value: '%3Csip:sip.example.com%3E' },
      ]);
    },
  },
  {
    // 406 Not Acceptable (or 400) from the endpoint: Accept lacks application/sdp.
    file: 'sdp01.dat',
    stage: 'core',
    status: 406,
    check: (m) => expect(m.header('accept')).toBe('text/nobodyKnowsThis'),
  },
  {
    file: 'inv2543.dat',
    stage: 'accept',
    check: (m) => {
      expect(m.via?.[0]?.branch).toBeUndefined();
      expect(m.contentLength).toBeUndefined();
      expect(m.body.length).toBeGreaterThan(0);
    },
  },
];

describe('RFC 4475 torture messages', () => {
  it('has a row for every message of the archive but test.dat', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.dat') && f !== 'test.dat')
      .sort();
    expect(CASES.map((c) => c.file).sort()).toEqual(files);
    expect(files).toHaveLength(49);
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.stage}${c.status === undefined ? '' : ` (${c.status})`}`, () => {
      checkCase(c, read(c.file));
    });
  }

  it('baddn.dat with its missing empty line added: the display name is rejected by validation (400)', () => {
    const bytes = read('baddn.dat');
    const fixed = new Uint8Array(bytes.length + 2);
    fixed.set(bytes);
    fixed.set([13, 10], bytes.length);
    const r = parseMessage(fixed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(validateMessage(r.message)).toMatchObject({ ok: false, status: 400, header: 'from' });
  });

  it('baddn.dat as received: the reason names the incomplete header section', () => {
    const r = parseMessage(read('baddn.dat'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('Incomplete message: no empty line after the header fields');
    expect(r.error.offset).toBe(read('baddn.dat').length);
  });

  it('test.dat (in the archive only, no SIP-Version) is rejected without throwing', () => {
    const r = parseMessage(read('test.dat'));
    expect(r.ok).toBe(false);
  });

  it('validation reasons are specific', () => {
    const reason = (file: string): string => {
      const r = parseMessage(read(file));
      if (!r.ok || r.message.kind !== 'request') throw new Error(file);
      const v = validateRequest(r.message);
      return v.ok ? '' : v.reason;
    };
    expect(reason('insuf.dat')).toBe('Missing From header field');
    expect(reason('multi01.dat')).toBe('More than one From header field');
    expect(reason('mismatch01.dat')).toBe('CSeq method does not match the Request-Line');
    expect(reason('escruri.dat')).toBe('Request-URI must not carry headers');
    expect(reason('scalar02.dat')).toMatch(/^Malformed CSeq/);
  });
});
