/**
 * What a server does to the top Via of a request it receives (RFC 3261
 * 18.2.1, RFC 3581 section 4): `received` when the sent-by host is not the
 * source address, and `rport` filled with the source port when the client
 * asked for it (then `received` is added in any case).
 */
import type { SipRequest } from '../message/sip-message.js';
import { sameAddress } from './address.js';
import { replaceTopVia } from './top-via.js';
import type { Source } from './types.js';

/**
 * The request with its top Via stamped for `source`; the same object when
 * nothing changes (the common case costs no copy). A request whose top Via
 * does not parse (any Via line) is returned as it is, for the UA core to answer 400.
 */
export function stampReceived(request: SipRequest, source: Source): SipRequest {
  // The cached typed Via decides the common case; the transaction layer reads it next anyway.
  const first = request.via?.[0];
  if (first === undefined || (first.rport !== true && sameAddress(first.host, source.remoteAddress)))
    return request;
  return replaceTopVia(request, (top) => {
    const askRport = top.rport === true;
    if (!askRport && sameAddress(top.host, source.remoteAddress)) return undefined;
    // RFC 5118 section 4.5: `received` carries the bare address, without brackets.
    return { ...top, received: source.remoteAddress, rport: askRport ? source.remotePort : top.rport };
  });
}
