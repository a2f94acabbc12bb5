/**
 * The checks a UAS core runs on a new request before handing it on, in the
 * order of RFC 3261 section 8.2 (method, headers, content) with the version
 * and validation checks in front. Pure: the UA core supplies what it knows.
 */
import type { MediaType } from '../headers/types.js';
import type { FieldInit } from '../message/assemble.js';
import type { SipRequest } from '../message/sip-message.js';
import { validateRequest, versionSupported } from '../message/validate.js';

/** A response the core gives instead of passing the request on. */
export interface CoreRejection {
  readonly status: number;
  readonly reason?: string;
  readonly headers: readonly FieldInit[];
}

/** What the checks need to know about the user agent. */
export interface CoreRuleContext {
  /** Request-URI schemes we serve, lower case (RFC 3261 8.2.2.1). */
  readonly uriSchemes: ReadonlySet<string>;
  /** Option tags we support (RFC 3261 8.2.2.3). */
  readonly supported: ReadonlySet<string>;
  /** Whether some handler takes the method (out of dialog or in a dialog). */
  readonly allows: (method: string) => boolean;
  /** The Allow list for 405 and 501 (RFC 3261 8.2.1, 20.5). */
  readonly allowList: () => readonly string[];
  /** Media types we must understand in a body of this method; undefined: the handler decides (RFC 3261 8.2.3). */
  readonly acceptFor: (method: string) => readonly string[] | undefined;
  /** Content codings we can undo (RFC 3261 20.12); `identity` is always understood. */
  readonly acceptEncoding: readonly string[];
  /** Answer 483 to Max-Forwards 0 (a proxy's rule, RFC 3261 16.3 item 2); endpoints process such requests (RFC 4475 3.3.11). */
  readonly rejectZeroMaxForwards: boolean;
  /** Media types our responses to this method carry (INVITE: the SDP answer); undefined: no Accept check. */
  readonly responseTypes: (method: string) => readonly string[] | undefined;
  /** A merged request (RFC 3261 8.2.2.2): same From tag, Call-ID and CSeq as another ongoing transaction. */
  readonly isMerged: (request: SipRequest) => boolean;
}

/** Methods RFC 3261 and its extensions define; others are unknown (501 rather than 405, RFC 3261 21.5.2). */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'REGISTER',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
]);

const reject = (status: number, headers: FieldInit[] = [], reason?: string): CoreRejection =>
  reason === undefined ? { status, headers } : { status, reason, headers };

/** Runs the UAS checks; undefined means the request goes on to dialogs or handlers. */
export function checkRequest(request: SipRequest, ctx: CoreRuleContext): CoreRejection | undefined {
  // RFC 3261 8.2 and 21.5.6: a version we do not speak.
  if (!versionSupported(request)) return reject(505);
  const method = request.method;
  const valid = validateRequest(request);
  if (!valid.ok) {
    // RFC 4475 3.1.2.18: an unknown method with a mismatched CSeq method is better answered 501.
    if (
      valid.header === 'cseq' &&
      request.cseq !== undefined &&
      !KNOWN_METHODS.has(method) &&
      !ctx.allows(method)
    )
      return reject(501, [{ name: 'Allow', value: ctx.allowList().join(', ') }]);
    return reject(400, [], valid.reason);
  }
  // 8.2.1: method inspection.
  if (!ctx.allows(method)) {
    const allow = [{ name: 'Allow', value: ctx.allowList().join(', ') }];
    return KNOWN_METHODS.has(method) ? reject(405, allow) : reject(501, allow);
  }
  // 8.2.2.1: the Request-URI scheme.
  const scheme = request.uri?.scheme.toLowerCase() ?? '';
  if (!ctx.uriSchemes.has(scheme)) return reject(416);
  // 8.2.2.2: merged requests (a request that forked and came back by two paths).
  if (request.to?.tag === undefined && ctx.isMerged(request)) return reject(482);
  if (ctx.rejectZeroMaxForwards && request.maxForwards === 0 && method !== 'OPTIONS') return reject(483);
  // 8.2.2.3: Require (never for CANCEL, nor ACK, whose answer could not be sent).
  if (method !== 'CANCEL' && method !== 'ACK') {
    const unknown = (request.get('require') ?? []).filter((t) => !ctx.supported.has(t.toLowerCase()));
    if (unknown.length > 0) return reject(420, [{ name: 'Unsupported', value: unknown.join(', ') }]);
  }
  return checkContent(request, ctx) ?? checkAccept(request, ctx);
}

/**
 * An Accept that admits none of the types our response would carry: 406
 * with a 399 Warning naming the types (RFC 3261 21.4.7; RFC 4475 3.3.15).
 */
function checkAccept(request: SipRequest, ctx: CoreRuleContext): CoreRejection | undefined {
  const ours = ctx.responseTypes(request.method);
  if (ours === undefined || !request.hasHeader('accept')) return undefined;
  const accepted = request.get('accept') ?? [];
  const ok = ours.some((o) => {
    const [t = '', s = ''] = o.toLowerCase().split('/');
    return accepted.some((a) => (a.type === '*' || a.type === t) && (a.subtype === '*' || a.subtype === s));
  });
  if (ok) return undefined;
  const text = `Our answer would be ${ours.join(' or ')}`;
  return reject(406, [{ name: 'Warning', value: `399 - "${text}"` }]);
}

/** RFC 3261 8.2.3: a body we must understand, in a type or coding we cannot handle. */
function checkContent(request: SipRequest, ctx: CoreRuleContext): CoreRejection | undefined {
  if (request.body.length === 0) return undefined;
  const accept = ctx.acceptFor(request.method);
  if (accept === undefined) return undefined;
  // A body part the sender marked optional may be ignored (RFC 3261 20.11 handling=optional).
  const disposition = request.get('content-disposition');
  const handling = disposition?.params.find((p) => p.name.toLowerCase() === 'handling')?.value;
  if (handling?.toLowerCase() === 'optional') return undefined;
  const codings = (request.get('content-encoding') ?? []).map((c) => c.toLowerCase());
  const known = new Set(['identity', ...ctx.acceptEncoding.map((c) => c.toLowerCase())]);
  const acceptHeaders = (): FieldInit[] => [
    { name: 'Accept', value: accept.join(', ') },
    {
      name: 'Accept-Encoding',
      value: ctx.acceptEncoding.length > 0 ? ctx.acceptEncoding.join(', ') : 'identity',
    },
  ];
  if (codings.some((c) => !known.has(c))) return reject(415, acceptHeaders());
  const type = request.contentType;
  if (type === undefined || !acceptable(type, accept, request)) return reject(415, acceptHeaders());
  return undefined;
}

function matches(type: MediaType, accepted: string): boolean {
  const [t, s] = accepted.toLowerCase().split('/');
  return (t === '*' || t === type.type) && (s === '*' || s === type.subtype);
}

/** A type we accept; a multipart body is acceptable when one of its parts is (RFC 5621 section 3). */
function acceptable(type: MediaType, accept: readonly string[], request: SipRequest): boolean {
  if (accept.some((a) => matches(type, a))) return true;
  if (type.type !== 'multipart') return false;
  const parts = request.parts();
  if (!parts.ok) return false;
  return parts.value.some((p) => {
    const ct = p.header('content-type')?.toLowerCase().split(';')[0]?.trim() ?? 'text/plain';
    const [t = '', s = ''] = ct.split('/');
    return accept.some((a) => matches({ type: t, subtype: s, params: [] }, a));
  });
}
