import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServices, serializeServices } from './services.js';
import { defaultSystemSettings, parseSystemSettings, serializeSystemSettings } from './system-settings.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), 'utf8');

describe('system settings (twinkle.sys)', () => {
  it('reads typed values, repeated keys in order', () => {
    const { settings, diagnostics } = parseSystemSettings(fixture('twinkle.sys'), 'twinkle.sys');
    expect(diagnostics).toEqual([]);
    expect(settings.sipPort).toBe(5062);
    expect(settings.rtpPort).toBe(8010);
    expect(settings.devMic).toBe('alsa:plughw:1,0');
    expect(settings.startUserProfile).toEqual(['alice', 'work']);
    expect(settings.dialHistory).toEqual(['sip:bob@example.com', 'sip:carol@example.org']);
    expect(settings.chMaxSize).toBe(3);
    expect(settings.callWaiting).toBe(true);
  });

  it('round-trips byte for byte and changes one line per key', () => {
    const text = fixture('twinkle.sys');
    const { settings, document } = parseSystemSettings(text, 'twinkle.sys');
    expect(serializeSystemSettings(settings, document)).toBe(text);
    const out = serializeSystemSettings({ ...settings, callWaiting: false }, document);
    expect(out).toBe(text.replace('call_waiting=yes', 'call_waiting=no'));
    expect(out).toContain('compact_line_status=no');
  });

  it('reads the deprecated sip_udp_port and writes the change on that line', () => {
    const { settings, document } = parseSystemSettings('# Network\nsip_udp_port=5070\n', 's');
    expect(settings.sipPort).toBe(5070);
    expect(serializeSystemSettings({ ...settings, sipPort: 5080 }, document)).toBe(
      '# Network\nsip_udp_port=5080\n',
    );
  });

  it('defaults and a fresh file', () => {
    const d = defaultSystemSettings();
    expect([d.sipPort, d.rtpPort, d.chMaxSize, d.devSpeaker]).toEqual([5060, 8000, 50, 'alsa:default']);
    const text = serializeSystemSettings(d);
    expect(text.startsWith('# AUDIO\ndev_ringtone=alsa:default\n')).toBe(true);
    expect(parseSystemSettings(text, 'x').settings).toEqual(d);
  });

  it('reports a bad port and a bad boolean', () => {
    const { settings, diagnostics } = parseSystemSettings(
      'sip_port=99999\ncall_waiting=maybe\nrtp_port=9000\n',
      's',
    );
    expect(diagnostics).toEqual([
      { file: 's', line: 1, reason: 'sip_port: expected an integer from 1 to 65535, got 99999' },
      { file: 's', line: 2, reason: 'call_waiting: expected yes or no, got "maybe"' },
    ]);
    expect(settings.sipPort).toBe(5060);
    expect(settings.rtpPort).toBe(9000);
  });
});

describe('services (.svc)', () => {
  it('reads redirections, dnd and auto answer', () => {
    const { services, diagnostics } = parseServices(fixture('work.svc'), 'work.svc');
    expect(diagnostics).toEqual([]);
    expect(services.cfAlways).toEqual([]);
    expect(services.cfBusy).toEqual(['"Voicemail" <sip:vm@pbx.office.test>']);
    expect(services.cfNoanswer).toEqual(['sip:vm@pbx.office.test', 'sip:reception@pbx.office.test']);
    expect(services.dnd).toBe(false);
    expect(services.autoAnswer).toBe(true);
  });

  it('round-trips and writes Twinkle order when new', () => {
    const text = fixture('work.svc');
    const { services, document } = parseServices(text, 'work.svc');
    expect(serializeServices(services, document)).toBe(text);
    expect(serializeServices({ ...services, dnd: true }, document)).toBe(text.replace('dnd=no', 'dnd=yes'));
    expect(serializeServices({ ...services, cfAlways: ['sip:x@y'] })).toBe(`cf_always=sip:x@y\n${text}`);
  });
});
