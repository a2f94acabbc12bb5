import { describe, expect, it } from 'vitest';
import { convertNumber, expandDestination, looksLikePhone } from './destination.js';
import { defaultProfile } from './profile.js';

const profile = { ...defaultProfile(), userName: 'alice', userDomain: 'example.com' };

describe('destinations', () => {
  it('adds the domain and scheme to a short name', () => {
    expect(expandDestination('bob', profile)).toEqual({ display: '', uri: 'sip:bob@example.com' });
    expect(expandDestination('bob@other.org', profile)).toEqual({ display: '', uri: 'sip:bob@other.org' });
    expect(expandDestination('sip:bob@other.org:5070', profile)?.uri).toBe('sip:bob@other.org:5070');
  });

  it('keeps a SIP URI without a user part whose host is an address or has a port', () => {
    expect(expandDestination('sip:127.0.0.1:5062', profile)?.uri).toBe('sip:127.0.0.1:5062');
    expect(expandDestination('sip:127.0.0.1', profile)?.uri).toBe('sip:127.0.0.1');
    expect(expandDestination('sips:[::1]:5061', profile)?.uri).toBe('sips:[::1]:5061');
    expect(expandDestination('sip:pbx.test:5070;transport=tcp', profile)?.uri).toBe(
      'sip:pbx.test:5070;transport=tcp',
    );
    expect(expandDestination('"Desk" <sip:10.0.0.7>', profile)).toEqual({
      display: 'Desk',
      uri: 'sip:10.0.0.7',
    });
    // A bare name after the scheme is still a user at the profile's domain, as in Twinkle.
    expect(expandDestination('sip:bob', profile)?.uri).toBe('sip:bob@example.com');
  });

  it('keeps a display name', () => {
    expect(expandDestination('"Voicemail" <sip:vm@pbx.test>', profile)).toEqual({
      display: 'Voicemail',
      uri: 'sip:vm@pbx.test',
    });
    expect(expandDestination('Bob <bob>', profile)).toEqual({ display: 'Bob', uri: 'sip:bob@example.com' });
  });

  it('cleans phone numbers, converts them, and marks user=phone when asked', () => {
    expect(expandDestination('020 - 123 (45) 67', profile)?.uri).toBe('sip:0201234567@example.com');
    const nl = { ...profile, numberConversion: [{ pattern: '\\+31([0-9]*)', format: '0$1' }] };
    expect(expandDestination('+31 20 1234567', nl)?.uri).toBe('sip:0201234567@example.com');
    const phone = { ...profile, numericalUserIsPhone: true };
    expect(expandDestination('0201234567', phone)?.uri).toBe('sip:0201234567@example.com;user=phone');
    expect(expandDestination('0201234567', { ...phone, useTelUriForPhone: true })?.uri).toBe(
      'tel:0201234567',
    );
    expect(expandDestination('', profile)).toBeUndefined();
    expect(expandDestination('Bob sip:x>', profile)).toBeUndefined();
  });

  it('number conversion takes the first whole match and skips bad rules', () => {
    const rules = [
      { pattern: '(', format: 'x' },
      { pattern: '00([0-9]+)', format: '+$1' },
      { pattern: '0([0-9]+)', format: '+31$1' },
    ];
    expect(convertNumber('0044123', rules)).toBe('+44123');
    expect(convertNumber('0201234567', rules)).toBe('+31201234567');
    expect(convertNumber('123', rules)).toBe('123');
    expect(looksLikePhone('+31 (20)', ' ()')).toBe(true);
    expect(looksLikePhone('bob', '-')).toBe(false);
  });
});
