/**
 * The message-summary event package (RFC 3842): message waiting indication.
 * The body (application/simple-message-summary, section 5.2) parsed and
 * formatted, and a notifier package descriptor for the framework.
 */
import { fail, ok, type Result } from '../../grammar/result.js';
import type { AddressInput, UriInput } from '../initial-request.js';
import type { EventPackage } from '../notifier.js';
import type { NotifierSubscription } from '../notifier-subscription.js';
import type { SubscribeOptions } from '../subscription-types.js';

export const MESSAGE_SUMMARY_EVENT = 'message-summary';
export const SIMPLE_MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';

/** Message counts of one context class (RFC 3842 5.2: `voice-message: 2/8 (0/2)`). */
export interface MessageCounts {
  /** The message-context-class (RFC 3458): voice-message, fax-message, pager-message, multimedia-message, text-message, none. */
  readonly context: string;
  readonly newMessages: number;
  readonly oldMessages: number;
  /** Urgent counts in parentheses, when given. */
  readonly newUrgent?: number;
  readonly oldUrgent?: number;
}

/** A simple-message-summary body. */
export interface MessageSummary {
  readonly messagesWaiting: boolean;
  /** Message-Account: the URI of the mailbox, as written. */
  readonly account?: string;
  readonly counts: readonly MessageCounts[];
  /** The optional message headers after the blank line (RFC 3842 5.2 opt-msg-headers). */
  readonly messageHeaders?: readonly { readonly name: string; readonly value: string }[];
}

const COUNTS = /^(\d{1,9})\s*\/\s*(\d{1,9})\s*(?:\(\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*\))?$/;

/**
 * Parses application/simple-message-summary (RFC 3842 5.2). Header names
 * compare case-insensitively; CRLF or bare LF line ends; unknown lines
 * before the blank line are skipped (extensions). A missing or bad
 * Messages-Waiting line is an error.
 */
export function parseMessageSummary(body: Uint8Array | string): Result<MessageSummary> {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const lines = text.split(/\r?\n/);
  let waiting: boolean | undefined;
  let account: string | undefined;
  const counts: MessageCounts[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) return fail('bad-message-summary', `no colon in line ${i + 1}`, 0);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'messages-waiting') {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no')
        return fail('bad-message-summary', 'Messages-Waiting is not yes or no', 0);
      waiting = v === 'yes';
    } else if (name === 'message-account') {
      account = value;
    } else {
      const m = COUNTS.exec(value);
      if (m === null) continue; // an extension header line
      counts.push({
        context: name,
        newMessages: Number(m[1]),
        oldMessages: Number(m[2]),
        ...(m[3] === undefined ? {} : { newUrgent: Number(m[3]), oldUrgent: Number(m[4]) }),
      });
    }
  }
  if (waiting === undefined) return fail('bad-message-summary', 'no Messages-Waiting line', 0);
  const messageHeaders: { name: string; value: string }[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon > 0)
      messageHeaders.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return ok({
    messagesWaiting: waiting,
    ...(account === undefined ? {} : { account }),
    counts,
    ...(messageHeaders.length === 0 ? {} : { messageHeaders }),
  });
}

const CANONICAL: Record<string, string> = {
  'voice-message': 'Voice-Message',
  'fax-message': 'Fax-Message',
  'pager-message': 'Pager-Message',
  'multimedia-message': 'Multimedia-Message',
  'text-message': 'Text-Message',
  none: 'None',
};

/** Formats a simple-message-summary body with CRLF line ends (RFC 3842 5.2). */
export function formatMessageSummary(summary: MessageSummary): string {
  let out = `Messages-Waiting: ${summary.messagesWaiting ? 'yes' : 'no'}\r\n`;
  if (summary.account !== undefined) out += `Message-Account: ${summary.account}\r\n`;
  for (const c of summary.counts) {
    const name = CANONICAL[c.context.toLowerCase()] ?? c.context;
    const urgent = c.newUrgent === undefined ? '' : ` (${c.newUrgent}/${c.oldUrgent ?? 0})`;
    out += `${name}: ${c.newMessages}/${c.oldMessages}${urgent}\r\n`;
  }
  if (summary.messageHeaders !== undefined && summary.messageHeaders.length > 0) {
    out += '\r\n';
    for (const h of summary.messageHeaders) out += `${h.name}: ${h.value}\r\n`;
  }
  return out;
}

/** The voice-message counts of a summary, if present. */
export const voiceMessages = (summary: MessageSummary): MessageCounts | undefined =>
  summary.counts.find((c) => c.context === 'voice-message');

/** Options of {@link messageSummaryPackage}. */
export interface MessageSummaryPackageOptions {
  /** The current summary of the mailbox a SUBSCRIBE asks for (by its Request-URI). */
  readonly summaryFor: (subscription: NotifierSubscription) => MessageSummary | undefined;
  readonly authorize?: EventPackage['authorize'];
  readonly onSubscription?: EventPackage['onSubscription'];
  /** Default 3600 (RFC 3842 4: packages pick a default). */
  readonly defaultExpires?: number;
}

/** A notifier package for message-summary; send later changes with `sub.notify(messageSummaryBody(s))`. */
export function messageSummaryPackage(options: MessageSummaryPackageOptions): EventPackage {
  return {
    event: MESSAGE_SUMMARY_EVENT,
    accept: [SIMPLE_MESSAGE_SUMMARY_TYPE],
    defaultExpires: options.defaultExpires ?? 3600,
    ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
    ...(options.onSubscription === undefined ? {} : { onSubscription: options.onSubscription }),
    initialState: (sub) => {
      const s = options.summaryFor(sub);
      return s === undefined ? undefined : messageSummaryBody(s);
    },
  };
}

/** Subscribe options for a mailbox (RFC 3842 4: Event message-summary, Accept application/simple-message-summary). */
export function messageSummarySubscription(init: {
  readonly target: UriInput;
  readonly from: AddressInput;
  readonly expires?: number;
}): SubscribeOptions {
  return {
    event: MESSAGE_SUMMARY_EVENT,
    accept: [SIMPLE_MESSAGE_SUMMARY_TYPE],
    target: init.target,
    from: init.from,
    expires: init.expires ?? 3600,
  };
}

/** A NOTIFY body for a summary. */
export const messageSummaryBody = (summary: MessageSummary): { body: string; contentType: string } => ({
  body: formatMessageSummary(summary),
  contentType: SIMPLE_MESSAGE_SUMMARY_TYPE,
});
