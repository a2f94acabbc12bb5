import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codecIdentity } from './codec-names.js';
import { defaultProfile, parseProfile, profileAor, serializeProfile, validateProfile } from './profile.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), 'utf8');

describe('profile (.cfg)', () => {
  it('reads a Twinkle profile into typed values', () => {
    const { profile, diagnostics } = parseProfile(fixture('alice.cfg'), 'alice.cfg');
    expect(diagnostics).toEqual([]);
    expect(profile.userName).toBe('alice');
    expect(profile.userDisplay).toBe('Alice Liddell');
    expect(profile.registrar).toBe('example.com');
    expect(profile.outboundProxy).toBe('proxy.example.com:5060');
    expect(profile.registrationTime).toBe(1800);
    expect(profile.codecs).toEqual(['g711a', 'g711u', 'gsm', 'speex-nb']);
    expect(profile.dtmfTransport).toBe('rfc2833');
    expect(profile.nonResolvableToProxy).toBe(true);
    expect(profile.regQvalue).toBe(1);
    expect(profile.numberConversion).toEqual([{ pattern: '\\+31([0-9]*)', format: '0$1' }]);
    expect(profileAor(profile)).toBe('sip:alice@example.com');
  });

  it('writes an unchanged file back byte for byte, unknown keys included', () => {
    const text = fixture('alice.cfg');
    const { profile, document } = parseProfile(text, 'alice.cfg');
    expect(text).toContain('use_stun=yes');
    expect(serializeProfile(profile, document)).toBe(text);
  });

  it('changing one key changes exactly one line', () => {
    const text = fixture('alice.cfg');
    const { profile, document } = parseProfile(text, 'alice.cfg');
    const out = serializeProfile({ ...profile, ptime: 30 }, document);
    const a = text.split('\n');
    const b = out.split('\n');
    expect(b.length).toBe(a.length);
    const diff = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
    expect(diff.length).toBe(1);
    expect(b[diff[0]!]).toBe('ptime=30');
  });

  it('a repeated key replaces its block; a key absent from the file is appended', () => {
    const text = 'user_name=bob\nnumber_conversion=a,b\n# keep me\nnumber_conversion=c,d\n';
    const { profile, document } = parseProfile(text, 'x.cfg');
    expect(profile.numberConversion).toEqual([
      { pattern: 'a', format: 'b' },
      { pattern: 'c', format: 'd' },
    ]);
    const out = serializeProfile(
      { ...profile, numberConversion: [{ pattern: 'x,y', format: 'z' }], ptime: 40 },
      document,
    );
    expect(out).toBe('user_name=bob\nnumber_conversion=x\\,y,z\n# keep me\nptime=40\n');
  });

  it('reports bad lines with file, line and reason, and loads the rest', () => {
    const { profile, diagnostics } = parseProfile(fixture('work.cfg'), 'work.cfg');
    expect(diagnostics).toEqual([
      { file: 'work.cfg', line: 22, reason: 'codecs: unknown codec "amr-wb" ignored' },
      { file: 'work.cfg', line: 23, reason: 'ptime: expected an integer from 10 to 80, got "thirty"' },
      {
        file: 'work.cfg',
        line: 26,
        reason: 'ext_100rel: expected one of disabled|supported|preferred|required, got "mandatory"',
      },
      {
        file: 'work.cfg',
        line: 27,
        reason: 'syntax error: expected key=value, got "this line has no equals sign"',
      },
      { file: 'work.cfg', line: 30, reason: 'speex_quality: expected an integer from 0 to 10, got 11' },
    ]);
    expect(profile.codecs).toEqual(['g722', 'g711a', 'ilbc']);
    expect(profile.ptime).toBe(20);
    expect(profile.ext100rel).toBe('supported');
    expect(profile.holdVariant).toBe('rfc2543');
    expect(profile.sipTransport).toBe('tcp');
    expect(profile.registrar).toBe('pbx.office.test:5070;transport=tcp');
    expect(profile.regQvalue).toBe(0.5);
    expect(profile.userOrganization).toBe('Rabbit Hole Ltd');
  });

  it('keeps bad lines when writing back and rewrites them only when the key is set', () => {
    const text = fixture('work.cfg');
    const { profile, document } = parseProfile(text, 'work.cfg');
    expect(serializeProfile(profile, document)).toBe(text);
    const out = serializeProfile({ ...profile, ptime: 30 }, document);
    expect(out).toContain('\nptime=30\n');
    expect(out).not.toContain('thirty');
    expect(out).toContain('this line has no equals sign');
  });

  it('refuses a server address with a user part or bad syntax', () => {
    const { profile, diagnostics } = parseProfile(
      'registrar=bob@example.com\noutbound_proxy=exa mple\n',
      'p.cfg',
    );
    expect(diagnostics.map((d) => d.line)).toEqual([1, 2]);
    expect(diagnostics[0]!.reason).toMatch(/no user part/);
    expect(profile.registrar).toBe('');
  });

  it('has Twinkle defaults and writes a new file in Twinkle layout', () => {
    const p = defaultProfile();
    expect(p.registrationTime).toBe(3600);
    expect(p.holdVariant).toBe('rfc3264');
    expect(p.ext100rel).toBe('supported');
    expect(p.dtmfTransport).toBe('auto');
    expect(p.sipTransport).toBe('auto');
    expect(p.timerNatKeepalive).toBe(30);
    expect(p.specialPhoneSymbols).toBe('-()/.');
    const text = serializeProfile(p);
    expect(text.startsWith('# USER\nuser_name=\n')).toBe(true);
    expect(text).toContain('\n\n# SIP PROTOCOL\nhold_variant=rfc3264\n');
    expect(text).toContain('\noutbound_proxy=\nall_requests_to_proxy=no\nregistrar=\n');
    expect(serializeProfile({ ...p, regQvalue: 0.123456789 })).toContain('\nreg_qvalue=0.123457\n');
    expect(text.endsWith('pres_publish_startup=yes\n')).toBe(true);
    const again = parseProfile(text, 'new.cfg');
    expect(again.diagnostics).toEqual([]);
    expect(again.profile).toEqual(p);
  });

  it('maps codec names to registry names', () => {
    expect(codecIdentity('g711a')).toEqual({ encoding: 'PCMA', clockRate: 8000 });
    expect(codecIdentity('speex-uwb')).toEqual({ encoding: 'speex', clockRate: 32000 });
    expect(codecIdentity('g726-32')).toEqual({ encoding: 'G726-32', clockRate: 8000 });
    expect(codecIdentity('g726-24', 'aal2')).toEqual({ encoding: 'AAL2-G726-24', clockRate: 8000 });
    expect(codecIdentity('opus')).toEqual({ encoding: 'opus', clockRate: 48000 });
    expect(codecIdentity('g729a')).toBeUndefined();
  });
});

describe('profile details', () => {
  it('round-trips a file with CRLF line endings and no final newline', () => {
    const text = '# USER\r\nuser_name=bob\r\nuser_domain=b.test\r\nptime=20';
    const { profile, document, diagnostics } = parseProfile(text, 'crlf.cfg');
    expect(diagnostics).toEqual([]);
    expect([profile.userName, profile.ptime]).toEqual(['bob', 20]);
    expect(serializeProfile(profile, document)).toBe(text);
    expect(serializeProfile({ ...profile, dtmfTransport: 'info' }, document)).toBe(
      `${text}\ndtmf_transport=info\n`,
    );
  });

  it('validateProfile names the missing user name and domain', () => {
    expect(validateProfile(defaultProfile()).map((p) => p.key)).toEqual(['user_name', 'user_domain']);
    expect(validateProfile({ ...defaultProfile(), userName: 'a', userDomain: 'b' })).toEqual([]);
  });
});
