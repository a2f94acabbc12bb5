import { describe, expect, it } from 'vitest';
import type { DialogContext } from '../dialog/dialog.js';
import { parseNameAddr } from '../headers/index.js';
import { createRequest, createResponse } from '../message/build.js';
import { formatUri } from '../uri/format.js';
import { SessionDialog } from './session-dialog.js';

const contact = parseNameAddr('<sip:me@192.0.2.1>');
const context: DialogContext = {
  localContact: contact.ok ? contact.value : (undefined as never),
  localAddress: (protocol) => ({ protocol, host: '192.0.2.1', port: 5060 }),
};

const invite = createRequest({
  method: 'INVITE',
  uri: 'sip:bob@example.com',
  from: '<sip:alice@example.com>;tag=a1',
  to: '<sip:bob@example.com>',
  callId: 'c1',
  cseq: 10,
  via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
  contact: '<sip:alice@192.0.2.1>',
  headers: [
    { name: 'Record-Route', value: '<sip:p1.example.com;lr>' },
    { name: 'Record-Route', value: '<sip:p2.example.com;lr>' },
  ],
});

const ringing = createResponse(invite, 180, undefined, {
  toTag: 'b1',
  headers: [
    { name: 'Record-Route', value: '<sip:p1.example.com;lr>, <sip:p2.example.com;lr>' },
    { name: 'Contact', value: '<sip:bob@192.0.2.2>' },
  ],
});

describe('SessionDialog over the shared Dialog (RFC 3261 12)', () => {
  it('UAC: route set is Record-Route reversed, remote target the Contact, local CSeq the INVITE one (12.1.2)', () => {
    const d = SessionDialog.asUac(invite, ringing, context)!;
    expect(d.state).toBe('early');
    expect(d.key).toBe('c1\u0000a1\u0000b1');
    expect(d.routeSet.map((r) => formatUri(r.uri))).toEqual([
      'sip:p2.example.com;lr',
      'sip:p1.example.com;lr',
    ]);
    expect(formatUri(d.remoteTarget)).toBe('sip:bob@192.0.2.2');
    const request = d.request({ method: 'BYE', protocol: 'udp' });
    const nextHop = d.nextHop();
    expect(request.cseq).toEqual({ seq: 11, method: 'BYE' });
    expect(request.requestUri).toBe('sip:bob@192.0.2.2');
    expect(request.headers('route')).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(formatUri(nextHop)).toBe('sip:p2.example.com;lr');
    expect(request.from?.tag).toBe('a1');
    expect(request.to?.tag).toBe('b1');
  });

  it('UAS: route set in order, remote CSeq from the INVITE, our tag in To (12.1.1)', () => {
    const d = SessionDialog.asUas(invite, 'b1', context)!;
    expect(d.routeSet.map((r) => formatUri(r.uri))).toEqual([
      'sip:p1.example.com;lr',
      'sip:p2.example.com;lr',
    ]);
    expect(d.remoteSeq).toBe(10);
    const request = d.request({ method: 'BYE', protocol: 'udp' });
    expect(request.from?.tag).toBe('b1');
    expect(request.to?.tag).toBe('a1');
    expect(request.cseq?.seq).toBeGreaterThan(0); // a fresh first CSeq of ours (8.1.1.5)
    expect(d.request({ method: 'INFO', protocol: 'udp' }).cseq?.seq).toBe(request.cseq!.seq + 1);
    expect(request.requestUri).toBe('sip:alice@192.0.2.1');
  });

  it('rejects a lower remote CSeq (12.2.2) and refreshes the target from Contact (12.2.2)', () => {
    const d = SessionDialog.asUas(invite, 'b1', context)!;
    const reinvite = (seq: number, contact: string) =>
      createRequest({
        method: 'INVITE',
        uri: 'sip:bob@192.0.2.2',
        from: '<sip:alice@example.com>;tag=a1',
        to: '<sip:bob@example.com>;tag=b1',
        callId: 'c1',
        cseq: seq,
        via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK4',
        contact,
      });
    expect(d.acceptRemoteSeq(reinvite(9, '<sip:x@192.0.2.9>'))).toBe(false);
    const r = reinvite(11, '<sip:alice@192.0.2.50:5070>');
    expect(d.acceptRemoteSeq(r)).toBe(true);
    d.refreshTarget(r);
    expect(d.request({ method: 'BYE', protocol: 'udp' }).requestUri).toBe('sip:alice@192.0.2.50:5070');
  });

  it('strict routing: the first route becomes the Request-URI, the target the last Route (12.2.1.1)', () => {
    const strict = createResponse(invite, 200, undefined, {
      toTag: 'b1',
      headers: [
        { name: 'Record-Route', value: '<sip:strict.example.com>' },
        { name: 'Contact', value: '<sip:bob@192.0.2.2>' },
      ],
    });
    const d = SessionDialog.asUac(invite, strict, context)!;
    expect(d.state).toBe('confirmed');
    const request = d.request({ method: 'BYE', protocol: 'udp' });
    const nextHop = d.nextHop();
    expect(request.requestUri).toBe('sip:strict.example.com');
    expect(request.headers('route')).toEqual(['<sip:bob@192.0.2.2>']);
    expect(formatUri(nextHop)).toBe('sip:strict.example.com');
  });

  it('the 2xx replaces the route set of an early dialog (12.1.2)', () => {
    const d = SessionDialog.asUac(invite, ringing, context)!;
    d.confirm(
      createResponse(invite, 200, undefined, {
        toTag: 'b1',
        headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.3>' }],
      }),
    );
    expect(d.state).toBe('confirmed');
    expect(d.routeSet).toEqual([]);
    expect(formatUri(d.remoteTarget)).toBe('sip:bob@192.0.2.3');
  });
});
