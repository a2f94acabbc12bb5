/**
 * A profile's 100rel mode (Twinkle's `ext_100rel`) and session timers
 * (RFC 4028: `timer_session_expires`, `session_refresh_method`) as sip-core's
 * per-session policy, so each call runs with the settings of its own profile.
 */
import type { SessionPolicy } from '@twinkle/sip-core';
import type { PhoneProfile } from './phone-options.js';

/** The policy of calls from or to a profile. */
export function sessionPolicyOf(p: PhoneProfile): SessionPolicy {
  return {
    reliableProvisional: p.ext100rel,
    sessionTimer: {
      // 0 turns session timers off; sip-core raises anything below Min-SE to 90 s (RFC 4028 section 4).
      expires: p.timerSessionExpires,
      // RFC 4028 section 7.4 / 9: UPDATE when the peer allows it (no new offer), else re-INVITE.
      preferUpdate: p.sessionRefreshMethod === 'update',
    },
  };
}
