/**
 * The console's side of call security: Twinkle's `zrtp encrypt|go-clear|confirm-sas|reset-sas`
 * on the active line, and the text of the security events (the SAS and cipher once a call
 * is encrypted, the GoClear warning, the cache-mismatch warning).
 */
import type { ZrtpCommandAction } from '../commands/zrtp-command.js';
import type { CommandResult } from '../remote/protocol.js';
import type { PhoneControl, PhoneEventLike } from './phone-control.js';

const result = (ok: boolean, message: string, data?: Record<string, unknown>): CommandResult => ({
  type: 'result',
  command: 'zrtp',
  ok,
  message,
  ...(data === undefined ? {} : { data }),
});

const DONE: Readonly<Record<ZrtpCommandAction, string>> = {
  encrypt: 'ZRTP started.',
  'go-clear': 'asked the far end to turn encryption off.',
  'confirm-sas': 'SAS confirmed.',
  'reset-sas': 'SAS confirmation reset.',
};

/** Runs `zrtp ACTION` on the active line. */
export function runZrtp(phone: PhoneControl, action: ZrtpCommandAction): CommandResult {
  if (phone.zrtp === undefined) return result(false, 'this phone has no ZRTP');
  const line = phone.activeLine;
  if (!phone.callOn()) return result(false, `no call on line ${line}`);
  const status = phone.zrtp(action);
  return result(true, `Line ${line}: ${DONE[action]}`, { line, action, ...status });
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The console text of the security events; undefined for other events. */
export function formatSecurityEvent(event: PhoneEventLike): string | undefined {
  const e = event as PhoneEventLike & Readonly<Record<string, unknown>>;
  const line = `Line ${str(e.line)}`;
  switch (e.type) {
    case 'call-encrypted': {
      if (e.method === 'sdes') return `${line}: voice is encrypted (SDES, ${str(e.cipher)}).`;
      const verified = e.sasVerified === true ? ' (verified)' : '';
      const lines = [
        `${line}: voice is encrypted (ZRTP, ${str(e.cipher)}).`,
        `${line}: SAS = ${str(e.sas)}${verified}`,
      ];
      if (e.sasVerified !== true)
        lines.push(`${line}: compare the SAS with the far end, then type "zrtp confirm-sas".`);
      return lines.join('\n');
    }
    case 'call-clear': {
      const why =
        e.reason === 'go-clear'
          ? e.byPeer === true
            ? 'the far end turned encryption off'
            : 'encryption turned off'
          : e.reason === 'failed'
            ? `ZRTP failed${e.detail === undefined ? '' : ` (${str(e.detail)})`}`
            : `the far end's SDES keys are not usable${e.detail === undefined ? '' : ` (${str(e.detail)})`}`;
      return `${e.warning === true ? 'WARNING: ' : ''}${line}: ${why}; voice is not encrypted.`;
    }
    case 'zrtp-warning':
      return `WARNING: ${line}: ${str(e.message)}`;
    case 'sas-verified':
      return `${line}: SAS ${e.verified === true ? 'confirmed' : 'confirmation reset'}.`;
    default:
      return undefined;
  }
}
