/**
 * One UA of ours for the interop tests: transport (UDP and TCP on one free
 * loopback port (127.0.0.1 or ::1), TLS on another when a certificate is given) and transaction
 * layer, with shortened retransmission timers kept within RFC 3261's rules.
 */
import { freePort, type TestCertificate } from './harness/index.js';
import {
  createNodeDnsResolver,
  type ListenSpec,
  locateSipServers,
  SipTransportLayer,
  TransactionLayer,
  type TransportProtocol,
} from './stack.js';

export interface OurStack {
  readonly transport: SipTransportLayer;
  readonly transactions: TransactionLayer;
  readonly port: number;
  readonly tlsPort: number | undefined;
  readonly host: '127.0.0.1' | '::1';
  /** RFC 3263 location of a URI with our real resolver (numeric hosts need no DNS). */
  locate(uri: Parameters<typeof locateSipServers>[0]): ReturnType<typeof locateSipServers>;
  close(): Promise<void>;
}

export interface OurStackOptions {
  /** Listen on TLS with this certificate and trust it as the peer's (the peers share the test certificate). */
  readonly certificate?: TestCertificate;
  readonly transports?: readonly TransportProtocol[];
  /** Loopback address to listen on: 127.0.0.1 (default) or ::1. */
  readonly host?: '127.0.0.1' | '::1';
}

export async function startOurStack(options: OurStackOptions = {}): Promise<OurStack> {
  const port = await freePort();
  const tlsPort = options.certificate ? await freePort() : undefined;
  const address = options.host ?? '127.0.0.1';
  const listen: ListenSpec[] = [
    { protocol: 'udp', address, port },
    { protocol: 'tcp', address, port },
  ];
  if (tlsPort !== undefined) listen.push({ protocol: 'tls', address, port: tlsPort });
  const cert = options.certificate;
  const transport = await SipTransportLayer.create({
    listen,
    tls: cert ? { ca: cert.certPem, cert: cert.certPem, key: cert.keyPem } : undefined,
  });
  const transactions = new TransactionLayer({ transport });
  const resolver = createNodeDnsResolver();
  const families = address === '::1' ? ('ipv6' as const) : ('ipv4' as const);
  const transports = options.transports ?? (['udp', 'tcp', 'tls'] as const);
  return {
    transport,
    host: address,
    transactions,
    port,
    tlsPort,
    locate: (uri) => locateSipServers(uri, { resolver, transports, families }),
    async close() {
      transactions.close();
      await transport.close();
    },
  };
}
