/**
 * number_conversion as Twinkle reads and applies it (user.cpp
 * parse_num_conversion with util.cpp split_escaped: split at commas not
 * escaped, each part unescaped, so Twinkle writes the expression `\+31` as
 * `\\+31`; an expression that does not compile is dropped and reported; the
 * first rule that matches the whole number wins, `$1` takes its groups).
 */
import { describe, expect, it } from 'vitest';
import { convertNumber, expandDestination } from './destination.js';
import { parseProfile, serializeProfile } from './profile.js';

const read = (lines: string) =>
  parseProfile(`user_name=alice\nuser_domain=example.com\n${lines}`, 'alice.cfg');

describe('number_conversion', () => {
  it('reads rules as Twinkle writes them and applies the first that matches the whole number', () => {
    const { profile, diagnostics } = read(
      'number_conversion=\\\\+31([0-9]*),0$1\nnumber_conversion=\\\\+([0-9]*),00$1\n',
    );
    expect(diagnostics).toEqual([]);
    expect(profile.numberConversion).toEqual([
      { pattern: '\\+31([0-9]*)', format: '0$1' },
      { pattern: '\\+([0-9]*)', format: '00$1' },
    ]);
    expect(convertNumber('+31201234567', profile.numberConversion)).toBe('0201234567');
    expect(convertNumber('+442079460000', profile.numberConversion)).toBe('00442079460000');
    expect(convertNumber('0201234567', profile.numberConversion)).toBe('0201234567');
    expect(convertNumber('x+31201234567', profile.numberConversion)).toBe('x+31201234567');
    // Visual separators go first (remove_special_phone_symbols), then the rules; the domain is added.
    expect(expandDestination('+31 (20) 123-4567', profile)?.uri).toBe('sip:0201234567@example.com');
    // Without remove_special_phone_symbols the separators stay and no rule matches.
    expect(
      expandDestination('+31 (20) 123-4567', { ...profile, removeSpecialPhoneSymbols: false })?.uri,
    ).toBe('sip:+31(20)123-4567@example.com');
  });

  it('the phone-number options: tel: URIs and user=phone', () => {
    const { profile } = read('number_conversion=\\\\+31([0-9]*),0$1\n');
    const tel = { ...profile, useTelUriForPhone: true, numericalUserIsPhone: true };
    expect(expandDestination('+31-20-1234567', tel)?.uri).toBe('tel:0201234567');
    const userPhone = { ...profile, numericalUserIsPhone: true };
    expect(expandDestination('+31-20-1234567', userPhone)?.uri).toBe('sip:0201234567@example.com;user=phone');
    expect(expandDestination('bob', userPhone)?.uri).toBe('sip:bob@example.com');
  });

  it('an escaped comma belongs to the expression; rules are written back escaped', () => {
    const { profile } = read('number_conversion=([0-9]{1\\,3})#,*$1\n');
    expect(profile.numberConversion).toEqual([{ pattern: '([0-9]{1,3})#', format: '*$1' }]);
    expect(convertNumber('12#', profile.numberConversion)).toBe('*12');
    expect(serializeProfile(profile)).toContain('number_conversion=([0-9]{1\\,3})#,*$1\n');
  });

  it('an expression that does not compile is dropped with a diagnostic, as Twinkle drops it', () => {
    // `\+31` unescapes to `+31`: nothing to repeat.
    const { profile, diagnostics } = read('number_conversion=\\+31([0-9]*),0$1\nnumber_conversion=a,b\n');
    expect(profile.numberConversion).toEqual([{ pattern: 'a', format: 'b' }]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.reason).toContain('not a regular expression: "+31([0-9]*)"');
    expect(read('number_conversion=onlyone\n').diagnostics[0]?.reason).toContain('expected REGEX,FORMAT');
  });
});
