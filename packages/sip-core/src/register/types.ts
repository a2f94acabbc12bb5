/**
 * Registration state and options (RFC 3261 section 10, RFC 5626 section 4.2).
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { CredentialStore } from '../auth/credential-store.js';
import type { AuthLogger, RandomBytes } from '../auth/logger.js';
import type { Clock } from '../time/clock.js';
import type { TransactionLayerApi } from '../transaction/types.js';
import type { Destination, LocalAddress, TransportProtocol } from '../transport/types.js';
import type { Uri } from '../uri/types.js';

/** Why a REGISTER failed. */
export type RegistrationFailure =
  | { readonly kind: 'status'; readonly status: number; readonly phrase: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'transport'; readonly message: string }
  /** Credentials missing or refused (AuthError code). */
  | { readonly kind: 'auth'; readonly code: string; readonly status: number }
  /** No destination for the registrar (resolution gave nothing). */
  | { readonly kind: 'no-destination' };

/** One binding of the AOR as the registrar reported it (RFC 3261 10.2.4). */
export interface Binding {
  /** The Contact URI as written by the registrar. */
  readonly uri: string;
  /** Seconds left, from the `expires` parameter or the Expires header. */
  readonly expires: number | undefined;
  readonly q: number | undefined;
  readonly instance: string | undefined;
  /** Whether this binding is ours (same URI as our Contact, RFC 3261 19.1.4). */
  readonly ours: boolean;
}

export type RegistrationStateName = 'unregistered' | 'registering' | 'registered' | 'failed' | 'retrying';

/** The registration as its users see it. Times are clock milliseconds. */
export interface RegistrationState {
  readonly state: RegistrationStateName;
  /** When our binding expires at the registrar (registered, or retrying with a binding still valid). */
  readonly expiresAt?: number;
  /** Why the last attempt failed (failed, retrying). */
  readonly reason?: RegistrationFailure;
  /** When the next attempt starts (retrying). */
  readonly retryAt?: number;
  /** Every binding of the AOR in the last 2xx. */
  readonly bindings?: readonly Binding[];
}

/** Resolves a URI to destinations to try in order (RFC 3263; the transport area provides one). */
export type ResolveTarget = (uri: Uri) => Promise<readonly Destination[]>;

export interface RegistrationOptions {
  readonly transactions: TransactionLayerApi;
  /** The registrar's URI, the Request-URI of REGISTER (e.g. `sip:example.com`). */
  readonly registrar: string | Uri;
  /** The address-of-record, used in To and From. */
  readonly aor: string | Uri;
  readonly displayName?: string;
  /** Our Contact URI; default `sip:USER@HOST:PORT;transport=X` from the local address. */
  readonly contact?: string | Uri;
  /** The sent-by of Via and the default Contact: usually `transport.localAddress`. */
  readonly localAddress: (protocol: TransportProtocol) => LocalAddress | undefined;
  readonly resolveTarget: ResolveTarget;
  /** An outbound proxy (RFC 3261 8.1.2): put in a Route header (loose routing) and resolved instead of the registrar. */
  readonly outboundProxy?: string | Uri;
  /** Requested binding lifetime in seconds (default 3600). */
  readonly expires?: number;
  /** Where the requested lifetime goes: the Contact `expires` parameter (default) or an Expires header. */
  readonly expiresIn?: 'contact' | 'header';
  /** Credentials, or a shared AuthSession (a profile's session also answers its INVITEs). */
  readonly credentials?: CredentialStore;
  readonly auth?: AuthSession;
  /** +sip.instance (RFC 5626 4.1), e.g. `<urn:uuid:...>`; the angle brackets are added when missing. */
  readonly instanceId?: string;
  /** reg-id (RFC 5626 4.2); only with instanceId. */
  readonly regId?: number;
  /** SIP outbound (RFC 5626): adds `Supported: path, outbound`. */
  readonly outbound?: boolean;
  /** Adds `Supported: path` (RFC 3327) without outbound. */
  readonly path?: boolean;
  readonly userAgent?: string;
  /** Refresh at max(expires/2, expires - refreshMarginSeconds) after a 2xx (default margin 30 s). */
  readonly refreshMarginSeconds?: number;
  /** Retry backoff base and ceiling in seconds (RFC 5626 4.5: 30 and 1800). */
  readonly retryBaseSeconds?: number;
  readonly retryMaxSeconds?: number;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
  readonly logger?: AuthLogger;
}
