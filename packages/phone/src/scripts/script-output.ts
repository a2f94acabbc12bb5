/**
 * What an incoming-call script prints (Twinkle's t_script_result): lines of
 * `parameter=value`; `#` comments and empty lines are skipped; `end` stops
 * reading. Parameters: action (continue, reject, dnd, redirect, autoanswer),
 * reason (at most 50 characters), contact (of a redirect), caller_name,
 * ringtone, display_msg (repeated). Unknown parameters are ignored, as
 * Twinkle ignores them. Never throws: what is not understood is listed in
 * `problems`, and an action that is not one of the five means `continue`.
 */

export type ScriptAction = 'continue' | 'reject' | 'dnd' | 'redirect' | 'autoanswer';

const ACTIONS: readonly ScriptAction[] = ['continue', 'reject', 'dnd', 'redirect', 'autoanswer'];

/** Twinkle's MAX_LEN_REASON. */
export const MAX_REASON_LENGTH = 50;

export interface ScriptResult {
  readonly action: ScriptAction;
  readonly reason?: string;
  readonly contact?: string;
  readonly callerName?: string;
  readonly ringtone?: string;
  readonly displayMessages: readonly string[];
  /** Lines that were no `parameter=value`, bad actions, `internal_error=` reports: the user is told. */
  readonly problems: readonly string[];
}

/** The result of a script that said nothing (or could not run): continue. */
export const CONTINUE: ScriptResult = { action: 'continue', displayMessages: [], problems: [] };

// Control characters in a value would garble the console line that shows it.
const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

const quoteLine = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Reads a script's standard output. */
export function parseScriptOutput(text: string): ScriptResult {
  let action: ScriptAction = 'continue';
  const out: {
    reason?: string;
    contact?: string;
    callerName?: string;
    ringtone?: string;
  } = {};
  const displayMessages: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === 'end') break;
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      problems.push(`not a parameter=value line: ${quoteLine(line)}`);
      continue;
    }
    const name = line.slice(0, eq).trim();
    const value = printable(line.slice(eq + 1).trim());
    switch (name) {
      case 'action': {
        const a = value.toLowerCase() as ScriptAction;
        if (ACTIONS.includes(a)) action = a;
        else {
          // Twinkle answers 500 to an unknown action; we let the call ring and say why.
          problems.push(`unknown action ${quoteLine(value)}`);
          action = 'continue';
        }
        break;
      }
      case 'reason':
        out.reason = value.slice(0, MAX_REASON_LENGTH);
        break;
      case 'contact':
        out.contact = value;
        break;
      case 'caller_name':
        out.callerName = value;
        break;
      case 'ringtone':
        out.ringtone = value;
        break;
      case 'display_msg':
        displayMessages.push(value);
        break;
      case 'internal_error':
        // Twinkle's child reports a failed exec this way; the whole result is void.
        return { ...CONTINUE, problems: [...problems, value] };
      default:
        break;
    }
  }
  if (action === 'redirect' && (out.contact === undefined || out.contact === '')) {
    problems.push('action=redirect without contact=');
    action = 'continue';
  }
  return { action, ...out, displayMessages, problems };
}
