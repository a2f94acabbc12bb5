import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sipUri } from './build.js';
import { uriEquals } from './equals.js';
import { formatUri, isOpaqueUri } from './format.js';
import { parseUri } from './parse.js';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const hostname = fc
  .tuple(
    fc.array(label, { minLength: 0, maxLength: 3 }),
    fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/),
  )
  .map(([labels, top]) => [...labels, top].join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc.ipV6();
const host = fc.oneof(hostname, ipv4, ipv6);
const token = fc.stringMatching(/^[a-zA-Z0-9\-.!~*'()_]{1,8}$/);

const arbitrarySipUri = fc
  .record({
    user: fc.option(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { nil: undefined }),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    params: fc.dictionary(
      token,
      fc.oneof(fc.constant(true as const), fc.string({ minLength: 1, maxLength: 6 })),
      {
        maxKeys: 3,
      },
    ),
    headers: fc.dictionary(token, fc.string({ maxLength: 8 }), { maxKeys: 2 }),
    secure: fc.boolean(),
  })
  .map((init) => sipUri(init));

describe('URI properties', () => {
  it('built URIs format, parse back to the same value and compare equal', () => {
    fc.assert(
      fc.property(arbitrarySipUri, (u) => {
        const text = formatUri(u);
        const r = parseUri(text);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.value).toEqual(u);
          expect(formatUri(r.value)).toBe(text);
          expect(uriEquals(r.value, u)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input, and what parses formats back to itself', () => {
    const alphabet = fc.constantFrom(...'sip:tel@[]:;?=&%2Fab1.-+ <>"\\\u00e9'.split(''));
    const text = fc.oneof(
      fc.string(),
      fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join('')),
      fc.array(alphabet, { maxLength: 30 }).map((cs) => `sip:${cs.join('')}`),
    );
    fc.assert(
      fc.property(text, (s) => {
        const r = parseUri(s);
        if (r.ok) {
          const f = formatUri(r.value);
          // Exact, but for the lower-cased sip/sips/tel scheme and a port's leading zeros.
          const colon = s.indexOf(':');
          const scheme = isOpaqueUri(r.value) ? s.slice(0, colon) : s.slice(0, colon).toLowerCase();
          if (!/:0\d/.test(s)) expect(f).toBe(scheme + s.slice(colon));
          // Exact except for the normalizations formatUri documents (scheme case, port zeros).
          const again = parseUri(f);
          expect(again.ok && formatUri(again.value)).toBe(f);
          expect(again.ok && uriEquals(again.value, r.value)).toBe(true);
        } else {
          expect(typeof r.error.reason).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
