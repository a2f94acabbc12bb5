/** Opening and accepting TCP and TLS connections (node:net, node:tls). */
import { connect as netConnect, createServer as netServer, type Server, type Socket } from 'node:net';
import {
  checkServerIdentity,
  type TLSSocket,
  connect as tlsConnect,
  createServer as tlsServer,
} from 'node:tls';
import { ipFamily } from './address.js';
import type { TlsSettings } from './options.js';
import { type Destination, TransportError } from './types.js';

type PemList = string | Buffer | (string | Buffer)[];

const pem = (v: TlsSettings['ca']): PemList | undefined => {
  if (v === undefined) return undefined;
  const one = (x: string | Uint8Array): string | Buffer => (typeof x === 'string' ? x : Buffer.from(x));
  return typeof v === 'string' || v instanceof Uint8Array
    ? one(v)
    : (v as readonly (string | Uint8Array)[]).map(one);
};

/**
 * Connects to a destination; for TLS the peer's certificate is verified
 * against `serverName` (or the address) unless turned off. Resolves once the
 * connection (and TLS handshake) is up.
 */
export function connectStream(
  dest: Destination,
  tls: TlsSettings | undefined,
  timeoutMs: number,
  localAddress?: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let socket: Socket;
    const fail = (code: 'connection-failed' | 'tls', why: string): void => {
      socket.destroy();
      reject(new TransportError(code, `${dest.protocol} ${dest.address}:${dest.port}: ${why}`));
    };
    const base = {
      host: dest.address,
      port: dest.port,
      ...(localAddress !== undefined ? { localAddress } : {}),
    };
    if (dest.protocol === 'tls') {
      const t = tls ?? {};
      const name = dest.serverName ?? dest.address;
      const pins = (t.pinnedCertificates ?? []).map(normalizeFingerprint);
      // SNI carries names only (RFC 6066 section 3); an IP is still checked against the certificate's IP SANs.
      socket = tlsConnect({
        ...base,
        ...(ipFamily(name) === 0 ? { servername: name } : {}),
        ca: pem(t.ca),
        cert: pem(t.cert) as string | Buffer | undefined,
        key: pem(t.key) as string | Buffer | undefined,
        // A pinned certificate stands for itself: chain and name checks give way to the fingerprint.
        rejectUnauthorized: pins.length === 0 && (t.rejectUnauthorized ?? true),
        checkServerIdentity: (_host, cert) => (pins.length > 0 ? undefined : checkServerIdentity(name, cert)),
      });
      socket.once('secureConnect', () => {
        const fp = normalizeFingerprint((socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '');
        if (pins.length > 0 && !pins.includes(fp)) fail('tls', 'peer certificate is not the pinned one');
        else done();
      });
    } else {
      socket = netConnect(base);
      socket.once('connect', () => done());
    }
    socket.setTimeout(timeoutMs, () => fail('connection-failed', 'timed out'));
    const onError = (err: Error & { code?: string }): void => {
      const isTls =
        dest.protocol === 'tls' &&
        (err.code?.startsWith('ERR_TLS') || /cert|SELF_SIGNED|UNABLE_TO/i.test(`${err.code} ${err.message}`));
      fail(isTls ? 'tls' : 'connection-failed', err.message);
    };
    socket.once('error', onError);
    function done(): void {
      socket.setTimeout(0);
      socket.removeListener('error', onError);
      resolve(socket);
    }
  });
}

/** A SHA-256 fingerprint as upper-case hex without separators. */
export const normalizeFingerprint = (fp: string): string => fp.replace(/[^0-9a-f]/gi, '').toUpperCase();

/** A TCP or TLS listening socket; `onSocket` gets each accepted (and, for TLS, handshaken) connection. */
export function listenStream(
  protocol: 'tcp' | 'tls',
  address: string,
  port: number,
  tls: TlsSettings | undefined,
  onSocket: (socket: Socket | TLSSocket) => void,
): Promise<Server> {
  let server: Server;
  if (protocol === 'tls') {
    const t = tls ?? {};
    if (t.cert === undefined || t.key === undefined)
      return Promise.reject(new TransportError('tls', 'Listening for TLS needs tls.cert and tls.key'));
    const ask = t.requestClientCert ?? false;
    server = tlsServer(
      {
        cert: pem(t.cert) as string | Buffer,
        key: pem(t.key) as string | Buffer,
        ca: pem(t.ca),
        requestCert: ask,
        rejectUnauthorized: ask && (t.rejectUnauthorized ?? true),
      },
      onSocket,
    );
    server.on('tlsClientError', () => {}); // a failed handshake concerns that client only
  } else {
    server = netServer(onSocket);
  }
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(new TransportError('unreachable', `${protocol} listen ${address}:${port}: ${err.message}`)),
    );
    server.listen({ host: address, port, ipv6Only: ipFamily(address) === 6 }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      resolve(server);
    });
  });
}
