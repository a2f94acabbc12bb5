/**
 * SIP over TLS for the phone: the TLS socket next to UDP and TCP, and the certificate,
 * key and trusted CAs it uses, from the system settings `tls_cert_file`, `tls_key_file`,
 * `tls_ca_file`, `tls_verify` and `sip_tls_port` (ours: Twinkle 1.10 has no TLS).
 * sip-core's transport does the TLS itself (server and client, name and chain checks).
 */
import { readFileSync } from 'node:fs';
import type { ListenSpec, TlsSettings } from '@twinkle/sip-core';
import { PhoneError } from './errors.js';
import type { PhoneSystemSettings } from './phone-options.js';

/** The system settings TLS reads. */
export type TlsSystemSettings = Pick<
  PhoneSystemSettings,
  'tlsCertFile' | 'tlsKeyFile' | 'tlsCaFile' | 'tlsVerify' | 'sipTlsPort'
>;

export interface TlsListen {
  /** The TLS listening socket, when the phone has a certificate. */
  readonly spec: ListenSpec | undefined;
  /** The UserAgent's TLS settings (server certificate, client checks). */
  readonly tls: TlsSettings | undefined;
}

const read = (path: string, key: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PhoneError('bad-argument', `${key}: cannot read ${path}: ${(error as Error).message}`);
  }
};

/**
 * The TLS port: `sip_tls_port`, or when that is 0 the SIP port + 1 (5061 next to
 * Twinkle's default 5060, the port RFC 3261 section 19.1.2 names for sips); a SIP
 * port of 0 (any free port) gives any free port for TLS too.
 */
export function tlsPortOf(settings: Pick<PhoneSystemSettings, 'sipTlsPort'>, sipPort: number): number {
  if (settings.sipTlsPort !== 0) return settings.sipTlsPort;
  return sipPort === 0 ? 0 : sipPort + 1;
}

/**
 * What TLS the phone runs: a listening socket when `tls_cert_file` and `tls_key_file` are
 * set (sip-core sends TLS only where it can also listen, as every stream transport has a
 * Contact of its own), checking peers against `tls_ca_file` (else the system's CAs) unless
 * `tls_verify` is off. A profile with `sip_transport=tls` and no certificate is an error.
 */
export function tlsListenOf(
  settings: TlsSystemSettings,
  needed: readonly string[],
  address: string,
  sipPort: number,
  advertise: Pick<ListenSpec, 'advertise'>,
): TlsListen {
  const cert = settings.tlsCertFile;
  const key = settings.tlsKeyFile;
  if (cert === '' || key === '') {
    if (needed.length > 0)
      throw new PhoneError(
        'bad-argument',
        `sip_transport=tls (profile ${needed.join(', ')}) needs tls_cert_file and tls_key_file in the system settings`,
      );
    return { spec: undefined, tls: undefined };
  }
  const ca = settings.tlsCaFile;
  const tls: TlsSettings = {
    cert: read(cert, 'tls_cert_file'),
    key: read(key, 'tls_key_file'),
    ...(ca === '' ? {} : { ca: read(ca, 'tls_ca_file') }),
    rejectUnauthorized: settings.tlsVerify,
  };
  // A NAT mapping learnt for UDP says nothing of the TLS port: advertise the host only.
  const adv = advertise.advertise === undefined ? {} : { advertise: { host: advertise.advertise.host } };
  return { spec: { protocol: 'tls', address, port: tlsPortOf(settings, sipPort), ...adv }, tls };
}
