/**
 * CallSecurity between two RTP sessions on 127.0.0.1 with real offer/answer (SdpSession):
 * SDES-SRTP keys in a=crypto only over TLS signalling, ZRTP in virtual time through a
 * lossy wire (retransmissions run on the injected timers), and zrtp_send_if_supported.
 */

import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { encodeRtp, RtpSession, type SrtpKeys } from '@twinkle/rtp';
import { type CodecCapability, SdpSession } from '@twinkle/sdp';
import { MemorySecretCache } from '@twinkle/zrtp';
import { afterEach, describe, expect, it } from 'vitest';
import { CallSecurity, type SecurityProfile } from './call-security.js';
import { signalledOverTls } from './sdes-lines.js';
import type { SecureMediaTransport } from './secure-transport.js';
import type { SecurityEvent } from './security-events.js';

const random = (n: number) => new Uint8Array(randomBytes(n));
const PCMU: CodecCapability = { encoding: 'PCMU', clockRate: 8000 };
const profile = (changes: Partial<SecurityProfile> = {}): SecurityProfile => ({
  zrtpEnabled: false,
  zrtpSdp: true,
  zrtpSendIfSupported: false,
  zrtpGoclearWarning: true,
  ...changes,
});

const open: RtpSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const sdp = (port: number, options: object) =>
  new SdpSession<CodecCapability>({ address: '127.0.0.1', port, sessionId: '1', codecs: [PCMU], ...options });

describe('SDES-SRTP (RFC 4568) over TLS signalling', () => {
  it('offers fresh-keyed crypto lines, answers one, and both RTP sessions switch to SRTP', async () => {
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true });
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true });
    open.push(a, b);
    const events: SecurityEvent[] = [];
    const security = (line: number) =>
      new CallSecurity({
        profile: profile(),
        cache: () => new MemorySecretCache(random(12)),
        emit: (e) => events.push(e),
        line: () => line,
        random,
        tls: true,
      });
    const sa = security(1);
    const sb = security(2);
    const offerer = sdp(a.localAddress.port, sa.sdpOptions({ secure: a }));
    const answerer = sdp(b.localAddress.port, sb.sdpOptions({ secure: b }));
    const offer = offerer.createOffer();
    expect(offer.match(/^a=crypto:\d AES_(CM_128|256_CM)_HMAC_SHA1_(80|32) inline:\S+$/gm)).toHaveLength(4);
    expect(offer).not.toContain('a=zrtp-hash');
    const answered = answerer.receiveOffer(offer);
    if (!answered.ok) throw new Error(answered.error.reason);
    expect(answered.value.sdp.match(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S+$/gm)).toHaveLength(1);
    sb.negotiated(answered.value.negotiation.audio!);
    const applied = offerer.applyAnswer(answered.value.sdp);
    if (!applied.ok) throw new Error(applied.error.reason);
    sa.negotiated(applied.value.audio!);
    expect(events).toEqual([
      { type: 'call-encrypted', line: 2, method: 'sdes', cipher: 'AES_CM_128_HMAC_SHA1_80' },
      { type: 'call-encrypted', line: 1, method: 'sdes', cipher: 'AES_CM_128_HMAC_SHA1_80' },
    ]);
    expect(sa.status).toEqual({ method: 'sdes', encrypted: true });

    a.setRemote(b.localAddress);
    const got: number[] = [];
    const drops: string[] = [];
    b.onPacket((p) => got.push(p.payload[0]!));
    b.onDrop((r) => drops.push(r));
    a.send(new Uint8Array([7, 7]));
    await until(() => got.length === 1);
    // Plain RTP to the same port is refused now.
    const intruder = createSocket('udp4');
    await new Promise<void>((r) => intruder.bind(0, '127.0.0.1', () => r()));
    intruder.send(
      encodeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 5, payload: new Uint8Array(1) }),
      b.localAddress.port,
      '127.0.0.1',
    );
    await until(() => drops.length === 1);
    intruder.close();
    expect(got).toEqual([7]);
    expect(drops).toEqual(['srtp']);
    // The same answer again (a repeated re-INVITE) keeps the running keys: no second event.
    sa.negotiated(applied.value.audio!);
    expect(events).toHaveLength(2);
  });

  it('without TLS there are no crypto lines, and offered ones are not taken', async () => {
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true });
    open.push(a);
    const events: SecurityEvent[] = [];
    const plain = new CallSecurity({
      profile: profile(),
      cache: () => new MemorySecretCache(random(12)),
      emit: (e) => events.push(e),
      line: () => 1,
      random,
      tls: false,
    });
    const options = plain.sdpOptions({ secure: a });
    expect(options).toEqual({});
    const answerer = sdp(a.localAddress.port, options);
    const offer = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 0',
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR',
      '',
    ].join('\r\n');
    const r = answerer.receiveOffer(offer);
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.sdp).not.toContain('a=crypto');
    plain.negotiated(r.value.negotiation.audio!);
    expect(events).toEqual([]);
    expect(plain.status).toEqual({ method: 'none', encrypted: false });
  });

  it('tells TLS signalling from the URI called or the INVITE received', () => {
    expect(signalledOverTls('sips:bob@example.com')).toBe(true);
    expect(signalledOverTls('sip:bob@example.com;transport=TLS')).toBe(true);
    expect(signalledOverTls('sip:bob@example.com;transport=tcp')).toBe(false);
    expect(signalledOverTls(undefined)).toBe(false);
    const invite = (uri: string, via: string) => ({ requestUri: uri, header: () => via });
    expect(signalledOverTls(invite('sip:alice@10.0.0.1', 'SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bK1'))).toBe(
      true,
    );
    expect(signalledOverTls(invite('sip:alice@10.0.0.1', 'SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1'))).toBe(
      false,
    );
  });
});

