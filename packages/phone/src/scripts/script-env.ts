/**
 * The environment a script runs with, as Twinkle builds it
 * (t_call_script::create_env, t_sip_message::encode_env): the triggering
 * message's start line and every header as `SIP_<NAME>`, the parties, and
 * Twinkle's own variables. Caller-controlled text reaches a script only as
 * environment values, never as arguments or through a shell.
 */
import { canonicalHeaderName, type NameAddr, type SipMessage } from '@twinkle/sip-core';
import type { ScriptTrigger } from './script-trigger.js';

/** A party (From or To) as the script sees it. */
export interface ScriptParty {
  readonly display: string;
  readonly user: string;
  readonly host: string;
}

/** What a script is told about the message that triggered it. */
export interface ScriptMessage {
  /** A request: SIPREQUEST_METHOD and SIPREQUEST_URI. */
  readonly request?: { readonly method: string; readonly uri: string };
  /** A response (or the final status of the call): SIPSTATUS_CODE and SIPSTATUS_REASON. */
  readonly status?: { readonly code: number; readonly reason: string };
  readonly from: ScriptParty;
  readonly to: ScriptParty;
  /** Every header field in order, names as written. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** The phone's state the TWINKLE_* variables report. */
export interface ScriptContext {
  readonly trigger: ScriptTrigger;
  readonly profile: string;
  readonly line: number;
  readonly dnd: boolean;
  readonly autoAnswer: boolean;
  /** Call forwarding destinations; empty when the service is off. */
  readonly forward: {
    readonly always: readonly string[];
    readonly busy: readonly string[];
    readonly noAnswer: readonly string[];
  };
}

/** The user and host of an address (tel: numbers are the user part, as Twinkle's t_url has them). */
export function partyOf(a: NameAddr | undefined): ScriptParty {
  if (a === undefined) return { display: '', user: '', host: '' };
  const u = a.uri;
  const display = a.displayName ?? '';
  if (u.scheme === 'sip' || u.scheme === 'sips')
    return { display, user: 'user' in u ? (u.user ?? '') : '', host: 'host' in u ? u.host : '' };
  if (u.scheme === 'tel' && 'number' in u) return { display, user: u.number, host: '' };
  return { display, user: '', host: '' };
}

/** A parsed message as a script message. */
export function scriptMessageOf(m: SipMessage): ScriptMessage {
  return {
    ...(m.kind === 'request'
      ? { request: { method: m.method, uri: m.requestUri } }
      : { status: { code: m.status, reason: m.reason } }),
    from: partyOf(m.from),
    to: partyOf(m.to),
    fields: m.fields,
  };
}

/**
 * `SIP_` and the header's long name upper-cased, `-` as `_` (SIP_CALL_ID,
 * SIP_P_ASSERTED_IDENTITY). A token may hold characters no shell variable
 * name can (`.`, `!`, `%`, `*`, `+`, backquote, `'`, `~`): they become `_` too.
 */
export function headerVariable(name: string): string {
  return `SIP_${canonicalHeaderName(name)
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')}`;
}

// A NUL cannot be in an environment string (execve would cut it there; Node refuses it).
const clean = (v: string): string => v.replace(/\0/g, '');

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/**
 * The script's environment: `base` (the phone's own environment, as
 * Twinkle passes environ on), then the message's headers, then the
 * variables whose meaning is fixed, so a header cannot pose as one of them
 * (an `X-Twinkle-Trigger` header stays SIP_X_TWINKLE_TRIGGER; a header
 * named `From-User` cannot replace SIP_FROM_USER). Several lines of one
 * header are joined with `,` (RFC 3261 section 7.3.1).
 */
export function buildScriptEnv(
  message: ScriptMessage,
  context: ScriptContext,
  base: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !k.includes('=')) env[k] = clean(v);
  const headers = new Map<string, string>();
  for (const f of message.fields) {
    const name = headerVariable(f.name);
    const prev = headers.get(name);
    headers.set(name, prev === undefined ? f.value : `${prev},${f.value}`);
  }
  for (const [k, v] of headers) env[k] = clean(v);
  if (message.request) {
    env.SIPREQUEST_METHOD = clean(message.request.method);
    env.SIPREQUEST_URI = clean(message.request.uri);
  }
  if (message.status) {
    env.SIPSTATUS_CODE = String(message.status.code);
    env.SIPSTATUS_REASON = clean(message.status.reason);
  }
  const parties: [string, ScriptParty][] = [
    ['FROM', message.from],
    ['TO', message.to],
  ];
  for (const [p, party] of parties) {
    env[`SIP_${p}_USER`] = clean(party.user);
    env[`SIP_${p}_HOST`] = clean(party.host);
    env[`SIP_${p}_DISPLAY`] = clean(party.display);
  }
  env.TWINKLE_USER_PROFILE = context.profile;
  env.TWINKLE_TRIGGER = context.trigger;
  env.TWINKLE_LINE = String(context.line);
  env.TWINKLE_DO_NOT_DISTURB = yesNo(context.dnd);
  env.TWINKLE_AUTO_ANSWER = yesNo(context.autoAnswer);
  env.TWINKLE_REDIRECT_ALWAYS = clean(context.forward.always.join(','));
  env.TWINKLE_REDIRECT_BUSY = clean(context.forward.busy.join(','));
  env.TWINKLE_REDIRECT_NO_ANSWER = clean(context.forward.noAnswer.join(','));
  return env;
}
