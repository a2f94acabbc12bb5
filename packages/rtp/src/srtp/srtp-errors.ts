import { fail } from '../packet/result.js';

/** Machine-readable reasons an SRTP or SRTCP packet is refused. */
export type SrtpErrorCode = 'malformed' | 'auth-failed' | 'replayed' | 'too-old' | 'unknown-mki';

/** Builds a failed SRTP result with a typed code. */
export const srtpFail = (code: SrtpErrorCode, reason: string) => fail(code, reason, -1);
