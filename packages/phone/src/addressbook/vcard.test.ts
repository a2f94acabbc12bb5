import { describe, expect, it } from 'vitest';
import { formatVcards, parseVcards } from './vcard.js';

// A tiny JPEG-ish payload: what matters is that the bytes come back unchanged.
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const b64 = Buffer.from(PHOTO).toString('base64');

describe('parseVcards', () => {
  it('reads a vCard 3.0 as Evolution and KAddressBook write it', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Berg;Jan;van der;Dr.;',
      'FN:Dr. Jan van der Berg',
      'TEL;TYPE=WORK,VOICE:+31 20 123 4567',
      'TEL;TYPE=CELL:06-12345678',
      'X-SIP;TYPE=WORK:jan@voip.example.nl',
      'item1.IMPP;X-SERVICE-TYPE=SIP:sip:jan@example.nl',
      'NOTE:Prefers mornings\\, not Fridays\\nSecond line',
      `PHOTO;ENCODING=b;TYPE=JPEG:${b64.slice(0, 8)}`,
      ` ${b64.slice(8)}`,
      'END:VCARD',
    ].join('\r\n');
    const { cards, problems } = parseVcards(text);
    expect(problems).toEqual([]);
    expect(cards).toHaveLength(1);
    const c = cards[0]!;
    expect(c).toMatchObject({
      family: 'Berg',
      given: 'Jan',
      additional: 'van der',
      prefix: 'Dr.',
      formatted: 'Dr. Jan van der Berg',
      note: 'Prefers mornings, not Fridays\nSecond line',
    });
    expect(c.addresses).toEqual([
      { kind: 'tel', value: '+31 20 123 4567', types: ['work', 'voice'] },
      { kind: 'tel', value: '06-12345678', types: ['cell'] },
      { kind: 'sip', value: 'sip:jan@voip.example.nl', types: ['work'] },
      { kind: 'sip', value: 'sip:jan@example.nl', types: [] },
    ]);
    expect(c.photo?.mediaType).toBe('image/jpeg');
    expect(c.photo?.data).toEqual(PHOTO);
  });

  it('reads vCard 4.0: tel: URIs, IMPP sip:, data: URI photos, several cards', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Carol Jones',
      'N:Jones;Carol;;;',
      'TEL;VALUE=uri;TYPE="voice,home":tel:+44-20-7946-0000;ext=12',
      'IMPP;PREF=1:sip:carol@example.org',
      `PHOTO:data:image/png;base64,${b64}`,
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Reception',
      'TEL:tel:100',
      'PHOTO;MEDIATYPE=image/jpeg:https://example.org/r.jpg',
      'END:VCARD',
    ].join('\n');
    const { cards } = parseVcards(text);
    expect(cards.map((c) => c.formatted)).toEqual(['Carol Jones', 'Reception']);
    expect(cards[0]!.addresses).toEqual([
      { kind: 'tel', value: '+44-20-7946-0000', types: ['voice', 'home'] },
      { kind: 'sip', value: 'sip:carol@example.org', types: [] },
    ]);
    expect(cards[0]!.photo).toEqual({ mediaType: 'image/png', data: PHOTO });
    expect(cards[1]!.photo).toEqual({ mediaType: 'image/jpeg', uri: 'https://example.org/r.jpg' });
  });

  it('never throws on broken input', () => {
    const { cards, problems } = parseVcards('BEGIN:VCARD\nno colon here\nN:;;\nPHOTO;ENCODING=b:!!!\n');
    expect(cards).toEqual([]);
    expect(problems).toEqual(['line 2: not a property', 'the last vCard has no END:VCARD']);
  });
});

describe('formatVcards', () => {
  const contact = {
    family: 'Berg',
    given: 'Jan',
    additional: 'van der',
    prefix: '',
    suffix: '',
    formatted: 'Jan van der Berg',
    addresses: [
      { kind: 'sip' as const, value: 'sip:jan@example.nl', types: [] },
      { kind: 'tel' as const, value: '+31201234567', types: ['work'] },
    ],
    note: 'a; b, c\nd',
    photo: { mediaType: 'image/jpeg', data: PHOTO },
  };

  for (const version of ['3.0', '4.0'] as const) {
    it(`writes vCard ${version} that reads back the same`, () => {
      const text = formatVcards([contact], version);
      expect(text.startsWith(`BEGIN:VCARD\r\nVERSION:${version}\r\n`)).toBe(true);
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const back = parseVcards(text).cards;
      expect(back).toHaveLength(1);
      expect(back[0]).toMatchObject({ ...contact, addresses: contact.addresses });
    });
  }

  it('folds long lines without splitting a UTF-8 character', () => {
    const text = formatVcards(
      [{ ...contact, photo: undefined as never, note: 'é'.repeat(100) }].map(({ photo: _p, ...c }) => c),
      '4.0',
    );
    expect(parseVcards(text).cards[0]!.note).toBe('é'.repeat(100));
  });
});
