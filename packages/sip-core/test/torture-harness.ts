/**
 * Runs one torture message through the stages of the message layer and
 * checks that it ends where its table row says.
 *
 * Stages:
 * - `accept`: parses, validates, and serializes back to the exact bytes;
 * - `parse`: parseMessage rejects it (a request with `status`; `discard` for a response);
 * - `validate`: parses and round-trips, but validation answers `status` (or discards a response);
 * - `core`: parses and validates; the UA core (next issue) answers `status`,
 *   from facts this layer exposes (asserted by `check`).
 */
import { expect } from 'vitest';
import { type MessageErrorCode, parseMessage, type SipMessage, validateMessage } from '../src/index.js';

export interface Case {
  readonly file: string;
  readonly stage: 'accept' | 'parse' | 'validate' | 'core';
  /** The response to a request; `discard` for a response that is dropped. */
  readonly status?: number | 'discard';
  /** For the parse stage: the error code. */
  readonly code?: MessageErrorCode;
  /** Serialization equals a prefix of the input (trailing datagram octets ignored). */
  readonly exactPrefix?: boolean;
  /** The property the RFC names for this message. */
  readonly check?: (m: SipMessage) => void;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function checkCase(c: Case, bytes: Uint8Array): void {
  const r = parseMessage(bytes);
  if (c.stage === 'parse') {
    expect(r.ok).toBe(false);
    if (r.ok) return;
    if (c.code !== undefined) expect(r.error.code).toBe(c.code);
    if (c.status !== 'discard') expect(r.error.status).toBe(c.status);
    expect(r.error.reason.length).toBeGreaterThan(0);
    expect(r.error.offset).toBeGreaterThanOrEqual(0);
    expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
    return;
  }
  if (!r.ok) throw new Error(`${c.file} did not parse: ${JSON.stringify(r.error)}`);
  const m = r.message;
  // Serialization of a parsed message is exact.
  const out = m.toBytes();
  if (c.exactPrefix === true) expect(hex(out)).toBe(hex(bytes.subarray(0, out.length)));
  else expect(hex(out)).toBe(hex(bytes));
  const v = validateMessage(m);
  if (c.stage === 'validate') {
    expect(v.ok).toBe(false);
    if (v.ok) return;
    if (c.status === 'discard') expect(m.kind).toBe('response');
    else expect('status' in v ? v.status : undefined).toBe(c.status);
    expect(v.reason.length).toBeGreaterThan(0);
  } else {
    expect(v).toEqual({ ok: true });
  }
  c.check?.(m);
}
