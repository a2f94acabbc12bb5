/**
 * The three messages the parse benchmark measures: a realistic INVITE with an
 * SDP offer (936 octets), its 200 OK with an SDP answer, and a REGISTER with
 * digest credentials. CRLF line ends throughout.
 */

const crlf = (lines: string[]): string => lines.join('\r\n');

const inviteSdp = crlf([
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.101',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49172 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
  '',
]);

export const INVITE = `${crlf([
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710abc@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com:5060;transport=udp>',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE',
  'Supported: replaces, timer, 100rel',
  'Accept: application/sdp',
  'Allow-Events: talk, hold, refer, dialog',
  'User-Agent: Twinkle/2.0.0 (Linux)',
  'Session-Expires: 1800;refresher=uac',
  'Content-Type: application/sdp',
  `Content-Length: ${inviteSdp.length}`,
  '',
  '',
])}${inviteSdp}`;

const answerSdp = crlf([
  'v=0',
  'o=bob 2808844564 2808844564 IN IP4 192.0.2.201',
  's=-',
  'c=IN IP4 192.0.2.201',
  't=0 0',
  'm=audio 3456 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
]);

export const OK200 = `${crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3',
  'Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1',
  'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:bob@192.0.2.4>',
  'Record-Route: <sip:server10.biloxi.example.com;lr>, <sip:bigbox3.site3.atlanta.example.com;lr>',
  'Content-Type: application/sdp',
  `Content-Length: ${answerSdp.length}`,
  '',
  '',
])}${answerSdp}`;

export const REGISTER = crlf([
  'REGISTER sip:registrar.biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;rport',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Bob <sip:bob@biloxi.example.com>;tag=456248',
  'Call-ID: 843817637684230@998sdasdh09',
  'CSeq: 1827 REGISTER',
  'Contact: <sip:bob@192.0.2.4>;expires=7200;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>"',
  'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=MD5',
  'User-Agent: Twinkle/2.0.0',
  'Expires: 7200',
  'Content-Length: 0',
  '',
  '',
]);
