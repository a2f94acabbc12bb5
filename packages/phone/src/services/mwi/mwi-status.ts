/** A profile's MWI state as plain data, and Twinkle-like text for the console. */
import type { MwiEvent } from './mwi-events.js';

export interface MwiStatus {
  readonly profile: string;
  /** `mwi_sollicited`: we subscribe; else we take unsolicited NOTIFYs. */
  readonly solicited: boolean;
  /** The subscription's state (solicited), or `unsolicited`. */
  readonly subscription:
    | 'off'
    | 'subscribing'
    | 'pending'
    | 'active'
    | 'failed'
    | 'terminated'
    | 'unsolicited';
  /** The mailbox subscribed to (solicited). */
  readonly mailbox?: string;
  /** The last counts, once any NOTIFY brought them. */
  readonly counts?: Omit<MwiEvent, 'type' | 'profile' | 'solicited'>;
  /** `mwi_vm_address`: the voice mail to call. */
  readonly voicemail?: string;
}

/** `3 new, 5 old (1 urgent)`. */
export function formatCounts(c: { newMessages: number; oldMessages: number; newUrgent?: number }): string {
  const urgent = c.newUrgent !== undefined && c.newUrgent > 0 ? ` (${c.newUrgent} urgent)` : '';
  return `${c.newMessages} new, ${c.oldMessages} old${urgent}`;
}

/** The console's `mwi` lines for one profile. */
export function formatMwiStatus(s: MwiStatus): string[] {
  const out: string[] = [];
  const how = s.solicited
    ? `subscription ${s.subscription}${s.mailbox === undefined ? '' : ` to ${s.mailbox}`}`
    : 'unsolicited notifications';
  out.push(`${s.profile}: ${how}`);
  if (s.counts === undefined) out.push('  voice mail: unknown (no notification yet)');
  else
    out.push(
      `  voice mail: ${s.counts.waiting ? 'messages waiting' : 'no messages waiting'}, ${formatCounts(s.counts)}`,
    );
  if (s.voicemail !== undefined) out.push(`  voice mail address: ${s.voicemail}`);
  return out;
}
