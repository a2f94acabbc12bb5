/**
 * URI model (RFC 3261 section 19.1, RFC 3966 for tel:). Values are immutable.
 * Components keep their escaped text as received (`user`, parameter values),
 * so that serialization of a parsed URI gives back the same text; comparison
 * (section 19.1.4) unescapes where the RFC says to.
 */

/** A URI parameter or header; `value` is undefined for a flag such as `;lr`. */
export interface UriParam {
  readonly name: string;
  readonly value: string | undefined;
}

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** User part as it appeared (escaped), without the `@`. */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Host name, IPv4 address, or IPv6 reference with its brackets (`[2001:db8::1]`). */
  readonly host: string;
  readonly port: number | undefined;
  /** uri-parameters in order (`transport`, `user`, `method`, `ttl`, `maddr`, `lr`, others). */
  readonly params: readonly UriParam[];
  /** headers after `?`, in order, values escaped as received. */
  readonly headers: readonly UriParam[];
}

export interface TelUri {
  readonly scheme: 'tel';
  /** The telephone-subscriber number (global `+...` or local), visual separators kept. */
  readonly number: string;
  readonly params: readonly UriParam[];
}

/** Any other absolute URI (`im:`, `pres:`, `mailto:`, `http:` ...), kept as opaque text. */
export interface OpaqueUri {
  readonly scheme: string;
  /** Everything after `scheme:`. */
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OpaqueUri;
