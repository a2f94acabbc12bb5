/**
 * RFC 3261 18.1.1: a request within 200 octets of the path MTU (or over 1300
 * octets when the MTU is unknown) goes over TCP rather than UDP, and its top
 * Via says so.
 */
import type { SipRequest } from '../message/sip-message.js';
import { sameAddress } from './address.js';
import { replaceTopVia } from './top-via.js';
import type { LocalAddress } from './types.js';

/** Whether a request of `size` octets is too large for UDP on a path of `mtu` (18.1.1). */
export const exceedsUdpLimit = (size: number, mtu: number): boolean => size > mtu - 200;

/**
 * The request with its top Via switched from UDP to TCP. When sent-by is our
 * UDP address, it becomes our TCP address (the port may differ).
 */
export function switchViaToTcp(
  request: SipRequest,
  tcp: LocalAddress,
  udp: LocalAddress | undefined,
): SipRequest {
  return replaceTopVia(request, (top) => {
    const ours = udp !== undefined && sameAddress(top.host, udp.host) && (top.port ?? 5060) === udp.port;
    return ours ? { ...top, transport: 'TCP', host: tcp.host, port: tcp.port } : { ...top, transport: 'TCP' };
  });
}
