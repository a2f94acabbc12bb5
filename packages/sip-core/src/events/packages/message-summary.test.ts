import { describe, expect, it } from 'vitest';
import { formatMessageSummary, parseMessageSummary, voiceMessages } from './message-summary.js';
import { formatSipfragStatus, parseSipfragStatus } from './sipfrag.js';

// Bodies as Asterisk's res_pjsip_mwi and chan_sip write them (CRLF, Voice-Message capitalised).
const ASTERISK_PJSIP =
  'Messages-Waiting: yes\r\nMessage-Account: sip:*97@192.0.2.10\r\nVoice-Message: 2/8 (0/2)\r\n';
const ASTERISK_NONE =
  'Messages-Waiting: no\r\nMessage-Account: sip:asterisk@192.0.2.10\r\nVoice-Message: 0/0 (0/0)\r\n';
// RFC 3842 5.2 example with optional message headers after a blank line.
const RFC_EXAMPLE =
  'Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n\r\n' +
  'To: <alice@atlanta.example.com>\r\nFrom: <bob@biloxi.example.com>\r\nSubject: carpool tomorrow?\r\n';

describe('message-summary bodies (RFC 3842 5.2)', () => {
  it('reads an Asterisk PJSIP body', () => {
    const r = parseMessageSummary(ASTERISK_PJSIP);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      messagesWaiting: true,
      account: 'sip:*97@192.0.2.10',
      counts: [{ context: 'voice-message', newMessages: 2, oldMessages: 8, newUrgent: 0, oldUrgent: 2 }],
    });
    expect(voiceMessages(r.value)?.newMessages).toBe(2);
  });

  it.each([ASTERISK_PJSIP, ASTERISK_NONE, RFC_EXAMPLE])('round-trips byte for byte: %#', (body) => {
    const r = parseMessageSummary(body);
    expect(r.ok).toBe(true);
    if (r.ok) expect(formatMessageSummary(r.value)).toBe(body);
  });

  it('keeps the optional message headers', () => {
    const r = parseMessageSummary(RFC_EXAMPLE);
    expect(r.ok && r.value.messageHeaders?.map((h) => h.name)).toEqual(['To', 'From', 'Subject']);
  });

  it('accepts LF line ends, any case and counts without urgent part; skips extension lines', () => {
    const r = parseMessageSummary(
      'messages-waiting: YES\nX-Extra: 1\nfax-message: 1/0\nvoice-message: 3/4\n',
    );
    expect(r.ok && r.value.counts).toEqual([
      { context: 'fax-message', newMessages: 1, oldMessages: 0 },
      { context: 'voice-message', newMessages: 3, oldMessages: 4 },
    ]);
    expect(r.ok && r.value.messagesWaiting).toBe(true);
  });

  it.each([
    ['', 'no Messages-Waiting line'],
    ['Voice-Message: 1/2\r\n', 'no Messages-Waiting line'],
    ['Messages-Waiting: maybe\r\n', 'Messages-Waiting is not yes or no'],
    ['Messages-Waiting yes\r\n', 'no colon in line 1'],
  ])('refuses %j', (body, reason) => {
    const r = parseMessageSummary(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });

  it('reads bytes as well as text', () => {
    const r = parseMessageSummary(new TextEncoder().encode(ASTERISK_NONE));
    expect(r.ok && r.value.messagesWaiting).toBe(false);
  });
});

describe('message/sipfrag status (RFC 3420, RFC 3515 2.4.5)', () => {
  it.each([
    ['SIP/2.0 100 Trying\r\n', 100, 'Trying'],
    ['SIP/2.0 200 OK\r\n', 200, 'OK'],
    ['SIP/2.0 603 Declined', 603, 'Declined'],
    ['sip/2.0 180\r\n', 180, ''],
  ])('reads %j', (body, status, reason) => {
    const r = parseSipfragStatus(body);
    expect(r.ok && [r.value.status, r.value.reason]).toEqual([status, reason]);
  });

  it('keeps header lines after the status line', () => {
    const r = parseSipfragStatus('SIP/2.0 486 Busy Here\r\nRetry-After: 60\r\n\r\n');
    expect(r.ok && r.value.headers).toEqual([{ name: 'Retry-After', value: '60' }]);
  });

  it.each(['INVITE sip:bob@example.com SIP/2.0\r\n', 'SIP/2.0 99 Low\r\n', 'HTTP/1.1 200 OK\r\n', ''])(
    'refuses %j',
    (body) => {
      expect(parseSipfragStatus(body).ok).toBe(false);
    },
  );

  it('formats with the standard reason phrase', () => {
    expect(formatSipfragStatus(100)).toBe('SIP/2.0 100 Trying\r\n');
    expect(formatSipfragStatus(200)).toBe('SIP/2.0 200 OK\r\n');
    expect(formatSipfragStatus(486, 'Busy')).toBe('SIP/2.0 486 Busy\r\n');
    expect(() => formatSipfragStatus(99)).toThrow(RangeError);
  });
});
