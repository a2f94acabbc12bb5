/**
 * Copies of a request for a new attempt (RFC 3261 sections 8.1.3.5, 22.2):
 * same Call-ID, From, To and Request-URI; CSeq plus one; a fresh top Via branch.
 */
import { formatVia, splitCommaList } from '../headers/index.js';
import { withHeader } from '../message/copies.js';
import type { SipRequest } from '../message/sip-message.js';
import { type RandomBytes, toHex } from './logger.js';

/** A new RFC 3261 branch: the magic cookie and 96 random bits (section 8.1.1.7). */
export const newBranch = (random: RandomBytes): string => `z9hG4bK${toHex(random(12))}`;

/** The request with its top Via's branch replaced and CSeq incremented (method kept). */
export function nextAttempt(request: SipRequest, random: RandomBytes): SipRequest {
  let out = request;
  const top = request.via?.[0];
  if (top !== undefined) {
    const branch = newBranch(random);
    const params = top.params.some((p) => p.name.toLowerCase() === 'branch')
      ? top.params
      : [...top.params, { name: 'branch', value: branch }];
    const vias = request.headers('via').flatMap((line) => splitCommaList(line));
    vias[0] = formatVia({ ...top, branch, params });
    out = withHeader(out, 'Via', vias);
  }
  const cseq = request.cseq;
  if (cseq !== undefined) out = withHeader(out, 'CSeq', `${cseq.seq + 1} ${cseq.method}`);
  return out;
}
