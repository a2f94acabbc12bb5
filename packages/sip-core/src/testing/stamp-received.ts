/**
 * The Via stamping a receiving transport does (RFC 3261 18.2.1, RFC 3581
 * section 4), in the simple form the loop transport needs: `received` when
 * the sent-by host differs from the source address, `rport` filled in when
 * the client asked for it.
 */
import { formatVia, parseVia } from '../headers/via.js';
import { withHeader } from '../message/copies.js';
import type { SipRequest } from '../message/sip-message.js';

const bare = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1).toLowerCase() : host.toLowerCase();

/** The request with its top Via stamped for a message from `address`:`port`; the same object when nothing changes. */
export function stampVia(request: SipRequest, address: string, port: number): SipRequest {
  const lines = request.headers('via');
  const first = lines[0];
  if (first === undefined) return request;
  const parsed = parseVia(first);
  if (!parsed.ok) return request;
  const top = parsed.value[0]!;
  const differs = bare(top.host) !== bare(address);
  const askRport = top.rport === true;
  if (!differs && !askRport) return request;
  const stamped = formatVia({
    ...top,
    received: differs || askRport ? address : top.received,
    rport: askRport ? port : top.rport,
  });
  const rest = parsed.value.slice(1).map(formatVia);
  return withHeader(request, 'Via', [[stamped, ...rest].join(', '), ...lines.slice(1)]);
}
