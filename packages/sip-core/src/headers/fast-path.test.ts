/**
 * The native fast paths for common header forms must give exactly what the
 * full parsers give, for every input: generated lines in and near the common
 * form (mixed case, odd hosts and ports, parameter edge cases), compared
 * result for result, errors included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFromToFull, parseFromToRange } from './name-addr.js';
import { parseViaList, parseViaRange } from './via.js';

const pick = (...xs: string[]) => fc.constantFrom(...xs);
/** The common choices (the first `n`) three times as likely as the odd ones. */
const pickMostly = (n: number, ...xs: string[]) =>
  fc.oneof({ arbitrary: pick(...xs.slice(0, n)), weight: 3 }, { arbitrary: pick(...xs.slice(n)), weight: 1 });

/** Pieces of Via lines, valid and not. */
const transport = pick('UDP', 'TCP', 'tls', 'WS', 'wss', 'SCTP', 'X-Y', '');
const hostPart = pickMostly(
  5,
  'pc33.atlanta.example.com',
  'host',
  'a_b.example.com.',
  '192.0.2.1',
  '255.255.255.255',
  '256.1.1.1',
  '001.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '1.2.3.4.example.com',
  'a.1b',
  '-bad.example.com',
  'bad-.example.com',
  'a..b',
  '[2001:db8::1]',
  'host!x',
  '',
);
const port = pickMostly(4, '', ':5060', ':0', ':65535', ':65536', ':99999', ':', ':12a');
const paramName = pick(
  'branch',
  'BRANCH',
  'received',
  'rport',
  'Rport',
  'maddr',
  'ttl',
  'lr',
  'x-y',
  'tag',
  '',
);
const paramValue = pick(
  '',
  '=z9hG4bK776asdhds',
  '=192.0.2.3',
  '=[2001:db8::9]',
  '=host.example.com',
  '=5061',
  '=65536',
  '=255',
  '=256',
  '="quoted"',
  '=',
  '=a:b',
);
const param = fc.tuple(paramName, paramValue).map(([n, v]) => `;${n}${v}`);
const viaLine = fc
  .tuple(
    pick('SIP/2.0/', 'SIP/2.0/', 'SIP/2.0/', 'sip/2.0/', 'SIP/3.0/', 'SIP /2.0/'),
    transport,
    pick(' ', ' ', '  ', '\t'),
    hostPart,
    port,
    fc.array(param, { maxLength: 4 }),
    pick('', '', ', SIP/2.0/UDP second.example.com', ' ', ';', ','),
  )
  .map(([proto, t, sp, h, p, ps, tail]) => `${proto}${t}${sp}${h}${p}${ps.join('')}${tail}`);

/** Pieces of From/To values, valid and not. */
const display = pickMostly(
  4,
  '',
  'Alice ',
  'Alice  ',
  'Alice Smith ',
  'Alice',
  '"Alice" ',
  '"A, <b>"',
  '"a\\"b" ',
  'Zoë ',
  '" " ',
  'a,b ',
  ' ',
);
const scheme = pickMostly(2, 'sip:', 'sips:', 'SIP:', 'tel:', 'im:', 'sip');
const user = pickMostly(
  3,
  '',
  'alice@',
  "a.b-c_d!~*'()&=+$,@",
  'al%20ice@',
  'a;b@',
  'a:pw@',
  '@',
  'a b@',
  'a?b@',
);
const uriParams = fc
  .array(
    pick(';lr', ';transport=udp', ';maddr=[2001:db8::1]', ';x=a/b:c', ';x=%41', ';=x', ';x=', ';x=a@b'),
    {
      maxLength: 3,
    },
  )
  .map((ps) => ps.join(''));
const headerParam = pickMostly(
  4,
  ';tag=1928301774',
  ';TAG=abc',
  ';tag',
  ';tag=',
  ';x-y',
  ';q=0.5',
  ';v="q"',
  ';a=b:c',
  '; tag=1',
);
const fromTo = fc
  .tuple(
    display,
    pickMostly(1, '<', ''),
    scheme,
    user,
    hostPart,
    port,
    uriParams,
    pickMostly(1, '>', '', '?h=v>'),
    fc.array(headerParam, { maxLength: 3 }),
  )
  .map(([d, lt, sc, u, h, p, up, gt, hp]) => `${d}${lt}${sc}${u}${h}${p}${up}${gt}${hp.join('')}`);

describe('fast paths give what the full parsers give', () => {
  it('From/To: the common-form match and the full parser agree on generated values', () => {
    fc.assert(
      fc.property(fromTo, fc.nat(3), (value, pad) => {
        const text = `${'x'.repeat(pad)}From: ${value}\r\n`;
        const start = pad + 6;
        const end = start + value.length;
        expect(parseFromToRange(text, start, end)).toEqual(parseFromToFull(text, start, end));
      }),
      { numRuns: 3000 },
    );
  });

  it('From/To: the usual values take the fast path with the full values', () => {
    const v = '"Alice A." <sips:alice@atlanta.example.com:5061;transport=tls>;tag=1928301774;x';
    const r = parseFromToRange(v, 0, v.length);
    expect(r).toEqual(parseFromToFull(v, 0, v.length));
    expect(r).toEqual({
      ok: true,
      value: {
        displayName: 'Alice A.',
        uri: {
          scheme: 'sips',
          user: 'alice',
          password: undefined,
          host: 'atlanta.example.com',
          port: 5061,
          params: [{ name: 'transport', value: 'tls' }],
          headers: [],
        },
        bracketed: true,
        params: [
          { name: 'tag', value: '1928301774' },
          { name: 'x', value: undefined },
        ],
        tag: '1928301774',
      },
    });
  });

  it('Via: the common-form match and the full parser agree on generated lines', () => {
    fc.assert(
      fc.property(viaLine, fc.nat(3), (line, pad) => {
        // In place inside a longer text, as the message parses it.
        const text = `${'x'.repeat(pad)}Via: ${line}\r\n`;
        const start = pad + 5;
        const end = start + line.length;
        expect(parseViaRange(text, start, end)).toEqual(parseViaList(text, start, end));
      }),
      { numRuns: 3000 },
    );
  });

  it('Via: the usual lines take the fast path with the full values', () => {
    const line =
      'SIP/2.0/UDP server10.biloxi.example.com:5070;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3;rport=5071';
    expect(parseViaRange(line, 0, line.length)).toEqual({
      ok: true,
      value: [
        {
          protocol: 'SIP',
          version: '2.0',
          transport: 'UDP',
          host: 'server10.biloxi.example.com',
          port: 5070,
          branch: 'z9hG4bK4b43c2ff8.1',
          received: '192.0.2.3',
          rport: 5071,
          maddr: undefined,
          ttl: undefined,
          params: [
            { name: 'branch', value: 'z9hG4bK4b43c2ff8.1' },
            { name: 'received', value: '192.0.2.3' },
            { name: 'rport', value: '5071' },
          ],
        },
      ],
    });
  });
});
