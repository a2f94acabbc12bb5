import { describe, expect, it } from 'vitest';
import { cardName, formatAddressBook, parseAddressBook } from './twinkle-ab.js';

describe('twinkle.ab', () => {
  it('reads the file Twinkle writes: header, five | fields, escapes', () => {
    const text = [
      '# first_name|infix_name|last_name|sip_address|remark',
      'Jan|van der|Berg|sip:jan@example.nl|work',
      'Bob||Smith|0201234567|pipe \\| and backslash \\\\',
      '\\#hash||tag|hash@example.com|',
      '',
      '   # a comment',
      'broken|line',
    ].join('\n');
    const { cards, problems } = parseAddressBook(text);
    expect(cards).toEqual([
      {
        firstName: 'Jan',
        infix: 'van der',
        lastName: 'Berg',
        sipAddress: 'sip:jan@example.nl',
        remark: 'work',
      },
      {
        firstName: 'Bob',
        infix: '',
        lastName: 'Smith',
        sipAddress: '0201234567',
        remark: 'pipe | and backslash \\',
      },
      { firstName: '#hash', infix: '', lastName: 'tag', sipAddress: 'hash@example.com', remark: '' },
    ]);
    expect(problems).toEqual([{ line: 7, reason: 'expected 5 fields separated by |, found 2' }]);
    expect(cardName(cards[0]!)).toBe('Jan van der Berg');
    expect(cardName(cards[1]!)).toBe('Bob Smith');
  });

  it('writes what it reads, byte for byte, in Twinkle layout', () => {
    const text =
      '# first_name|infix_name|last_name|sip_address|remark\n' +
      'Jan|van der|Berg|sip:jan@example.nl|work\n' +
      'Bob||Smith|0201234567|pipe \\| and backslash \\\\\n' +
      '\\#hash||tag|hash@example.com|\n';
    expect(formatAddressBook(parseAddressBook(text).cards)).toBe(text);
  });

  it('a line break in a field cannot split a record', () => {
    const out = formatAddressBook([
      { firstName: 'A\nB', infix: '', lastName: 'C', sipAddress: 'a@b', remark: 'x\r\ny' },
    ]);
    expect(out.split('\n')).toHaveLength(3);
    expect(parseAddressBook(out).cards[0]).toMatchObject({ firstName: 'A B', remark: 'x y' });
  });
});
