/**
 * One call in Twinkle's call history file `twinkle.ch`, with the 20 fields of
 * Twinkle's src/call_history.cpp in its order (create_file_record). Times are
 * Unix seconds; 0 means "never" (time_answer of an unanswered call).
 */
export interface CallRecord {
  readonly timeStart: number;
  readonly timeAnswer: number;
  readonly timeEnd: number;
  readonly direction: CallDirection;
  readonly fromDisplay: string;
  readonly fromUri: string;
  readonly fromOrganization: string;
  readonly toDisplay: string;
  readonly toUri: string;
  readonly toOrganization: string;
  readonly replyToDisplay: string;
  readonly replyToUri: string;
  readonly referredByDisplay: string;
  readonly referredByUri: string;
  readonly subject: string;
  readonly releaseCause: ReleaseCause;
  /** Final response code to the INVITE (200 when answered, e.g. 486 or 487 when not). */
  readonly inviteResponseCode: number;
  readonly inviteResponseReason: string;
  /** User-Agent (incoming) or Server (outgoing) of the far end. */
  readonly farEndDevice: string;
  /** Name of the profile that made or took the call. */
  readonly userProfile: string;
}

/** `in` or `out`. */
export type CallDirection = 'in' | 'out';

/** Who ended the call: Twinkle writes `local user`, `remote user` or `failure`. */
export type ReleaseCause = 'local user' | 'remote user' | 'failure';

/** The header line Twinkle writes (after `# `) at the top of twinkle.ch. */
export const CALL_HISTORY_HEADER =
  'time_start|time_answer|time_end|direction|from_display|from_uri|from_organization|to_display|to_uri|' +
  'to_organization|reply_to_display|reply_to_uri|referred_by_display|referred_by_uri|subject|rel_cause|' +
  'invite_resp_code|invite_resp_reason|far_end_device|user_profile';

/**
 * A missed call: incoming and failed (never answered), the rule of Twinkle's
 * t_call_history::add_call_record.
 */
export const isMissedCall = (r: CallRecord): boolean => r.direction === 'in' && r.releaseCause === 'failure';

/** Escapes one field: `\` and `|` get a backslash; a leading `#` too, so the line is no comment. */
const escapeField = (s: string): string => {
  const e = s.replace(/[\\|]/g, (c) => `\\${c}`);
  return e.startsWith('#') ? `\\${e}` : e;
};

/** Splits on `|` not escaped, removing the escapes (Twinkle's split_escaped + unescape). */
const splitFields = (line: string): string[] => {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === '|') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
};

/** One record as a line of twinkle.ch (no newline). Newlines in fields become spaces. */
export const formatCallRecord = (r: CallRecord): string =>
  [
    String(r.timeStart),
    String(r.timeAnswer),
    String(r.timeEnd),
    r.direction,
    r.fromDisplay,
    r.fromUri,
    r.fromOrganization,
    r.toDisplay,
    r.toUri,
    r.toOrganization,
    r.replyToDisplay,
    r.replyToUri,
    r.referredByDisplay,
    r.referredByUri,
    r.subject,
    r.releaseCause,
    String(r.inviteResponseCode),
    r.inviteResponseReason,
    r.farEndDevice,
    r.userProfile,
  ]
    .map((f) => escapeField(f.replace(/[\r\n]/g, ' ')))
    .join('|');

const uintOf = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) : undefined);

/**
 * Parses one line of twinkle.ch. Returns the reason when the line is not a
 * record Twinkle would load (20 fields, numeric times, `in`/`out`, a known
 * release cause; `caller`/`callee` from before Twinkle 0.7 are read as local/remote).
 */
export const parseCallRecord = (
  line: string,
): { ok: true; record: CallRecord } | { ok: false; reason: string } => {
  const v = splitFields(line.trim());
  if (v.length !== 20) return { ok: false, reason: `expected 20 fields, got ${v.length}` };
  const [ts, ta, te] = [uintOf(v[0]!), uintOf(v[1]!), uintOf(v[2]!)];
  if (ts === undefined || ta === undefined || te === undefined)
    return { ok: false, reason: 'times must be integers' };
  const dir = v[3];
  if (dir !== 'in' && dir !== 'out') return { ok: false, reason: `bad direction "${dir}"` };
  const causeText = v[15]!;
  const cause: ReleaseCause | undefined =
    causeText === 'local user' || causeText === 'caller'
      ? 'local user'
      : causeText === 'remote user' || causeText === 'callee'
        ? 'remote user'
        : causeText === 'failure'
          ? 'failure'
          : undefined;
  if (cause === undefined) return { ok: false, reason: `bad release cause "${causeText}"` };
  if (v[5] === '' || v[8] === '') return { ok: false, reason: 'from_uri and to_uri are required' };
  const code = Number.parseInt(v[16]!, 10);
  return {
    ok: true,
    record: {
      timeStart: ts,
      timeAnswer: ta,
      timeEnd: te,
      direction: dir,
      fromDisplay: v[4]!,
      fromUri: v[5]!,
      fromOrganization: v[6]!,
      toDisplay: v[7]!,
      toUri: v[8]!,
      toOrganization: v[9]!,
      replyToDisplay: v[10]!,
      replyToUri: v[11]!,
      referredByDisplay: v[12]!,
      referredByUri: v[13]!,
      subject: v[14]!,
      releaseCause: cause,
      inviteResponseCode: Number.isNaN(code) ? 0 : code,
      inviteResponseReason: v[17]!,
      farEndDevice: v[18]!,
      userProfile: v[19]!,
    },
  };
};
