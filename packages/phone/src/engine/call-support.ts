/**
 * What every call of a phone is built with, kept out of phone.ts: the media of a new
 * call (callMediaFor with the phone's settings, address and security), the hooks a Call
 * reports to (events, the end of a call: the line freed, the history record, a 3xx to
 * follow), and the lines as plain data.
 */

import { type CallRecord, isMissedCall } from '../history/call-record.js';
import type { PhoneSecurity } from '../security/phone-security.js';
import type { Call, CallHooks } from './call.js';
import { type CallMedia, callMediaFor } from './call-media.js';
import type { LineTable } from './line-table.js';
import type { PhoneContext } from './phone-context.js';
import type { PhoneEvent } from './phone-events.js';
import type { LineStatus, PhoneOptions } from './phone-options.js';
import type { ProfileState } from './profile-state.js';

export interface CallSupportOptions {
  readonly options: PhoneOptions;
  /** Address written into SDP (phone-user-agent.ts mediaAddressOf). */
  readonly sdpAddress: string;
  readonly security: PhoneSecurity;
  readonly lines: LineTable;
  readonly emit: (event: PhoneEvent) => void;
  readonly now: () => number;
  /** A call ended with a 3xx: the Dialer may follow it. */
  readonly followRedirect: (call: Call, contacts: readonly string[], status: number) => void;
}

export class CallSupport {
  readonly #o: CallSupportOptions;
  #sessionCounter = 0;

  constructor(options: CallSupportOptions) {
    this.#o = options;
  }

  /** The offer/answer state and lazily opened media of a new call from a profile on a line. */
  newMedia(profile: ProfileState, line: number, hint?: Parameters<PhoneContext['newMedia']>[2]): CallMedia {
    const o = this.#o;
    this.#sessionCounter += 1;
    return callMediaFor(
      profile,
      {
        settings: o.options.settings,
        address: o.options.address ?? '0.0.0.0',
        sdpAddress: o.sdpAddress,
        factory: o.options.media,
        security: (p, l) => o.security.forCall(p, l, hint),
        // o= session id: numeric, unique per call of this phone (RFC 8866 section 5.2).
        sessionId: `${Math.floor(o.now() / 1000)}${String(this.#sessionCounter).padStart(4, '0')}`,
      },
      line,
    );
  }

  /** What a new Call reports to. */
  hooks(): CallHooks {
    const o = this.#o;
    return {
      emit: o.emit,
      now: o.now,
      ended: (call: Call, record: CallRecord, contacts: readonly string[]) => {
        o.lines.free(call);
        o.emit({ type: 'history', record, missed: isMissedCall(record) });
        void Promise.resolve(o.options.history?.add(record)).catch((error: unknown) =>
          o.emit({ type: 'notice', message: `call history: ${(error as Error).message}` }),
        );
        o.followRedirect(call, contacts, record.inviteResponseCode);
      },
    };
  }

  /** Every line as plain data; `inConference` tells the lines of a local conference. */
  lineStatus(inConference: (line: number) => boolean): LineStatus[] {
    const lines = this.#o.lines;
    return Array.from({ length: lines.count }, (_, i) => {
      const c = lines.at(i + 1);
      const base = { line: i + 1, active: lines.active === i + 1 };
      if (!c) return { ...base, state: 'idle' as const };
      return {
        ...base,
        state: c.state,
        direction: c.direction,
        peer: c.peer,
        profile: c.profile,
        muted: c.muted,
        ...(inConference(i + 1) ? { conference: true } : {}),
      };
    });
  }
}
