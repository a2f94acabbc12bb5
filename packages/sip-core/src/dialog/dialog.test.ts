import { describe, expect, it } from 'vitest';
import { formatUri } from '../uri/index.js';
import { Dialog, protocolForUri } from './dialog.js';
import { answer, context, INVITE, nameAddr, req } from './dialog.test-util.js';
import { DialogRegistry } from './dialog-registry.js';
import { DialogError } from './errors.js';

const RR = 'Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>\n';
const invite = req(INVITE);

describe('Dialog creation (RFC 3261 12.1)', () => {
  it('UAC: from a 1xx with To tag: early, route set reversed, target from Contact, local CSeq from the request', () => {
    const d = Dialog.asUac(
      invite,
      answer('180 Ringing', 'b1', `${RR}Contact: <sip:bob@10.0.0.2>\n`),
      context(),
    );
    expect(d.state).toBe('early');
    expect(d.id).toEqual({ callId: 'c1@example.com', localTag: 'a1', remoteTag: 'b1' });
    expect(d.routeSet.map((r) => formatUri(r.uri))).toEqual([
      'sip:p1.example.com;lr',
      'sip:p2.example.com;lr',
    ]);
    expect(formatUri(d.remoteTarget)).toBe('sip:bob@10.0.0.2');
    expect(d.localSeq).toBe(10);
    expect(d.remoteSeq).toBeUndefined();
    expect(d.secure).toBe(false);
    expect(d.local.tag).toBe('a1');
    expect(d.remote.tag).toBe('b1');
  });

  it('UAC: a 2xx makes a confirmed dialog; 100 and failures form none', () => {
    expect(Dialog.asUac(invite, answer('200 OK', 'b1', 'Contact: <sip:bob@h>\n'), context()).state).toBe(
      'confirmed',
    );
    expect(() => Dialog.asUac(invite, answer('100 Trying', 'b1'), context())).toThrow(DialogError);
    expect(() => Dialog.asUac(invite, answer('486 Busy Here', 'b1'), context())).toThrow(DialogError);
  });

  it('UAS: route set in order, remote target from Contact, remote CSeq from the request, our tag in To', () => {
    const d = Dialog.asUas(invite, 'b9', context());
    expect(d.role).toBe('uas');
    expect(d.id).toEqual({ callId: 'c1@example.com', localTag: 'b9', remoteTag: 'a1' });
    expect(d.routeSet.map((r) => formatUri(r.uri))).toEqual([
      'sip:p2.example.com;lr',
      'sip:p1.example.com;lr',
    ]);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@127.0.0.1:5070');
    expect(d.remoteSeq).toBe(10);
    expect(d.localSeq).toBeUndefined();
    expect(d.local.tag).toBe('b9');
  });

  it('secure when the Request-URI is sips (12.1.1)', () => {
    const sips = req(INVITE.replace('INVITE sip:bob@example.com', 'INVITE sips:bob@example.com'));
    expect(Dialog.asUas(sips, 't', context()).secure).toBe(true);
    expect(Dialog.asUas(sips, 't', context(), 'early', false).secure).toBe(false); // not over TLS
    expect(Dialog.asUas(invite, 't', context()).secure).toBe(false);
    const uac = Dialog.asUac(sips, answer('200 OK', 'b', 'Contact: <sips:bob@h>\n'), context());
    expect(uac.secure).toBe(true);
    expect(uac.createRequest('BYE').via?.[0]?.transport).toBe('TLS');
  });
});

