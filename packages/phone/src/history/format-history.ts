import { type CallRecord, isMissedCall } from './call-record.js';

/** Options of formatHistory. */
export interface FormatHistoryOptions {
  /** Print times in UTC instead of local time (tests, logs). */
  readonly utc?: boolean;
  /** Show only the newest N records. */
  readonly last?: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` of Unix seconds. */
export const formatTimestamp = (seconds: number, utc = false): string => {
  const d = new Date(seconds * 1000);
  const [y, mo, da, h, mi, s] = utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
};

/** `H:MM:SS` of a call's talk time (from answer to end); `-` when never answered. */
export const formatDuration = (r: CallRecord): string => {
  if (r.timeAnswer === 0 || r.timeEnd < r.timeAnswer) return '-';
  const t = r.timeEnd - r.timeAnswer;
  return `${Math.floor(t / 3600)}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
};

const party = (display: string, uri: string): string => (display === '' ? uri : `${display} <${uri}>`);

/** What happened, as a word or two: answered, missed, or the failure response. */
export const callOutcome = (r: CallRecord): string => {
  if (isMissedCall(r)) return `MISSED (${r.inviteResponseCode} ${r.inviteResponseReason})`.replace(' ()', '');
  if (r.releaseCause === 'failure')
    return `failed: ${r.inviteResponseCode} ${r.inviteResponseReason}`.trimEnd();
  return r.releaseCause === 'local user' ? 'ended by us' : 'ended by far end';
};

/**
 * The `history` command's output: one line per call, newest last, the far end
 * party (caller of an incoming call, callee of an outgoing one), the profile,
 * and missed calls marked `MISSED`.
 */
export const formatHistory = (records: readonly CallRecord[], options: FormatHistoryOptions = {}): string => {
  const shown =
    options.last !== undefined ? records.slice(Math.max(0, records.length - options.last)) : records;
  if (shown.length === 0) return 'No calls in the history.';
  return shown
    .map((r) => {
      const who = r.direction === 'in' ? party(r.fromDisplay, r.fromUri) : party(r.toDisplay, r.toUri);
      const arrow = r.direction === 'in' ? 'in ' : 'out';
      return `${formatTimestamp(r.timeStart, options.utc)}  ${arrow}  ${formatDuration(r).padStart(8)}  ${who}  [${r.userProfile}]  ${callOutcome(r)}`;
    })
    .join('\n');
};