/** Two transports joined by a virtual wire that loses chosen packets, timers in virtual time. */
class VirtualNet {
  now = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  readonly timers = {
    set: (fn: () => void, ms: number): unknown => {
      const id = ++this.#id;
      this.#timers.set(id, { at: this.now + ms, fn });
      return id;
    },
    clear: (h: unknown): void => {
      this.#timers.delete(h as number);
    },
  };
  readonly #queue: { at: number; to: End; bytes: Uint8Array }[] = [];
  sent = 0;

  constructor(readonly lose: (n: number) => boolean) {}

  end(ssrc: number): End {
    return new End(this, ssrc);
  }

  deliver(to: End, bytes: Uint8Array): void {
    const n = this.sent++;
    if (!this.lose(n)) this.#queue.push({ at: this.now + 10, to, bytes });
  }

  /** Runs the network and timers until `ms` of virtual time passed. */
  run(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now += 1;
      for (const p of this.#queue.filter((q) => q.at <= this.now)) {
        this.#queue.splice(this.#queue.indexOf(p), 1);
        p.to.filter?.(p.bytes, { address: '127.0.0.1', port: 1 });
      }
      for (const [id, t] of [...this.#timers]) {
        if (t.at > this.now) continue;
        this.#timers.delete(id);
        t.fn();
      }
    }
  }
}

class End implements SecureMediaTransport {
  peer: End | undefined;
  filter: ((d: Uint8Array, from: { address: string; port: number }) => boolean) | undefined;
  keys: SrtpKeys | undefined;
  constructor(
    readonly net: VirtualNet,
    readonly ssrc: number,
  ) {}
  intercept(f: End['filter']): void {
    this.filter = f;
  }
  /** Whether SDP told this end where the peer is; without it only an explicit `to` is sent. */
  remoteKnown = true;
  explicit = 0;
  sendDatagram(bytes: Uint8Array, to?: { address: string; port: number }): boolean {
    if (!this.peer || (!this.remoteKnown && to === undefined)) return false;
    if (to) this.explicit++;
    this.net.deliver(this.peer, bytes);
    return true;
  }
  setSrtp(keys: SrtpKeys | undefined): void {
    this.keys = keys;
  }
}

