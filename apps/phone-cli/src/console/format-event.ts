/**
 * Engine events as a person reads them on the console (Twinkle prints
 * "Line 1: incoming call", "far end answered call"...). Unknown event types
 * are printed as their JSON, so nothing the engine says is lost.
 */
import type { PhoneEventLike } from './phone-control.js';
import { formatServiceEvent } from './services-exec.js';
import { formatTransferEvent } from './transfer-exec.js';
import { formatSecurityEvent } from './zrtp-exec.js';

type Fields = Readonly<Record<string, unknown>>;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const status = (e: Fields): string =>
  e.status === undefined ? '' : ` (${str(e.status)}${e.reason === undefined ? '' : ` ${str(e.reason)}`})`;

const STATE_TEXT: Readonly<Record<string, string>> = {
  calling: 'calling',
  ringing: 'far end is ringing',
  'early-media': 'early media',
  incoming: 'ringing',
  answered: 'call established',
  held: 'call on hold',
  'remote-held': 'far end put the call on hold',
  ended: 'call ended',
};

/** One or more lines for an event; undefined for events not worth a line (line/profile echoes). */
export function formatEvent(event: PhoneEventLike): string | undefined {
  const e = event as PhoneEventLike & Fields;
  const line = `Line ${str(e.line)}`;
  switch (e.type) {
    case 'registration': {
      const exp = e.expires === undefined ? '' : `, expires in ${str(e.expires)} s`;
      return `${str(e.profile)}: registration ${str(e.state)}${exp}${status(e)}`;
    }
    case 'incoming-call': {
      const lines = [
        `${line}: incoming call${e.waiting === true ? ' (waiting)' : ''}`,
        `From:    ${str(e.from)}${e.asserted === true ? ' (asserted by the proxy)' : ''}`,
      ];
      lines.push(`To:      ${str(e.to)}`);
      if (e.subject !== undefined) lines.push(`Subject: ${str(e.subject)}`);
      // The incoming-call script's display_msg lines.
      if (Array.isArray(e.messages)) for (const m of e.messages) lines.push(`         ${str(m)}`);
      return lines.join('\n');
    }
    case 'call-refused': {
      // Turned away before it rang: do not disturb, busy, forwarded, or the incoming-call script.
      const to =
        Array.isArray(e.contacts) && e.contacts.length > 0 ? ` to ${e.contacts.map(str).join(', ')}` : '';
      return `Call from ${str(e.from)} refused${to} (${str(e.status)}, ${str(e.reason)})`;
    }
    case 'call-state':
      // call-ended follows with who ended it and why.
      if (e.state === 'ended') return undefined;
      return `${line}: ${STATE_TEXT[str(e.state)] ?? str(e.state)}${status(e)}`;
    case 'redirect-ask': {
      const [first, ...others] = Array.isArray(e.contacts) ? e.contacts.map(str) : [];
      const also = others.length === 0 ? '' : ` (also: ${others.join(', ')})`;
      return `${line}: ${str(e.from)} redirects the call to ${first ?? '?'}${also}.\nType follow to call there, follow no to stay.`;
    }
    case 'call-ended':
      return `${line}: call ended by ${str(e.by)}, ${str(e.cause)}${status(e)}`;
    case 'dtmf':
      return `${line}: DTMF ${str(e.digit)} received (${str(e.method)})`;
    case 'media':
      return `${line}: audio ${str(e.codec)} ${str(e.ptime)} ms with ${str(e.remote)}`;
    case 'notice':
      return str(e.message);
    case 'conference': {
      const lines = Array.isArray(e.lines) ? (e.lines as unknown[]).map(str) : [];
      if (e.state === 'started') return `3-way conference: lines ${lines.join(' and ')}`;
      const left = e.line === undefined ? '' : `${line} left the conference`;
      if (e.state === 'left') return `${left}; lines ${lines.join(' and ')} go on`;
      const rest = lines.length === 0 ? '' : `; line ${lines.join(' and ')} goes on as a normal call`;
      return `3-way conference ended${left === '' ? '' : ` (${left.toLowerCase()})`}${rest}`;
    }
    case 'transfer':
    case 'transfer-request':
      return formatTransferEvent(event);
    case 'mwi':
    case 'mwi-subscription':
    case 'message':
    case 'message-composing':
    case 'presence':
    case 'presence-published':
    case 'dialog-state':
      return formatServiceEvent(event);
    case 'call-encrypted':
    case 'call-clear':
    case 'zrtp-warning':
    case 'sas-verified':
      return formatSecurityEvent(event);
    case 'line':
    case 'profile':
    case 'history':
      return undefined;
    default:
      return JSON.stringify(event);
  }
}
