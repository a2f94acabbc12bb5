import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProfile, serializeProfile } from './profile.js';
import { parseSystemSettings, serializeSystemSettings } from './system-settings.js';

// Lines mixing known keys, unknown keys, comments, blanks, junk and odd spacing.
const keys = [
  'user_name',
  'ptime',
  'codecs',
  'registrar',
  'hold_variant',
  'number_conversion',
  'x_unknown',
  'sip_port',
];
const values = [
  '',
  'yes',
  'no',
  '20',
  'abc',
  'g711a,gsm',
  'example.com',
  'rfc2543',
  'a\\,b,c',
  ' spaced ',
  'x=y',
];
const line = fc.oneof(
  fc
    .tuple(fc.constantFrom(...keys), fc.constantFrom(...values), fc.constantFrom('=', ' = ', '=\t'))
    .map(([k, v, eq]) => `${k}${eq}${v}`),
  fc.constantFrom('# USER', '', '   ', 'no equals here', '\r'),
  fc.string({ maxLength: 20 }).filter((s) => !s.includes('\n')),
);
const text = fc
  .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
  .map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''));

describe('key=value documents (property)', () => {
  it('never throw, and an unchanged file is written back byte for byte', () => {
    fc.assert(
      fc.property(text, (t) => {
        const p = parseProfile(t, 'f');
        expect(serializeProfile(p.profile, p.document)).toBe(t);
        const s = parseSystemSettings(t, 'f');
        expect(serializeSystemSettings(s.settings, s.document)).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('a changed value reads back as set and leaves the other settings alone', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 10, max: 80 }), (t, ptime) => {
        const p = parseProfile(t, 'f');
        const out = serializeProfile({ ...p.profile, ptime }, p.document);
        const again = parseProfile(out, 'f');
        expect(again.profile).toEqual({ ...p.profile, ptime });
      }),
      { numRuns: 300 },
    );
  });
});
