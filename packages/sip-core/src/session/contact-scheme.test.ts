import { describe, expect, it } from 'vitest';
import { createRequest } from '../message/build.js';
import { parseUri } from '../uri/index.js';
import { sipsRequest, wantsSipsContact } from './contact-scheme.js';

const invite = (uri: string, contact: string, recordRoute?: string) =>
  createRequest({
    method: 'INVITE',
    uri,
    from: '<sip:bob@127.0.0.1>;tag=1',
    to: '<sip:alice@127.0.0.1>',
    callId: 'c1',
    cseq: 1,
    via: 'SIP/2.0/TLS 127.0.0.1:5071;branch=z9hG4bK1',
    contact,
    ...(recordRoute === undefined ? {} : { headers: [{ name: 'Record-Route', value: recordRoute }] }),
  });

describe('the scheme of our Contact in a response (RFC 3261 12.1.1)', () => {
  it('is sips after a sips Request-URI, else after a sips top Record-Route, else after a sips Contact', () => {
    expect(wantsSipsContact(invite('sips:alice@127.0.0.1', '<sip:bob@127.0.0.1:5071;transport=tls>'))).toBe(
      true,
    );
    expect(
      wantsSipsContact(invite('sip:alice@127.0.0.1', '<sip:bob@127.0.0.1>', '<sips:p.example.com;lr>')),
    ).toBe(true);
    expect(
      wantsSipsContact(invite('sip:alice@127.0.0.1', '<sips:bob@127.0.0.1>', '<sip:p.example.com;lr>')),
    ).toBe(false);
    expect(wantsSipsContact(invite('sip:alice@127.0.0.1', '"Bob" <sips:bob@127.0.0.1:5071>'))).toBe(true);
  });

  it('is sip (with transport=tls over TLS) after a sip: request on TLS', () => {
    expect(
      wantsSipsContact(
        invite('sip:alice@127.0.0.1:5061;transport=tls', '<sip:bob@127.0.0.1:5071;transport=tls>'),
      ),
    ).toBe(false);
  });
});

describe('the scheme of our Contact in a request (RFC 3261 8.1.1.8)', () => {
  const uri = (text: string) => {
    const r = parseUri(text);
    if (!r.ok) throw new Error(text);
    return r.value;
  };
  it('is sips for a sips Request-URI or top Route, else sip', () => {
    expect(sipsRequest(uri('sips:bob@127.0.0.1'), undefined)).toBe(true);
    expect(sipsRequest(uri('sip:bob@127.0.0.1'), uri('sips:proxy.example.com;lr'))).toBe(true);
    expect(sipsRequest(uri('sip:bob@127.0.0.1;transport=tls'), undefined)).toBe(false);
    expect(sipsRequest(uri('sip:bob@127.0.0.1'), uri('sip:proxy.example.com;lr;transport=tls'))).toBe(false);
  });
});
