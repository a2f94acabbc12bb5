/** The usage example of README.md, run as a test: keep the two in step. */

// --- README example start
import { createResponse, parseMessage, validateRequest } from '@twinkle/sip-core';
import { describe, expect, it } from 'vitest';

const datagram = new TextEncoder().encode(
  'INVITE sip:bob@biloxi.example.com SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n' +
    'Max-Forwards: 70\r\n' +
    'To: Bob <sip:bob@biloxi.example.com>\r\n' +
    'f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n' +
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n' +
    'CSeq: 314159 INVITE\r\n' +
    'Content-Length: 0\r\n\r\n',
);

function handle(data: Uint8Array): string {
  const parsed = parseMessage(data);
  if (!parsed.ok) return `400 ${parsed.error.reason} at octet ${parsed.error.offset}`;
  const msg = parsed.message;
  if (msg.kind !== 'request') return 'a response';
  const checked = validateRequest(msg);
  if (!checked.ok) return `${checked.status} ${checked.reason}`;
  // Raw values by any spelling of the name, typed values parsed on first use.
  console.log(msg.header('from'), msg.from?.tag, msg.via?.[0]?.branch, msg.cseq?.seq);
  const ringing = createResponse(msg, 180, undefined, { toTag: 'a6c85cf' });
  return ringing.toString();
}
// --- README example end

describe('README example', () => {
  it('answers the INVITE with 180 Ringing built per RFC 3261 section 8.2.6', () => {
    expect(handle(datagram)).toBe(
      'SIP/2.0 180 Ringing\r\n' +
        'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n' +
        'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n' +
        'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n' +
        'Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n' +
        'CSeq: 314159 INVITE\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
  });

  it('answers broken input with a reason fit for a 400', () => {
    expect(handle(new TextEncoder().encode('INVITE sip:bob@example.com\r\n\r\n'))).toBe(
      '400 Request-Line without SIP-Version at octet 6',
    );
  });
});
