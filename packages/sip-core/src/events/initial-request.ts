/**
 * Out-of-dialog requests that may create a dialog (SUBSCRIBE, REFER:
 * RFC 3261 8.1.1): a fresh Call-ID and From tag, our Contact, a Via with a
 * fresh branch for the transport the target asks for.
 */

import { protocolForUri } from '../dialog/dialog.js';
import { cryptoRandomBytes, initialCSeq, makeBranch, makeCallId, makeTag } from '../dialog/random.js';
import { parseNameAddr } from '../headers/name-addr.js';
import { formatFromTo, formatNameAddr } from '../headers/name-addr-format.js';
import type { NameAddr } from '../headers/types.js';
import type { HeadersInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import { formatUri } from '../uri/format.js';
import { parseUri } from '../uri/parse.js';
import type { Uri } from '../uri/types.js';
import { type EventsContext, EventsError } from './context.js';

/** A URI or its text. */
export type UriInput = Uri | string;
/** A name-addr or its text (`"Bob" <sip:bob@example.com>`). */
export type AddressInput = NameAddr | string;

/** Parses a URI given as text; throws an EventsError for one that does not parse. */
export function toUri(value: UriInput): Uri {
  if (typeof value !== 'string') return value;
  const r = parseUri(value);
  if (!r.ok) throw new EventsError('bad-argument', `not a URI: ${value}`);
  return r.value;
}

/** Parses a name-addr given as text; throws an EventsError for one that does not parse. */
export function toNameAddr(value: AddressInput): NameAddr {
  if (typeof value !== 'string') return value;
  const r = parseNameAddr(value);
  if (!r.ok) throw new EventsError('bad-argument', `not an address: ${value}`);
  return r.value;
}

/** What an out-of-dialog request is made of. */
export interface InitialRequestInit {
  readonly method: string;
  readonly target: UriInput;
  /** Our address of record (From). */
  readonly from: AddressInput;
  /** Default: the target. */
  readonly to?: AddressInput;
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/** Builds a dialog-creating request outside any dialog. */
export function initialRequest(ctx: EventsContext, init: InitialRequestInit): SipRequest {
  const random = ctx.random ?? cryptoRandomBytes;
  const target = toUri(init.target);
  const protocol = protocolForUri(target);
  const local = ctx.dialogContext.localAddress(protocol);
  if (local === undefined) throw new EventsError('no-transport', `no local address for ${protocol}`);
  const from = toNameAddr(init.from);
  const to =
    init.to === undefined
      ? { displayName: undefined, uri: target, bracketed: true, params: [] }
      : toNameAddr(init.to);
  return createRequest({
    method: init.method,
    uri: formatUri(target),
    via: `SIP/2.0/${protocol.toUpperCase()} ${local.host}:${local.port};branch=${makeBranch(random)};rport`,
    from: formatFromTo({ ...from, tag: makeTag(random) }),
    to: formatNameAddr(to),
    callId: makeCallId(random),
    cseq: initialCSeq(random),
    contact: ctx.dialogContext.localContact,
    ...(init.headers === undefined ? {} : { headers: init.headers }),
    ...(init.body === undefined ? {} : { body: init.body }),
    ...(init.contentType === undefined ? {} : { contentType: init.contentType }),
  });
}

/** The entries of `o` whose value is not undefined (for exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
