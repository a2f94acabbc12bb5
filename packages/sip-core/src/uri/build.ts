/**
 * Builders for URIs made in code. They take plain (unescaped) text, escape
 * what the grammar requires, and throw a TypeError on values no URI can hold
 * (a programming error, not network input).
 */
import { HNV, PARAM, PASSWORD, USER } from '../grammar/chars.js';
import { escapeUriComponent } from '../grammar/escape.js';
import { isIpv6, scanHost } from './host.js';
import { parseTelUriAt } from './tel-uri.js';
import type { SipUri, TelUri, UriParam } from './types.js';

/** Parameters for a builder: `true` makes a flag (`;lr`). Order is kept. */
export type ParamInit = Readonly<Record<string, string | true>>;

/** What {@link sipUri} needs. */
export interface SipUriInit {
  /** User part, unescaped (`alice`, `+4930123`); escaped as needed. */
  readonly user?: string;
  readonly password?: string;
  /** Host name, IPv4 address, or IPv6 address with or without brackets. */
  readonly host: string;
  readonly port?: number;
  readonly params?: ParamInit;
  /** Headers (`?name=value`), unescaped. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `sips:` instead of `sip:`. */
  readonly secure?: boolean;
}

const toParams = (init: ParamInit | undefined, flags: number): readonly UriParam[] => {
  if (!init) return [];
  return Object.entries(init).map(([name, value]) => {
    if (name === '') throw new TypeError('empty URI parameter name');
    return {
      name: escapeUriComponent(name, flags),
      value: value === true ? undefined : escapeUriComponent(value, flags),
    };
  });
};

/** Builds a SIP or SIPS URI whose {@link formatUri} text is canonical. */
export const sipUri = (init: SipUriInit): SipUri => {
  let host = init.host;
  if (host.indexOf(':') >= 0 && host.charCodeAt(0) !== 0x5b) {
    if (!isIpv6(host)) throw new TypeError(`invalid host: ${host}`);
    host = `[${host}]`;
  }
  if (scanHost(host, 0, host.length) !== host.length) throw new TypeError(`invalid host: ${init.host}`);
  const port = init.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new TypeError(`invalid port: ${port}`);
  if (init.user === '') throw new TypeError('empty user part');
  return {
    scheme: init.secure ? 'sips' : 'sip',
    user: init.user === undefined ? undefined : escapeUriComponent(init.user, USER),
    password: init.password === undefined ? undefined : escapeUriComponent(init.password, PASSWORD),
    host,
    port,
    params: toParams(init.params, PARAM),
    headers: Object.entries(init.headers ?? {}).map(([name, value]) => ({
      name: escapeUriComponent(name, HNV),
      value: escapeUriComponent(value, HNV),
    })),
  };
};

/** What {@link telUri} needs. */
export interface TelUriInit {
  /** `+4930123456` (global) or a local number; visual separators allowed. */
  readonly number: string;
  /** e.g. `{ 'phone-context': 'example.com', ext: '12' }`. */
  readonly params?: ParamInit;
}

/** Builds a tel URI (RFC 3966). */
export const telUri = (init: TelUriInit): TelUri => {
  const params = toParams(init.params, PARAM);
  let text = `tel:${init.number}`;
  for (const p of params) text += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  const r = parseTelUriAt(text, 4, text.length);
  if (!r.ok) throw new TypeError(`invalid tel URI: ${r.error.reason}`);
  return r.value;
};
