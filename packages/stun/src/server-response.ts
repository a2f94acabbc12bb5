/**
 * The server side of a Binding request (RFC 5389 section 10.1.2 without
 * authentication): what an endpoint answers when a peer uses it as a STUN
 * server, e.g. for keep-alives on a port it shares with SIP or RTP.
 */
import {
  errorCodeAttribute,
  unknownAttributesAttribute,
  unknownRequiredAttributes,
  xorMappedAddressAttribute,
} from './attributes.js';
import { StunMethod } from './constants.js';
import { decodeStun, encodeStun } from './message.js';
import type { Endpoint } from './types.js';

/**
 * The response to a datagram that is a Binding request: a success with
 * XOR-MAPPED-ADDRESS of `from`, or 420 with UNKNOWN-ATTRIBUTES; undefined
 * for anything else (not STUN, malformed, not a Binding request).
 */
export function answerBindingRequest(data: Uint8Array, from: Endpoint): Uint8Array | undefined {
  const d = decodeStun(data);
  if (!d.ok || d.value.class !== 'request' || d.value.method !== StunMethod.binding) return undefined;
  const m = d.value;
  const unknown = unknownRequiredAttributes(m);
  if (unknown.length > 0)
    return encodeStun({
      method: StunMethod.binding,
      class: 'error',
      transactionId: m.transactionId,
      attributes: [errorCodeAttribute(420, 'Unknown Attribute'), unknownAttributesAttribute(unknown)],
      fingerprint: m.fingerprinted,
    });
  return encodeStun({
    method: StunMethod.binding,
    class: 'success',
    transactionId: m.transactionId,
    attributes: [xorMappedAddressAttribute(from, m.transactionId)],
    // Section 7.3: a response carries FINGERPRINT when the request did.
    fingerprint: m.fingerprinted,
  });
}
