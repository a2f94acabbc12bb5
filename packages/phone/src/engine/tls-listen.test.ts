import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUri } from './profile-state.js';
import { tlsListenOf, tlsPortOf } from './tls-listen.js';

const off = { tlsCertFile: '', tlsKeyFile: '', tlsCaFile: '', tlsVerify: true, sipTlsPort: 0 };

describe('TLS settings of the phone', () => {
  it('listens on sip_port + 1 unless sip_tls_port says otherwise; any free port next to port 0', () => {
    expect(tlsPortOf({ sipTlsPort: 0 }, 5060)).toBe(5061);
    expect(tlsPortOf({ sipTlsPort: 0 }, 0)).toBe(0);
    expect(tlsPortOf({ sipTlsPort: 5071 }, 5060)).toBe(5071);
  });

  it('runs no TLS without a certificate, and fails a profile that needs it', () => {
    expect(tlsListenOf(off, [], '127.0.0.1', 5060, {})).toEqual({ spec: undefined, tls: undefined });
    expect(() => tlsListenOf(off, ['work'], '127.0.0.1', 5060, {})).toThrow(
      /sip_transport=tls \(profile work\) needs tls_cert_file and tls_key_file/,
    );
  });

  it('reads the certificate, key and CA files and advertises only the host of a NAT mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-listen-'));
    try {
      for (const f of ['c.pem', 'k.pem', 'ca.pem']) writeFileSync(join(dir, f), `PEM ${f}`);
      const r = tlsListenOf(
        {
          tlsCertFile: join(dir, 'c.pem'),
          tlsKeyFile: join(dir, 'k.pem'),
          tlsCaFile: join(dir, 'ca.pem'),
          tlsVerify: false,
          sipTlsPort: 0,
        },
        [],
        '0.0.0.0',
        5070,
        { advertise: { host: '203.0.113.5', port: 40000 } },
      );
      expect(r.spec).toEqual({
        protocol: 'tls',
        address: '0.0.0.0',
        port: 5071,
        advertise: { host: '203.0.113.5' },
      });
      expect(r.tls).toEqual({
        cert: 'PEM c.pem',
        key: 'PEM k.pem',
        ca: 'PEM ca.pem',
        rejectUnauthorized: false,
      });
      expect(() =>
        tlsListenOf(
          { ...off, tlsCertFile: join(dir, 'none.pem'), tlsKeyFile: join(dir, 'k.pem') },
          [],
          '::',
          0,
          {},
        ),
      ).toThrow(/tls_cert_file: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the servers of a sip_transport=tls profile sips: (RFC 5630), and leaves explicit URIs alone', () => {
    expect(serverUri('proxy.example.com:5061', 'tls')).toBe('sips:proxy.example.com:5061');
    expect(serverUri('sip:proxy.example.com', 'tls')).toBe('sip:proxy.example.com');
    expect(serverUri('proxy.example.com;transport=tcp', 'tls')).toBe('sip:proxy.example.com;transport=tcp');
    expect(serverUri('proxy.example.com', 'tcp')).toBe('sip:proxy.example.com;transport=tcp');
  });
});
