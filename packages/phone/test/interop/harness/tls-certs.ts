/**
 * A throw-away certificate authority for TLS tests, made with the openssl program into a
 * temporary directory at test time (no private key is ever committed): one CA and, per
 * party, a key and a certificate for 127.0.0.1 (subjectAltName IP and DNS localhost, so
 * a name check against the address passes) signed by the CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PartyCert {
  readonly certFile: string;
  readonly keyFile: string;
  /** Certificate then key in one file (baresip's `sip_certificate`). */
  readonly bundleFile: string;
}

export class TestCa {
  readonly dir: string;
  readonly caFile: string;
  readonly #caKey: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.caFile = join(dir, 'ca.pem');
    this.#caKey = join(dir, 'ca.key');
  }

  /** A new CA (P-256, valid one day) in a new temporary directory. */
  static create(): TestCa {
    const ca = new TestCa(mkdtempSync(join(tmpdir(), 'twinkle-tls-')));
    ca.#openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ca.#caKey]);
    ca.#openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      ca.#caKey,
      '-sha256',
      '-days',
      '1',
      '-subj',
      '/CN=Twinkle test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      ca.caFile,
    ]);
    return ca;
  }

  /** A key and a certificate for 127.0.0.1 named `name`, signed by this CA. */
  issue(name: string): PartyCert {
    const keyFile = join(this.dir, `${name}.key`);
    const csr = join(this.dir, `${name}.csr`);
    const certFile = join(this.dir, `${name}.pem`);
    const ext = join(this.dir, `${name}.ext`);
    writeFileSync(
      ext,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth,clientAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '',
      ].join('\n'),
    );
    this.#openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
    this.#openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${name}`, '-out', csr]);
    this.#openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      this.caFile,
      '-CAkey',
      this.#caKey,
      '-CAcreateserial',
      '-days',
      '1',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      certFile,
    ]);
    const bundleFile = join(this.dir, `${name}-bundle.pem`);
    writeFileSync(bundleFile, readFileSync(certFile, 'utf8') + readFileSync(keyFile, 'utf8'));
    return { certFile, keyFile, bundleFile };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  }
}
