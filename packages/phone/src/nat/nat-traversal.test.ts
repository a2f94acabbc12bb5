import { afterEach, describe, expect, it } from 'vitest';
import type { MediaFactory, MediaOpenRequest } from '../engine/media-port.js';
import { Phone } from '../engine/phone.js';
import { RecordingPort, RecordingTones, testProfile, testSettings } from '../engine/phone.test.util.js';
import type { PhoneProfile } from '../engine/phone-options.js';
import { hasCommand, natStunServer, startCoturn, type UdpPeer, udpPeer } from './nat-test-peers.test.util.js';
import { parseStunServer, resolveStunServer } from './stun-server.js';

/** Media that binds nothing and reports the port it was asked for, as the real one does when it is free. */
class PortMedia implements MediaFactory {
  readonly requests: MediaOpenRequest[] = [];
  async open(request: MediaOpenRequest): Promise<RecordingPort> {
    this.requests.push(request);
    return new RecordingPort(request, request.port === 0 ? 50000 : request.port);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function phoneWith(changes: Partial<PhoneProfile>, rtpPort = 0) {
  const media = new PortMedia();
  const phone = await Phone.create({
    settings: testSettings({ rtpPort }),
    address: '127.0.0.1',
    quitTimeoutMs: 500,
    profiles: [testProfile('alice', changes)],
    media,
    tones: new RecordingTones(),
  });
  cleanups.push(() => phone.quit());
  return { phone, media, sipPort: phone.ua.transport.localAddress('udp')!.port };
}

/** What the INVITE says about us: Via sent-by, Contact host:port, SDP c= and m= port. */
function addressesOf(invite: string) {
  return {
    via: /^Via: SIP\/2\.0\/UDP ([^;\s]+)/im.exec(invite)?.[1],
    contact: /^(?:Contact|m): .*?<sip:[^@>]*@([^;>]+)/im.exec(invite)?.[1],
    c: /^c=IN IP4 (\S+)/m.exec(invite)?.[1],
    m: Number(/^m=audio (\d+)/m.exec(invite)?.[1]),
  };
}

async function peer(): Promise<UdpPeer> {
  const p = await udpPeer();
  cleanups.push(() => p.close());
  return p;
}

describe('stun_server', () => {
  it('puts the mapped SIP and RTP addresses into Via, Contact and SDP', async () => {
    const mapPort = (p: number) => 20000 + (p % 20000);
    const stun = await natStunServer('203.0.113.5', mapPort);
    cleanups.push(() => stun.close());
    const { phone, media } = await phoneWith({ stunServer: `127.0.0.1:${stun.port}` }, 42000);
    const sipPort = stun.received[0]!.from.port; // the bound port (localAddress is the advertised one)
    expect(phone.notices.join('\n')).toContain(
      `SIP port ${sipPort} is public 203.0.113.5:${mapPort(sipPort)}`,
    );
    const callee = await peer();
    await phone.call(`sip:bob@127.0.0.1:${callee.port}`);
    const invite = (await callee.waitFor((t) => t.startsWith('INVITE'))).text;
    const rtp = media.requests[0]!.port;
    expect(rtp).toBeGreaterThanOrEqual(42000);
    expect(addressesOf(invite)).toEqual({
      via: `203.0.113.5:${mapPort(sipPort)}`,
      contact: `203.0.113.5:${mapPort(sipPort)}`,
      c: '203.0.113.5',
      m: mapPort(rtp),
    });
    // Binding requests came from the SIP port and from the call's RTP port.
    const sources = stun.received.map((r) => r.from.port);
    expect(sources).toContain(sipPort);
    expect(sources).toContain(rtp);
    expect(sources).toContain(rtp + 1); // and RTCP's
    expect(invite).not.toMatch(/^a=rtcp:/m); // RTCP's public port is RTP's + 1
  });

  it('writes a=rtcp when the NAT maps the RTCP port apart from RTP + 1 (RFC 3605)', async () => {
    // RTP ports (even) map to 40000 + n, RTCP ports (odd) far away.
    const stun = await natStunServer('203.0.113.5', (p) => (p % 2 === 0 ? 40000 + (p % 1000) : 30001));
    cleanups.push(() => stun.close());
    const { phone, media } = await phoneWith({ stunServer: `127.0.0.1:${stun.port}` }, 44000);
    const callee = await peer();
    await phone.call(`sip:bob@127.0.0.1:${callee.port}`);
    const invite = (await callee.waitFor((t) => t.startsWith('INVITE'))).text;
    const rtp = media.requests[0]!.port;
    expect(addressesOf(invite).m).toBe(40000 + (rtp % 1000));
    expect(invite).toMatch(/^a=rtcp:30001\b/m);
  });

  it('keeps the mapping alive with STUN on the SIP socket and follows a new mapping', async () => {
    let shift = 1000;
    const stun = await natStunServer('203.0.113.5', (p) => p + shift);
    cleanups.push(() => stun.close());
    const { phone } = await phoneWith({
      stunServer: `127.0.0.1:${stun.port}`,
      timerNatKeepalive: 1,
    });
    const sipPort = stun.received[0]!.from.port;
    const before = stun.received.length;
    shift = 2000; // the NAT rebinds
    await stun.waitFor(() => stun.received.length > before, 2500);
    const deadline = Date.now() + 3000;
    while (
      !phone.notices.some((n) => n.includes(`now public 203.0.113.5:${sipPort + 2000}`)) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(phone.notices.join('\n')).toContain(`now public 203.0.113.5:${sipPort + 2000}`);
    expect(stun.received.at(-1)!.from.port).toBe(sipPort);
    const callee = await peer();
    await phone.call(`sip:bob@127.0.0.1:${callee.port}`);
    const invite = (await callee.waitFor((t) => t.startsWith('INVITE'))).text;
    expect(addressesOf(invite).contact).toBe(`203.0.113.5:${sipPort + 2000}`);
  });

  it('goes on without NAT traversal when the server does not answer', async () => {
    const silent = await peer();
    const t0 = Date.now();
    const { phone, sipPort } = await phoneWith({ stunServer: `127.0.0.1:${silent.port}` });
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(phone.notices.join('\n')).toMatch(/no mapping for the SIP port/);
    expect(phone.ua.transport.localAddress('udp')).toMatchObject({ host: '127.0.0.1', port: sipPort });
  }, 15_000);
});

describe('nat_public_ip', () => {
  it('writes the static public address with the local ports', async () => {
    const { phone, media, sipPort } = await phoneWith({ natPublicIp: '198.51.100.20' });
    const callee = await peer();
    await phone.call(`sip:bob@127.0.0.1:${callee.port}`);
    const invite = (await callee.waitFor((t) => t.startsWith('INVITE'))).text;
    expect(addressesOf(invite)).toEqual({
      via: `198.51.100.20:${sipPort}`,
      contact: `198.51.100.20:${sipPort}`,
      c: '198.51.100.20',
      m: 50000,
    });
    expect(media.requests).toHaveLength(1);
  });
});

describe('enable_nat_keepalive', () => {
  it('sends a double CRLF to the registrar every timer_nat_keepalive seconds', async () => {
    const registrar = await peer();
    const { sipPort } = await phoneWith({
      registrar: `127.0.0.1:${registrar.port}`,
      enableNatKeepalive: true,
      timerNatKeepalive: 1,
    });
    await registrar.waitFor((t) => t === '\r\n\r\n', 2500);
    const pings = registrar.received.filter((r) => r.text === '\r\n\r\n');
    expect(pings[0]!.from.port).toBe(sipPort);
  });

  it('sends none when off', async () => {
    const registrar = await peer();
    await phoneWith({
      registrar: `127.0.0.1:${registrar.port}`,
      enableNatKeepalive: false,
      timerNatKeepalive: 1,
    });
    await new Promise((r) => setTimeout(r, 1300));
    expect(registrar.received.filter((r) => r.text === '\r\n\r\n')).toHaveLength(0);
  });
});

describe('resolveStunServer', () => {
  it('resolves names and keeps literals of the family the phone binds', async () => {
    expect(await resolveStunServer('localhost:3479')).toEqual({
      host: 'localhost',
      address: '127.0.0.1',
      port: 3479,
    });
    expect(await resolveStunServer('192.0.2.1')).toMatchObject({ address: '192.0.2.1', port: 3478 });
    expect(await resolveStunServer('[2001:db8::1]:3478')).toBeUndefined();
    expect(await resolveStunServer('[2001:db8::1]:3478', 6)).toMatchObject({ address: '2001:db8::1' });
    expect(await resolveStunServer('no-such-host.invalid')).toBeUndefined();
  });

  it('turns NAT traversal off with a notice when the server is unknown', async () => {
    const { phone } = await phoneWith({ stunServer: 'no-such-host.invalid' });
    expect(phone.notices.join('\n')).toContain('STUN server no-such-host.invalid not found (for IPv4)');
  });
});

describe('parseStunServer', () => {
  it.each([
    ['stun.example.com', { host: 'stun.example.com', port: 3478 }],
    ['stun.example.com:19302', { host: 'stun.example.com', port: 19302 }],
    ['192.0.2.1:3479', { host: '192.0.2.1', port: 3479 }],
    ['[2001:db8::1]:3478', { host: '2001:db8::1', port: 3478 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 3478 }],
    ['host:99999', undefined],
    ['', undefined],
  ])('%s', (text, want) => {
    expect(parseStunServer(text)).toEqual(want);
  });
});

const haveCoturn = hasCommand('turnserver');
if (!haveCoturn && process.env.CI === 'true') throw new Error('turnserver (Debian coturn) is required in CI');

describe.skipIf(!haveCoturn)('against coturn', () => {
  it('learns the SIP port mapping from turnserver --stun-only on 127.0.0.1', async () => {
    const server = await startCoturn();
    cleanups.push(() => server.stop());
    const { phone, sipPort } = await phoneWith({ stunServer: `127.0.0.1:${server.port}` });
    expect(phone.notices.join('\n')).toContain(`SIP port ${sipPort} is public 127.0.0.1:${sipPort}`);
    expect(phone.ua.contact('udp')).toBe(`<sip:alice@127.0.0.1:${sipPort}>`);
  });
});