describe('Requests within a dialog (RFC 3261 12.2.1.1)', () => {
  it('loose routing: Request-URI is the remote target, Route the whole set; CSeq increments', () => {
    const d = Dialog.asUac(
      invite,
      answer('200 OK', 'b1', `${RR}Contact: <sip:bob@10.0.0.2:5080>\n`),
      context(),
    );
    const bye = d.createRequest('BYE');
    expect(bye.requestUri).toBe('sip:bob@10.0.0.2:5080');
    expect(bye.headers('route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(bye.cseq).toEqual({ seq: 11, method: 'BYE' });
    expect(bye.to?.tag).toBe('b1');
    expect(bye.from?.tag).toBe('a1');
    expect(bye.from?.displayName).toBe('Alice');
    expect(bye.callId).toBe('c1@example.com');
    expect(bye.hasHeader('contact')).toBe(false);
    const via = bye.via?.[0];
    expect(via?.branch?.startsWith('z9hG4bK')).toBe(true);
    expect(`${via?.transport} ${via?.host}:${via?.port}`).toBe('UDP 127.0.0.1:5070');
    const info = d.createRequest('INFO', { body: 'x', contentType: 'text/plain' });
    expect(info.cseq?.seq).toBe(12);
    expect(info.via?.[0]?.branch).not.toBe(via?.branch);
    expect(info.bodyText).toBe('x');
    expect(formatUri(d.nextHop())).toBe('sip:p1.example.com;lr');
  });

  it('strict routing: first route becomes the Request-URI, the remote target goes last', () => {
    const rr = 'Record-Route: <sip:p2.example.com;lr>, <sip:strict.example.com;method=INVITE>\n';
    const d = Dialog.asUac(invite, answer('200 OK', 'b1', `${rr}Contact: <sip:bob@10.0.0.2>\n`), context());
    const r = d.createRequest('BYE');
    expect(r.requestUri).toBe('sip:strict.example.com');
    expect(r.headers('route')).toEqual(['<sip:p2.example.com;lr>', '<sip:bob@10.0.0.2>']);
    expect(formatUri(d.nextHop())).toBe('sip:strict.example.com');
  });

  it('no route set: the remote target is Request-URI and next hop; no Route header', () => {
    const d = Dialog.asUas(req(INVITE.replace(RR, '')), 'b9', context());
    const r = d.createRequest('BYE');
    expect(r.requestUri).toBe('sip:alice@127.0.0.1:5070');
    expect(r.hasHeader('route')).toBe(false);
    expect(r.to?.tag).toBe('a1');
    expect(r.from?.tag).toBe('b9');
  });

  it('UAS side: first request picks a CSeq below 2**31, later ones add one', () => {
    const d = Dialog.asUas(invite, 'b9', context());
    const a = d.createRequest('INFO').cseq!.seq;
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(2 ** 31);
    expect(d.createRequest('INFO').cseq!.seq).toBe(a + 1);
  });

  it('ACK reuses the INVITE number and does not advance; target refresh methods carry Contact', () => {
    const d = Dialog.asUac(invite, answer('200 OK', 'b1', 'Contact: <sip:bob@h>\n'), context());
    expect(() => d.createRequest('ACK')).toThrow(DialogError);
    const ack = d.createRequest('ACK', { cseq: 10 });
    expect(ack.cseq).toEqual({ seq: 10, method: 'ACK' });
    const reinvite = d.createRequest('INVITE');
    expect(reinvite.cseq?.seq).toBe(11);
    expect(reinvite.header('contact')).toBe('<sip:alice@127.0.0.1:5070>');
  });

  it('Via protocol follows the next hop: transport=tcp and sips', () => {
    const tcp = Dialog.asUac(
      invite,
      answer('200 OK', 'b', 'Contact: <sip:bob@h;transport=tcp>\n'),
      context(),
    );
    expect(tcp.createRequest('BYE').via?.[0]?.transport).toBe('TCP');
    expect(protocolForUri(nameAddr('<sips:x@h>').uri)).toBe('tls');
    expect(protocolForUri(nameAddr('<sip:x@h;transport=WS>').uri)).toBe('ws');
    const none = Dialog.asUac(
      invite,
      answer('200 OK', 'b', 'Contact: <sip:bob@h;transport=tls>\n'),
      context({ localAddress: () => undefined }),
    );
    expect(() => none.createRequest('BYE')).toThrowError(expect.objectContaining({ code: 'no-transport' }));
  });

  it('a terminated dialog refuses new requests but still builds ACK', () => {
    const d = Dialog.asUac(invite, answer('200 OK', 'b1', 'Contact: <sip:bob@h>\n'), context());
    d.terminate();
    expect(d.state).toBe('terminated');
    expect(() => d.createRequest('BYE')).toThrowError(expect.objectContaining({ code: 'terminated' }));
    expect(d.createRequest('ACK', { cseq: 10 }).method).toBe('ACK');
  });

  it('destinations resolve the next hop through the injected resolver', async () => {
    const d = Dialog.asUac(invite, answer('200 OK', 'b1', `${RR}Contact: <sip:bob@h>\n`), context());
    const seen: string[] = [];
    const out = await d.destinations(async (uri) => {
      seen.push(formatUri(uri));
      return [{ protocol: 'udp', address: '127.0.0.1', port: 5090 }];
    });
    expect(seen).toEqual(['sip:p1.example.com;lr']);
    expect(out[0]?.port).toBe(5090);
  });
});

describe('CSeq and target refresh rules (RFC 3261 12.2.2, 12.2.1.2, 13.2.2.4)', () => {
  const inDialog = (method: string, seq: number, contact = '') =>
    req(`${method} sip:bob@h SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK${method}${seq}
From: <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>;tag=b9
Call-ID: c1@example.com
CSeq: ${seq} ${method}
${contact}Content-Length: 0`);

  it.each([
    // [first seq in dialog state, incoming method, incoming seq, accepted, remote seq after]
    [10, 'BYE', 11, true, 11],
    [10, 'INFO', 10, true, 10],
    [10, 'INFO', 9, false, 10],
    [10, 'ACK', 3, true, 10],
    [10, 'CANCEL', 3, true, 10],
  ] as const)('remote %i, %s %i: accepted %s', (_first, method, seq, ok, after) => {
    const d = Dialog.asUas(invite, 'b9', context());
    expect(d.acceptRemoteCSeq(inDialog(method, seq))).toBe(ok);
    expect(d.remoteSeq).toBe(after);
  });

  it('an empty remote CSeq takes the first number received (UAC side)', () => {
    const d = Dialog.asUac(invite, answer('200 OK', 'b9', 'Contact: <sip:bob@h>\n'), context());
    expect(d.remoteSeq).toBeUndefined();
    expect(d.acceptRemoteCSeq(inDialog('BYE', 1))).toBe(true);
    expect(d.remoteSeq).toBe(1);
  });

  it('target refresh replaces the remote target with the Contact; without Contact nothing changes', () => {
    const d = Dialog.asUas(invite, 'b9', context());
    expect(d.refreshRemoteTarget(inDialog('UPDATE', 11, 'Contact: <sip:alice@10.1.1.1>\n'))).toBe(true);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@10.1.1.1');
    expect(d.refreshRemoteTarget(inDialog('UPDATE', 12))).toBe(false);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@10.1.1.1');
  });

  it.each([
    // [method, response status, Contact in the response, outcome, state after]
    ['INVITE', 200, true, 'refreshed', 'confirmed'],
    ['UPDATE', 200, true, 'refreshed', 'confirmed'],
    ['INFO', 200, true, 'none', 'confirmed'],
    ['INVITE', 200, false, 'none', 'confirmed'],
    ['BYE', 481, false, 'terminated', 'terminated'],
    ['INFO', 408, false, 'terminated', 'terminated'],
    ['INVITE', 491, false, 'none', 'confirmed'],
  ] as const)('UAC %s answered %i (Contact %s): %s (12.2.1.2)', (method, status, contact, outcome, state) => {
    const d = Dialog.asUac(invite, answer('200 OK', 'b1', 'Contact: <sip:bob@old>\n'), context());
    const r = answer(`${status} X`, 'b1', contact ? 'Contact: <sip:bob@new>\n' : '');
    expect(d.receiveResponse(method, r)).toBe(outcome);
    expect(d.state).toBe(state);
    expect(formatUri(d.remoteTarget)).toBe(outcome === 'refreshed' ? 'sip:bob@new' : 'sip:bob@old');
  });

  it('UAC confirm with the 2xx recomputes the route set and target taken from a 1xx', () => {
    const d = Dialog.asUac(
      invite,
      answer('183 Session Progress', 'b1', `${RR}Contact: <sip:bob@early>\n`),
      context(),
    );
    const states: string[] = [];
    d.stateChange.on((s) => states.push(s));
    d.confirm(answer('200 OK', 'b1', 'Record-Route: <sip:only.example.com;lr>\nContact: <sip:bob@final>\n'));
    expect(d.state).toBe('confirmed');
    expect(states).toEqual(['confirmed']);
    expect(d.routeSet.map((r) => formatUri(r.uri))).toEqual(['sip:only.example.com;lr']);
    expect(formatUri(d.remoteTarget)).toBe('sip:bob@final');
  });

  it('state table: early fails to terminated, confirmed ignores fail', () => {
    const early = Dialog.asUac(invite, answer('180 Ringing', 'b1'), context());
    expect(early.apply('fail')).toBe(true);
    expect(early.state).toBe('terminated');
    const confirmed = Dialog.asUac(invite, answer('200 OK', 'b2'), context());
    expect(confirmed.apply('fail')).toBe(false);
    expect(confirmed.state).toBe('confirmed');
  });
});

describe('DialogRegistry: matching and forking', () => {
  it('matches requests by (Call-ID, To tag, From tag) and responses by (Call-ID, From tag, To tag)', () => {
    const reg = new DialogRegistry();
    const uas = Dialog.asUas(invite, 'b9', context());
    const uac = Dialog.asUac(invite, answer('180 Ringing', 'b1'), context());
    expect(reg.add(uas)).toBe(true);
    expect(reg.add(uac)).toBe(true);
    expect(reg.add(uac)).toBe(false);
    const bye = req(`BYE sip:bob@h SIP/2.0
Via: SIP/2.0/UDP h;branch=z9hG4bKx
From: <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>;tag=b9
Call-ID: c1@example.com
CSeq: 11 BYE
Content-Length: 0`);
    expect(reg.matchRequest(bye)).toBe(uas);
    expect(reg.matchResponse(answer('200 OK', 'b1'))).toBe(uac);
    expect(reg.matchResponse(answer('200 OK', 'zz'))).toBeUndefined();
    expect(reg.matchRequest(invite)).toBeUndefined();
  });

  it('keeps the early dialogs of one INVITE as forks; terminated ones leave', () => {
    const reg = new DialogRegistry();
    const f1 = Dialog.asUac(invite, answer('180 Ringing', 'f1'), context());
    const f2 = Dialog.asUac(invite, answer('183 Session Progress', 'f2'), context());
    reg.add(f1);
    reg.add(f2);
    expect(reg.forks('c1@example.com', 'a1')).toEqual([f1, f2]);
    f2.confirm(answer('200 OK', 'f2'));
    for (const other of reg.forks('c1@example.com', 'a1')) if (other !== f2) other.terminate();
    expect(reg.forks('c1@example.com', 'a1')).toEqual([f2]);
    expect(reg.size).toBe(1);
    f2.terminate();
    expect(reg.size).toBe(0);
    expect(reg.forks('c1@example.com', 'a1')).toEqual([]);
  });
});
