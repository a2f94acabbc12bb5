import { describe, expect, it } from 'vitest';
import type { Via } from './types.js';
import { formatVia, parseVia } from './via.js';

const one = (text: string): Via => {
  const r = parseVia(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.reason} at ${r.error.offset}`);
  expect(r.value).toHaveLength(1);
  return r.value[0]!;
};

describe('parseVia', () => {
  // Values from RFC 4475 and RFC 5118 messages.
  const valid: [string, Partial<Via>][] = [
    [
      'SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234',
      { transport: 'UDP', host: 'host4.example.com', port: 5060, branch: 'z9hG4bKkdju43234' },
    ],
    ['SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK', { host: '192.0.2.1', branch: 'z9hG4bK' }], // badbranch parses
    [
      "SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
      { transport: 'TCP', branch: "z9hG4bK-.!%66*_+`'~" },
    ], // intmeth
    ['SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234', { branch: 'z9hG4bK209%fzsnel234' }], // esc02
    ['SIP/2.0/UDP iftgw.example.com', { host: 'iftgw.example.com', branch: undefined, port: undefined }], // inv2543
    [
      'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport',
      { port: 5070, rport: true },
    ], // mpart01
    [
      'SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129',
      { received: '192.0.2.129' },
    ], // scalarlg
    ['SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23', { host: '255.255.255.255' }], // bcast
    [
      'SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw',
      { protocol: 'SIP', version: '2.0', transport: 'UDP', host: '192.0.2.2', branch: '390skdjuw' },
    ], // wsinv, folding kept as white space
    ['SIP  /   2.0  /UDP     192.0.2.2;branch=390skdjuw', { transport: 'UDP', host: '192.0.2.2' }], // wsinv, unfolded to spaces
    ['SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf', { transport: 'SCTP' }], // transports
    ['SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj', { transport: 'TLS' }],
    ['SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en', { transport: 'UNKNOWN' }],
    ['SIP/2.0/tcp t5.example.com', { transport: 'TCP' }],
    [
      'SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks',
      { transport: 'WSS', host: 'df7jal23ls0d.invalid' },
    ],
    ['SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw', { version: '7.0' }], // badvers: the message layer answers 505
    [
      'SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111',
      { host: '[2001:db8::9:1]', branch: 'z9hG4bKas3-111' },
    ], // ipv6-good
    ['SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111', { host: '[2001:db8::9:1]', port: 6050 }], // mult-ip-in-header
    [
      'SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200',
      { received: '192.0.2.200', branch: 'z9hG4bK451jj' },
    ],
    [
      'SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19',
      { host: '[::ffff:192.0.2.10]', port: 19823 },
    ], // ipv4-mapped
    [
      'SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111',
      { received: '[2001:db8::9:255]', branch: 'z9hG4bKas3-111' },
    ], // RFC 5118 4.5
    [
      'SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3',
      { received: '2001:db8::9:255', branch: 'z9hG4bKas3' },
    ], // RFC 5118 4.5
    [
      'SIP/2.0/UDP host : 5060 ; branch = z9hG4bKx ; rport = 1234 ; ttl=16 ; maddr=224.2.0.1 ; x',
      { port: 5060, branch: 'z9hG4bKx', rport: 1234, ttl: 16, maddr: '224.2.0.1' },
    ],
    ['SIP/2.0/UDP h;TTL=0;RPORT;Branch=b', { ttl: 0, rport: true, branch: 'b' }],
  ];
  it.each(valid)('accepts %j', (text, expected) => {
    expect(one(text)).toMatchObject(expected);
  });

  it('parses several comma-separated values (RFC 4475 wsinv)', () => {
    const r = parseVia(
      'SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239',
    );
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
  });

  const invalid: [string, string][] = [
    ['SIP/2.0/UDP 192.0.2.15;;,;,,', 'empty parameter'], // badinv01
    ['SIP/2.0/UDP 192.0.2.15,', 'empty Via value'],
    ['SIP/2.0/UDP', 'expected white space before sent-by'],
    ['SIP/2.0/UDP ', 'empty or bad host'],
    ['SIP/2.0 host', 'expected "/" in sent-protocol'],
    ['SIP//UDP host', 'missing protocol version'],
    ['/2.0/UDP host', 'missing protocol name'],
    ['SIP/2.0/ ;branch=x', 'missing transport'],
    ['SIP/2.0/UDPhost', 'expected white space before sent-by'],
    ['SIP/2.0/UDP 2001:db8::1', 'IPv6 address without brackets'],
    ['SIP/2.0/UDP [2001:db8::1', 'bad IPv6 reference'],
    ['SIP/2.0/UDP host:70000', 'bad port'],
    ['SIP/2.0/UDP host:', 'bad port'],
    ['SIP/2.0/UDP host x', 'unexpected character after sent-by'],
    ['SIP/2.0/UDP host;branch', 'branch without value'],
    ['SIP/2.0/UDP host;branch=', 'bad parameter value'],
    ['SIP/2.0/UDP host;received=not/an/ip', 'unexpected character in parameters'],
    ['SIP/2.0/UDP host;received=1::2::3', 'bad received parameter'],
    ['SIP/2.0/UDP host;rport=99999', 'bad rport parameter'],
    ['SIP/2.0/UDP host;ttl=256', 'bad ttl'],
    ['SIP/2.0/UDP host;maddr', 'maddr without value'],
    ['SIP/2.0/UDP host;branch="open', 'unterminated quoted string'],
    ['', 'missing protocol name'],
  ];
  it.each(invalid)('rejects %j (%s)', (text, reason) => {
    const r = parseVia(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });
});

describe('formatVia', () => {
  it.each([
    'SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234',
    'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport',
    'SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3',
    'SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200',
    'SIP/2.0/UDP iftgw.example.com',
    'SIP/2.0/WS a.invalid;rport=5060;x;y="q"',
  ])('round-trips %s', (text) => {
    expect(formatVia(one(text))).toBe(text);
  });

  it('writes received/rport fields a server adds (RFC 3581 section 4)', () => {
    const v = one('SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1');
    expect(formatVia({ ...v, received: '192.0.2.1', rport: 5061 })).toBe(
      'SIP/2.0/UDP 10.0.0.1:5060;rport=5061;branch=z9hG4bK1;received=192.0.2.1',
    );
    expect(formatVia({ ...v, rport: undefined })).toBe('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1');
  });

  it('formats a Via built in code', () => {
    const v: Via = {
      protocol: 'SIP',
      version: '2.0',
      transport: 'TCP',
      host: '[::1]',
      port: 5060,
      branch: 'z9hG4bKabc',
      received: undefined,
      rport: true,
      maddr: undefined,
      ttl: undefined,
      params: [],
    };
    expect(formatVia(v)).toBe('SIP/2.0/TCP [::1]:5060;branch=z9hG4bKabc;rport');
    expect(one(formatVia(v))).toMatchObject({ ...v, params: expect.any(Array) });
  });
});
