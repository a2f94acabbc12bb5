/**
 * The console's side of call transfer: `transfer|refer [-c] [-l] [dst]`
 * (Twinkle's semantics), answering a transfer request with `answer` or
 * `reject`, and the text of the transfer events.
 */
import type { Command } from '../commands/command-types.js';
import type { CommandResult } from '../remote/protocol.js';
import type { PhoneControl, PhoneEventLike } from './phone-control.js';

type TransferCommand = Extract<Command, { name: 'transfer' }>;

const result = (
  command: string,
  ok: boolean,
  message: string,
  data?: Record<string, unknown>,
): CommandResult => ({
  type: 'result',
  command,
  ok,
  message,
  ...(data === undefined ? {} : { data }),
});

/** Runs `transfer`: blind with a destination, `-c dst` consults, `-c` alone completes, `-l` joins the lines. */
export async function runTransfer(phone: PhoneControl, cmd: TransferCommand): Promise<CommandResult> {
  if (phone.transfer === undefined) return result('transfer', false, 'this phone cannot transfer calls');
  const line = phone.activeLine;
  await phone.transfer(cmd.destination, {
    ...(cmd.consult ? { consult: true } : {}),
    ...(cmd.otherLine ? { otherLine: true } : {}),
  });
  const what = cmd.otherLine
    ? `Line ${line}: transferring the call to the party on the other line.`
    : cmd.consult && cmd.destination !== undefined
      ? `Line ${line}: call on hold; consultation call to ${cmd.destination} on line ${phone.activeLine}.`
      : cmd.consult
        ? `Line ${line}: transferring the held call to this party.`
        : `Line ${line}: transferring the call to ${cmd.destination}.`;
  return result('transfer', true, what, { line });
}

/**
 * `answer` / `reject` on an answered call: the user's answer to a transfer
 * request (ask_user_to_refer). Undefined when the phone has no such request
 * support or the active call is not answered (the command then does its usual job).
 */
export function answerTransferRequest(
  phone: PhoneControl,
  command: 'answer' | 'reject',
): CommandResult | undefined {
  const call = phone.callOn();
  if (phone.answerTransfer === undefined || call === undefined || !call.answered) return undefined;
  const line = phone.activeLine;
  phone.answerTransfer(command === 'answer');
  return result(
    command,
    true,
    command === 'answer' ? `Line ${line}: transfer allowed.` : `Line ${line}: transfer refused.`,
    { line, transfer: command === 'answer' },
  );
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The console text of `transfer` and `transfer-request` events; undefined for other events. */
export function formatTransferEvent(event: PhoneEventLike): string | undefined {
  const e = event as PhoneEventLike & Readonly<Record<string, unknown>>;
  const line = `Line ${str(e.line)}`;
  const to = e.target === undefined ? '' : ` ${str(e.target)}`;
  const status =
    e.status === undefined ? '' : ` (${str(e.status)}${e.reason === undefined ? '' : ` ${str(e.reason)}`})`;
  if (e.type === 'transfer-request') {
    const by = e.referredBy === undefined ? 'The far end' : str(e.referredBy);
    return `${line}: ${by} asks to transfer this call to${to}.\nType "answer" to allow it or "reject" to refuse.`;
  }
  if (e.type !== 'transfer') return undefined;
  const mode = e.mode === undefined ? '' : ` (${str(e.mode)})`;
  switch (`${str(e.role)} ${str(e.state)}`) {
    case 'referrer consulting':
      return `${line}: call on hold; consultation call to${to} on line ${str(e.consultLine)}.`;
    case 'referrer requested':
      return `${line}: transferring the call to${to}${mode}.`;
    case 'referrer progress':
    case 'referee progress':
      return `${line}: transfer progress${status}.`;
    case 'referrer succeeded':
      return `${line}: call transferred to${to}.`;
    case 'referrer failed':
      return `${line}: transfer to${to} failed${status}.`;
    case 'referee accepted':
      return `${line}: the far end transfers you to${to}.`;
    case 'referee refused':
      return `${line}: transfer to${to} refused${status}.`;
    case 'referee succeeded':
      return `${line}: you are now connected to${to}.`;
    case 'referee failed':
      return `${line}: transfer to${to} failed${status}; back to the original call.`;
    case 'target replaced':
      return `${line}: the call was transferred; now talking to${to}.`;
    default:
      return `${line}: transfer ${str(e.state)}${to}${status}.`;
  }
}
