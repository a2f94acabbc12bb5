import { describe, expect, it } from 'vitest';
import { PARAM, USER } from './chars.js';
import { escapeUriComponent, scanEscaped, unescapeUriComponent } from './escape.js';
import { quoteString, readUint, scanQuoted, unquote } from './scan.js';

describe('escaping', () => {
  it.each([
    ['%75se%72', 'user'],
    ['I%20have%20spaces', 'I have spaces'],
    ['null-%00-null', 'null-\u0000-null'],
    ['j%C3%B6rg', 'jörg'],
    ['100%', '100%'],
    ['%zz', '%zz'],
    ['%ff', '\ufffd'],
  ])('unescapes %s', (escaped, plain) => {
    expect(unescapeUriComponent(escaped)).toBe(plain);
  });

  it('keeps escaped reserved characters when asked', () => {
    expect(unescapeUriComponent('a%3bb%61', ';')).toBe('a%3Bba');
  });

  it('escapes outside the class and round-trips', () => {
    expect(escapeUriComponent('a b;c', PARAM)).toBe('a%20b%3Bc');
    expect(escapeUriComponent('a;b', USER)).toBe('a;b');
    for (const s of ['plain', 'with space', '%25', 'ünï©ødé 😀', '<>"\\']) {
      expect(unescapeUriComponent(escapeUriComponent(s))).toBe(s);
    }
  });

  it('stops scanning at a bad escape', () => {
    expect(scanEscaped('ab%4', 0, 4, USER)).toBe(2);
    expect(scanEscaped('ab%41c', 0, 6, USER)).toBe(6);
  });
});

describe('quoted strings and numbers', () => {
  it('scans and unquotes quoted-pairs', () => {
    const s = '"J Rosenberg \\\\\\""  x';
    const end = scanQuoted(s, 0, s.length);
    expect(end).toBe(18);
    expect(unquote(s, 0, end)).toBe('J Rosenberg \\"');
    expect(scanQuoted('"open', 0, 5)).toBe(-1);
    expect(scanQuoted('"ends in \\', 0, 10)).toBe(-1);
  });

  it('quotes with backslash escaping', () => {
    expect(quoteString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteString('plain')).toBe('"plain"');
  });

  it('reads bounded unsigned integers', () => {
    expect(readUint('0068', 0, 4, 255)).toBe(68);
    expect(readUint('4294967295', 0, 10, 0xffffffff)).toBe(0xffffffff);
    expect(readUint('4294967296', 0, 10, 0xffffffff)).toBe(-1);
    expect(readUint('', 0, 0, 10)).toBe(-1);
    expect(readUint('1a', 0, 2, 10)).toBe(-1);
  });
});
