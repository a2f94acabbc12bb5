import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sipUri } from '../uri/build.js';
import { uriEquals } from '../uri/equals.js';
import * as headers from './index.js';
import type { FromTo, Via } from './types.js';

const token = fc.stringMatching(/^[a-zA-Z0-9\-.!%*_+`'~]{1,10}$/);
const hostname = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z]([a-z0-9-]{0,8}[a-z0-9])?){0,2}$/);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const host = fc.oneof(
  hostname,
  ipv4,
  fc.ipV6().map((a) => `[${a}]`),
);
const param = fc.record({ name: token, value: fc.option(token, { nil: undefined }) });
const uri = fc
  .record({
    user: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    params: fc.dictionary(token, fc.oneof(fc.constant(true as const), token), { maxKeys: 2 }),
  })
  .map((init) => sipUri(init));

const fromTo: fc.Arbitrary<FromTo> = fc
  .record({
    displayName: fc.option(
      fc.string({ maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)),
      { nil: undefined },
    ),
    uri,
    params: fc.array(param, { maxLength: 3 }).map((ps) => ps.filter((p) => p.name.toLowerCase() !== 'tag')),
    tag: fc.option(token, { nil: undefined }),
  })
  .map((v) => ({ ...v, bracketed: true }));

const via: fc.Arbitrary<Via> = fc.record({
  protocol: fc.constant('SIP'),
  version: fc.constant('2.0'),
  transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'),
  host,
  port: fc.option(fc.nat(65535), { nil: undefined }),
  branch: fc.option(
    token.map((t) => `z9hG4bK${t}`),
    { nil: undefined },
  ),
  received: fc.option(ipv4, { nil: undefined }),
  rport: fc.option(fc.oneof(fc.constant(true as const), fc.nat(65535)), { nil: undefined }),
  maddr: fc.constant(undefined),
  ttl: fc.option(fc.nat(255), { nil: undefined }),
  params: fc
    .array(param, { maxLength: 2 })
    .map((ps) =>
      ps.filter((p) => !['branch', 'received', 'rport', 'maddr', 'ttl'].includes(p.name.toLowerCase())),
    ),
});

describe('header properties', () => {
  it('formatted From/To values parse back to the same value', () => {
    fc.assert(
      fc.property(fromTo, (v) => {
        const text = headers.formatFromTo(v);
        const r = headers.parseFromTo(text);
        if (!r.ok) throw new Error(`${text}: ${r.error.reason}`);
        expect(r.value.displayName).toBe(v.displayName);
        expect(r.value.tag).toBe(v.tag);
        expect(uriEquals(r.value.uri, v.uri)).toBe(true);
        expect(headers.formatFromTo(r.value)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('formatted Vias parse back to the same value', () => {
    fc.assert(
      fc.property(fc.array(via, { minLength: 1, maxLength: 3 }), (vs) => {
        const text = vs.map(headers.formatVia).join(', ');
        const r = headers.parseVia(text);
        if (!r.ok) throw new Error(`${text}: ${r.error.reason}`);
        expect(r.value.map(({ params: _, ...rest }) => rest)).toEqual(
          vs.map(({ params: _, ...rest }) => rest),
        );
        expect(r.value.map(headers.formatVia).join(', ')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  type AnyResult = { ok: true } | { ok: false; error: { code: string; reason: string; offset: number } };
  const parsers: [string, (s: string) => AnyResult][] = Object.entries(headers)
    .filter(([name, f]) => name.startsWith('parse') && name !== 'parseQValue' && typeof f === 'function')
    .map(([name, f]) => [name, f as (s: string) => AnyResult]);

  it('has every parser under test', () => {
    expect(parsers.length).toBeGreaterThanOrEqual(28);
  });

  it('parsers never throw on arbitrary input and return a Result with an error inside the input', () => {
    const alphabet = fc.constantFrom(...'sip:SIP/2.0 UDP<>"\\;,=@[]?&%-_.*\t\r\n0123456789aZé'.split(''));
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(alphabet, { maxLength: 40 }).map((c) => c.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        for (const [name, parse] of parsers) {
          const r = parse(s);
          if (r.ok) continue;
          const { code, reason, offset } = r.error;
          expect(code, name).toMatch(/^[a-z][a-z0-9-]*$/);
          expect(reason.length, name).toBeGreaterThan(0);
          expect(offset >= 0 && offset <= s.length, `${name} offset ${offset}`).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