const zrtpPair = (net: VirtualNet, p: SecurityProfile, q: SecurityProfile = p) => {
  const ea = net.end(0x1111);
  const eb = net.end(0x2222);
  ea.peer = eb;
  eb.peer = ea;
  const events: SecurityEvent[] = [];
  const make = (pr: SecurityProfile, line: number) =>
    new CallSecurity({
      profile: pr,
      cache: () => new MemorySecretCache(random(12)),
      emit: (e) => events.push(e),
      line: () => line,
      random,
      tls: false,
      now: () => net.now,
      timers: net.timers,
    });
  const a = make(p, 1);
  const b = make(q, 2);
  return { ea, eb, a, b, events, oa: a.sdpOptions({ secure: ea }), ob: b.sdpOptions({ secure: eb }) };
};

const audio = (hash?: { version: string; hash: string }) =>
  ({ ...(hash ? { remoteZrtpHash: hash } : {}) }) as Parameters<CallSecurity['negotiated']>[0];

describe('ZRTP in CallSecurity (virtual time)', () => {
  it('agrees through a wire that loses the first packets; SRTP keys mirror each other', () => {
    const net = new VirtualNet((n) => n < 3);
    const { ea, eb, a, b, events, oa, ob } = zrtpPair(net, profile({ zrtpEnabled: true }));
    expect(oa.zrtpHash?.version).toBe('1.10');
    a.negotiated(audio(ob.zrtpHash));
    b.negotiated(audio(oa.zrtpHash));
    net.run(3000);
    const secured = events.filter((e) => e.type === 'call-encrypted');
    expect(secured).toHaveLength(2);
    expect(new Set(secured.map((e) => e.sas)).size).toBe(1);
    expect(events.filter((e) => e.type === 'zrtp-warning')).toEqual([]);
    expect(Buffer.from(ea.keys!.send.masterKey)).toEqual(Buffer.from(eb.keys!.receive.masterKey));
    expect(Buffer.from(ea.keys!.receive.masterSalt)).toEqual(Buffer.from(eb.keys!.send.masterSalt));
    expect(a.status).toMatchObject({ method: 'zrtp', encrypted: true, zrtpState: 'secure' });
    expect(net.sent).toBeGreaterThan(7); // the lost ones were sent again
  });

  it('a caller still waiting for the SDP answer answers ZRTP where it came from', () => {
    const net = new VirtualNet(() => false);
    const { ea, a, b, events, oa } = zrtpPair(net, profile({ zrtpEnabled: true }));
    ea.remoteKnown = false; // Alice: the 200 OK with Bob's SDP has not arrived
    b.negotiated(audio(oa.zrtpHash)); // Bob answered and starts at once
    net.run(3000);
    expect(events.filter((e) => e.type === 'call-encrypted')).toHaveLength(2);
    expect(ea.explicit).toBeGreaterThan(0);
    expect(a.status).toMatchObject({ encrypted: true });
  });

  it('a wrong a=zrtp-hash from SDP is a warning', () => {
    const net = new VirtualNet(() => false);
    const { a, b, events, oa } = zrtpPair(net, profile({ zrtpEnabled: true }));
    a.negotiated(audio({ version: '1.10', hash: '0'.repeat(64) }));
    b.negotiated(audio(oa.zrtpHash));
    net.run(3000);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'zrtp-warning', line: 1, kind: 'hello-hash-mismatch' }),
    );
  });

  it('zrtp_send_if_supported waits for a peer without a=zrtp-hash, answers its Hello, or starts on `zrtp encrypt`', () => {
    const net = new VirtualNet(() => false);
    const waiting = profile({ zrtpEnabled: true, zrtpSendIfSupported: true, zrtpSdp: false });
    const { a, b, events, ob } = zrtpPair(net, waiting);
    expect(ob.zrtpHash).toBeUndefined(); // zrtp_sdp=no: no a=zrtp-hash
    a.negotiated(audio());
    b.negotiated(audio());
    net.run(2000);
    expect(net.sent).toBe(0);
    expect(events).toEqual([]);
    a.encrypt(); // Alice starts; Bob answers her Hello
    net.run(3000);
    expect(events.filter((e) => e.type === 'call-encrypted')).toHaveLength(2);
    expect(() => a.encrypt()).toThrow(/already/);
  });
});
