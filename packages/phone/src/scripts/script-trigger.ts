/**
 * Twinkle's script trigger points (src/call_script.cpp): the eight
 * `script_*` profile keys and the `TWINKLE_TRIGGER` value each runs with.
 */
import type { Profile } from '../config/profile.js';

/** A point of the call model where a profile may run a script. */
export type ScriptTrigger =
  | 'in_call'
  | 'in_call_answered'
  | 'in_call_failed'
  | 'out_call'
  | 'out_call_answered'
  | 'out_call_failed'
  | 'local_release'
  | 'remote_release';

/** The profile property holding each trigger's command. */
export const TRIGGER_KEYS = {
  in_call: 'scriptIncomingCall',
  in_call_answered: 'scriptInCallAnswered',
  in_call_failed: 'scriptInCallFailed',
  out_call: 'scriptOutgoingCall',
  out_call_answered: 'scriptOutCallAnswered',
  out_call_failed: 'scriptOutCallFailed',
  local_release: 'scriptLocalRelease',
  remote_release: 'scriptRemoteRelease',
} as const satisfies Record<ScriptTrigger, keyof Profile>;

/** The command configured for a trigger ('' when none). */
export const scriptCommandOf = (profile: Profile, trigger: ScriptTrigger): string =>
  profile[TRIGGER_KEYS[trigger]].trim();
