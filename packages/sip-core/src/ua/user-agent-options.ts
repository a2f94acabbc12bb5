/** Options of the UserAgent facade and of its requests. */
import type { CredentialStore, DigestCredential } from '../auth/credential-store.js';
import type { DestinationResolver } from '../dialog/dialog.js';
import type { RandomBytes } from '../dialog/random.js';
import type { EventAgentOptions } from '../events/event-agent.js';
import type { HeadersInit } from '../message/assemble.js';
import type { SipRequest } from '../message/sip-message.js';
import type { DnsResolver } from '../resolve/dns-resolver.js';
import type { InviteOptions } from '../session/invite-client-session.js';
import type {
  ReliableProvisionalMode,
  SessionDescriptionHandler,
  SessionPolicy,
  SessionTimerOptions,
} from '../session/types.js';
import type { Clock } from '../time/clock.js';
import type { TimerValues } from '../transaction/types.js';
import type { ListenSpec, TlsSettings } from '../transport/options.js';
import type { TransportLayer } from '../transport/types.js';
import type { UaDelegate } from './delegate.js';
import type { UaLogger } from './logger.js';
import type { UaCoreOptions } from './ua-core.js';

export interface UserAgentOptions {
  /** Sockets to open (e.g. `[{ protocol: 'udp', address: '127.0.0.1', port: 0 }]`). Ignored when `transport` is given. */
  readonly transports?: readonly ListenSpec[];
  /** A transport layer to use instead (tests pass a LoopTransport); the UserAgent does not close it. */
  readonly transport?: TransportLayer;
  /** Our address-of-record, e.g. `sip:alice@example.com` (From of our requests, To and From of REGISTER). */
  readonly aor?: string;
  readonly displayName?: string;
  /** Digest credentials for 401/407 on any request (RFC 3261 22). */
  readonly credentials?: CredentialStore | readonly DigestCredential[];
  /** Every request outside a dialog goes through it (RFC 3261 8.1.2, loose routing). */
  readonly outboundProxy?: string;
  /** User-Agent and Server header value. */
  readonly userAgent?: string;
  readonly clock?: Clock;
  readonly timers?: Partial<TimerValues>;
  readonly logger?: UaLogger;
  readonly random?: RandomBytes;
  /** Next hop to destinations (default RFC 3263 through `dns`). */
  readonly resolve?: DestinationResolver;
  readonly dns?: DnsResolver;
  readonly tls?: TlsSettings;
  /** Largest message accepted, in octets; larger requests get 513 from the transport (default 262144). */
  readonly maxMessageSize?: number;
  /** Option tags supported (RFC 3261 8.2.2.3). */
  readonly supported?: readonly string[];
  /** Body of our OPTIONS answers, typically the SDP we would offer (RFC 3261 11.2). */
  readonly optionsBody?: UaCoreOptions['optionsBody'];
  /** Request-URI schemes served (default sip, sips, tel); others get 416. */
  readonly uriSchemes?: readonly string[];
  /** Answer 483 to Max-Forwards 0 as a proxy would (default false: processed, RFC 4475 3.3.11). */
  readonly rejectZeroMaxForwards?: boolean;
  /** Handlers of requests outside dialogs; OPTIONS is answered when none is given. */
  readonly delegate?: UaDelegate;
  /** The media seam of each incoming call (RFC 3264 offer/answer): needed to take calls. */
  readonly media?: (invite: SipRequest) => SessionDescriptionHandler;
  /** Reliable provisional responses (RFC 3262), default `supported`. */
  readonly reliableProvisional?: ReliableProvisionalMode;
  /** Session timers (RFC 4028). */
  readonly sessionTimer?: SessionTimerOptions;
  /**
   * 100rel mode and session timers of an incoming INVITE when they are not
   * the UA's (the account it is for); outgoing calls take `policy` in their options.
   */
  readonly sessionPolicy?: (invite: SipRequest) => SessionPolicy | undefined;
  /** The event framework's delegate (unsolicited NOTIFY, incoming REFER) and REFER options. */
  readonly events?: EventAgentOptions;
}

/** Options of {@link UserAgent.invite} beyond target and media. */
export type CallOptions = Omit<InviteOptions, 'handler' | 'target' | 'from'> & { readonly from?: string };

/** Per-request options of {@link UserAgent.request}. */
export interface RequestOptions {
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  /** To, when it differs from the target. */
  readonly to?: string;
  /** From, when it is not the UserAgent's AOR (a phone with several accounts). */
  readonly from?: string;
}
