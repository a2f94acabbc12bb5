/**
 * kamailio.cfg proven on its own, with sipp and a raw TLS socket as the
 * clients (no @twinkle/sip-core code): OPTIONS answered on UDP, TCP and TLS;
 * REGISTER challenged with 401 and accepted with the right digest, refused
 * with a wrong password.
 */
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMAILIO_USERS, KamailioPeer, requirePeer, SippPeer } from './harness/index.js';

const peers = requirePeer('kamailio', 'sipp', 'openssl');

describe.skipIf(peers.skip)('kamailio.cfg with sipp as the client', () => {
  let kamailio: KamailioPeer;

  beforeAll(async () => {
    peers.assert();
    kamailio = await KamailioPeer.start({ tls: true });
  });
  afterAll(async () => {
    await kamailio?.close();
  });

  async function runSipp(
    file: string,
    transport: 'udp' | 'tcp',
    extra: Partial<Parameters<typeof SippPeer.start>[0]> = {},
  ) {
    const sipp = await SippPeer.start({
      scenario: { file },
      remote: `127.0.0.1:${kamailio.port}`,
      transport,
      timeoutS: 8,
      ...extra,
    });
    try {
      return await sipp.result(12_000);
    } finally {
      await sipp.close();
    }
  }

  it.each(['udp', 'tcp'] as const)('answers OPTIONS over %s', async (transport) => {
    const r = await runSipp('options.xml', transport);
    expect(r.ok, r.report).toBe(true);
    expect(r.stats?.successful).toBe(1);
  });

  it('answers OPTIONS over TLS with the test certificate', async () => {
    const cert = kamailio.certificate!;
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port: kamailio.tlsPort!,
        ca: cert.certPem,
        servername: 'localhost',
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer over TLS within 5 s'));
      }, 5000);
      let got = '';
      socket.on('secureConnect', () => {
        const local = `${socket.localAddress}:${socket.localPort}`;
        socket.write(
          `OPTIONS sip:127.0.0.1:${kamailio.tlsPort} SIP/2.0\r\n` +
            `Via: SIP/2.0/TLS ${local};branch=z9hG4bK-raw-tls-1;rport\r\n` +
            'Max-Forwards: 70\r\n' +
            `From: <sip:probe@${local}>;tag=raw1\r\n` +
            `To: <sip:127.0.0.1:${kamailio.tlsPort}>\r\n` +
            'Call-ID: raw-tls-options-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
        );
      });
      socket.on('data', (d) => {
        got += d.toString('latin1');
        if (got.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.end();
          resolve(got);
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    expect(response.split('\r\n')[0]).toBe('SIP/2.0 200 OK');
  });

  it.each(['udp', 'tcp'] as const)('REGISTER: 401, digest, 200, unregister over %s', async (transport) => {
    const r = await runSipp('register-auth.xml', transport, {
      service: 'alice',
      auth: { user: 'alice', password: KAMAILIO_USERS.alice },
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('REGISTER with a wrong password is refused', async () => {
    const r = await runSipp('register-auth.xml', 'udp', {
      service: 'bob',
      auth: { user: 'bob', password: 'not-the-password' },
    });
    expect(r.ok).toBe(false);
    expect(r.errors).toMatch(/401 Unauthorized/);
  });
});
