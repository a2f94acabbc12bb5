import { describe, expect, it } from 'vitest';
import { uriEquals } from './equals.js';
import { parseUri } from './parse.js';
import type { Uri } from './types.js';

const u = (text: string): Uri => {
  const r = parseUri(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.reason}`);
  return r.value;
};

describe('uriEquals: RFC 3261 section 19.1.4', () => {
  // The RFC's examples of equivalent URIs.
  const equal: [string, string][] = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
    // More cases following the same rules.
    ['sip:bob@biloxi.com;lr', 'sip:bob@biloxi.com'],
    ['sip:bob@[2001:db8::1]', 'sip:bob@[2001:DB8:0:0::1]'],
    ['sip:bob@[::ffff:192.0.2.1]', 'sip:bob@[::ffff:c000:201]'],
    ['sip:a@[2001:db8:::192.0.2.1]', 'sip:a@[2001:db8::192.0.2.1]'],
    ['sip:user;par=u%40example.net@example.com', 'sip:user;par=u%40example.net@EXAMPLE.com'],
    ['sips:a:p%61ss@h', 'sips:a:pass@h'],
    ['sip:a@h;maddr=239.255.255.1;ttl=15', 'sip:a@h;ttl=15;maddr=239.255.255.1'],
  ];
  it.each(equal)('%s == %s', (a, b) => {
    expect(uriEquals(u(a), u(b))).toBe(true);
    expect(uriEquals(u(b), u(a))).toBe(true);
  });

  // The RFC's examples of URIs that are not equivalent.
  const unequal: [string, string][] = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    // More cases.
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com', 'sip:atlanta.com'],
    ['sip:a:x@h', 'sip:a:y@h'],
    ['sip:a@h;user=phone', 'sip:a@h'],
    ['sip:a@h;method=INVITE', 'sip:a@h;method=REGISTER'],
    ['sip:a@h;maddr=1.2.3.4', 'sip:a@h'],
    ['sip:a@h;ttl=1', 'sip:a@h'],
    ['sip:%3Ba@h', 'sip:;a@h'],
    ['sip:a@h?x=1', 'sip:a@h?x=2'],
    ['sip:a@h?x=1&y=2', 'sip:a@h?x=1'],
    ['sip:a@h', 'tel:+1234'],
    ['sip:a@h', 'im:a@h'],
  ];
  it.each(unequal)('%s != %s', (a, b) => {
    expect(uriEquals(u(a), u(b))).toBe(false);
    expect(uriEquals(u(b), u(a))).toBe(false);
  });
});

describe('uriEquals: tel (RFC 3966 section 4) and other schemes', () => {
  it.each([
    ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
    ['tel:+1(201)5550123', 'tel:+12015550123'],
    ['tel:7042;phone-context=example.com', 'tel:7042;phone-context=EXAMPLE.com'],
    ['tel:863-1234;phone-context=+1-914-555', 'tel:8631234;phone-context=+1914555'],
    ['tel:+1234;ext=1;isub=a', 'tel:+1234;isub=A;EXT=1'],
    ['tel:12ab', 'tel:12AB'],
    ['im:alice@example.com', 'IM:alice@example.com'],
  ])('%s == %s', (a, b) => {
    expect(uriEquals(u(a), u(b))).toBe(true);
  });

  it.each([
    ['tel:+1234', 'tel:1234'],
    ['tel:+1234', 'tel:+12345'],
    ['tel:+1234;ext=1', 'tel:+1234'],
    ['tel:7042;phone-context=example.com', 'tel:7042;phone-context=example.net'],
    ['im:alice@example.com', 'im:Alice@example.com'],
    ['im:alice@example.com', 'pres:alice@example.com'],
  ])('%s != %s', (a, b) => {
    expect(uriEquals(u(a), u(b))).toBe(false);
  });
});
