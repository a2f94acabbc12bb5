import { describe, expect, it } from 'vitest';
import { splitCommaList } from './split.js';

describe('splitCommaList', () => {
  it.each([
    ['a, b ,c', ['a', 'b', 'c']],
    ['"Bell, Alexander" <sip:a@b>, <sip:c@d>', ['"Bell, Alexander" <sip:a@b>', '<sip:c@d>']],
    ['"a \\", b" <sip:x@y>, c', ['"a \\", b" <sip:x@y>', 'c']],
    ['<sip:a@b?x=1,2>, <sip:c>', ['<sip:a@b?x=1,2>', '<sip:c>']],
    ['Digest realm="a,b", nonce="c"', ['Digest realm="a,b"', 'nonce="c"']],
    [
      'application/sdp, application/pkcs7-mime,\r\n        multipart/mixed',
      ['application/sdp', 'application/pkcs7-mime', 'multipart/mixed'],
    ], // semiuri Accept
    ['a,,b', ['a', '', 'b']],
    [';;,;,,', [';;', ';', '', '']], // badinv01 Via tail
    ['', []],
    ['  ', []],
    ['x', ['x']],
  ])('splits %j', (text, parts) => {
    expect(splitCommaList(text)).toEqual(parts);
  });
});
