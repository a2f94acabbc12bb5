/** Rewriting the top Via value of a message, leaving every other Via as it was. */
import type { Via } from '../headers/types.js';
import { formatVia, parseVia } from '../headers/via.js';
import { withHeader } from '../message/copies.js';
import type { SipMessage } from '../message/sip-message.js';

/**
 * A copy of `msg` whose top Via is `change(top)`; `msg` itself when `change`
 * returns undefined, or when there is no Via or the first Via line does not parse.
 */
export function replaceTopVia<M extends SipMessage>(msg: M, change: (top: Via) => Via | undefined): M {
  const lines = msg.headers('via');
  const first = lines[0];
  if (first === undefined) return msg;
  const parsed = parseVia(first);
  if (!parsed.ok) return msg;
  const next = change(parsed.value[0]!);
  if (next === undefined) return msg;
  const rest = parsed.value.length > 1 ? `, ${parsed.value.slice(1).map(formatVia).join(', ')}` : '';
  return withHeader(msg, 'Via', [formatVia(next) + rest, ...lines.slice(1)]);
}
