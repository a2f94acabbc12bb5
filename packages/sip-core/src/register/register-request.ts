/**
 * The REGISTER request (RFC 3261 section 10.2): Request-URI the registrar,
 * To and From the AOR, one Call-ID per registration, Contact with its
 * lifetime, RFC 5626 instance and reg-id, Route for an outbound proxy.
 */

import { quoteString } from '../headers/index.js';
import type { FieldInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import { formatUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { instanceValue, toUri } from './bindings.js';
import type { RegistrationOptions } from './types.js';

/** register: add or refresh our binding; unregister: ours with expires 0; unregister-all: `*`; fetch: no Contact. */
export type RegisterKind = 'register' | 'unregister' | 'unregister-all' | 'fetch';

export interface RegisterSpec {
  readonly options: RegistrationOptions;
  readonly aor: Uri;
  readonly via: string;
  readonly cseq: number;
  readonly callId: string;
  readonly fromTag: string;
  readonly contact: Uri | undefined;
  /** Seconds; 0 when removing. */
  readonly expires: number;
}

const nameAddr = (uri: Uri, displayName: string | undefined): string =>
  `${displayName === undefined ? '' : `${quoteString(displayName)} `}<${formatUri(uri)}>`;

export function buildRegister(kind: RegisterKind, s: RegisterSpec): SipRequest {
  const o = s.options;
  const registrar = toUri(o.registrar);
  if (registrar === undefined) throw new TypeError('registration: bad registrar URI');
  const headers: FieldInit[] = [];
  if (o.outboundProxy !== undefined) {
    const proxy = toUri(o.outboundProxy);
    // A loose-routing next hop (RFC 3261 8.1.2, 16.12): its URI with ;lr in a Route header.
    if (proxy !== undefined) {
      const text = formatUri(proxy);
      headers.push({ name: 'Route', value: `<${/;lr(;|$|=)/i.test(text) ? text : `${text};lr`}>` });
    }
  }
  let contact: string | undefined;
  if (kind === 'unregister-all') {
    contact = '*';
    headers.push({ name: 'Expires', value: '0' });
  } else if (kind !== 'fetch' && s.contact !== undefined) {
    let c = `<${formatUri(s.contact)}>`;
    if (o.expiresIn === 'header') headers.push({ name: 'Expires', value: String(s.expires) });
    else c += `;expires=${s.expires}`;
    if (o.instanceId !== undefined) {
      c += `;+sip.instance=${quoteString(instanceValue(o.instanceId))}`;
      if (o.regId !== undefined) c += `;reg-id=${o.regId}`;
    }
    contact = c;
  }
  const supported = o.outbound === true ? ['path', 'outbound'] : o.path === true ? ['path'] : [];
  if (supported.length > 0) headers.push({ name: 'Supported', value: supported.join(', ') });
  if (o.userAgent !== undefined) headers.push({ name: 'User-Agent', value: o.userAgent });
  const aor = nameAddr(s.aor, o.displayName);
  return createRequest({
    method: 'REGISTER',
    uri: registrar,
    via: s.via,
    from: `${aor};tag=${s.fromTag}`,
    to: aor,
    callId: s.callId,
    cseq: s.cseq,
    ...(contact === undefined ? {} : { contact }),
    headers,
  });
}
