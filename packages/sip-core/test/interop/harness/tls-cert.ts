/**
 * A throw-away self-signed certificate for 127.0.0.1, made with openssl in a
 * temp dir at test time (P-256, two days), for kamailio's TLS listener. Our
 * UAs trust exactly this certificate.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerPath } from './peers.js';

export interface TestCertificate {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Writes cert.pem and key.pem into `dir`. */
export function makeTestCertificate(dir: string): TestCertificate {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    peerPath('openssl'),
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 },
  );
  return {
    certPath,
    keyPath,
    certPem: readFileSync(certPath, 'latin1'),
    keyPem: readFileSync(keyPath, 'latin1'),
  };
}
