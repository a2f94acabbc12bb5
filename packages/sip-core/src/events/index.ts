/**
 * Events and transfer building blocks: the SUBSCRIBE/NOTIFY framework
 * (RFC 6665) with event packages as plug-ins, message-summary (RFC 3842),
 * REFER with its implicit subscription and sipfrag NOTIFYs (RFC 3515,
 * RFC 3420), Referred-By (RFC 3892), Replaces (RFC 3891) and norefersub
 * (RFC 4488).
 */
export {
  type EventsContext,
  EventsError,
  type EventsErrorCode,
  type EventsLogger,
  silentEventsLogger,
} from './context.js';
export {
  EventAgent,
  type EventAgentDelegate,
  type EventAgentOptions,
  type UaCoreHooks,
  type UnsolicitedNotify,
} from './event-agent.js';
export {
  checkRefer,
  IncomingRefer,
  type IncomingReferInit,
  type IncomingReferOptions,
  type ReferCheck,
  type ReferResponder,
} from './incoming-refer.js';
export {
  type AddressInput,
  type InitialRequestInit,
  initialRequest,
  type UriInput,
} from './initial-request.js';
export { type AuthorizeDecision, EventNotifier, type EventPackage } from './notifier.js';
export {
  dialogChannel,
  type EventBody,
  type NotifierEnd,
  type NotifierState,
  NotifierSubscription,
  type NotifierSubscriptionInit,
  type NotifyChannel,
  type RefreshResponder,
} from './notifier-subscription.js';
export {
  formatMessageSummary,
  MESSAGE_SUMMARY_EVENT,
  type MessageCounts,
  type MessageSummary,
  type MessageSummaryPackageOptions,
  messageSummaryBody,
  messageSummaryPackage,
  messageSummarySubscription,
  parseMessageSummary,
  SIMPLE_MESSAGE_SUMMARY_TYPE,
  voiceMessages,
} from './packages/message-summary.js';
export {
  formatSipfragStatus,
  parseSipfragStatus,
  SIPFRAG_TYPE,
  type SipfragStatus,
} from './packages/sipfrag.js';
export { type ReferDestination, type ReferOptions, type ReferOutcome, Referral } from './referral.js';
export {
  type FindReplacedOptions,
  findReplacedDialog,
  findReplacedSession,
  isEventDialog,
  matchReplaces,
  type ReplaceableSession,
  type ReplaceableState,
  type ReplacesMatch,
  referToWithReplaces,
  replacesFor,
  replacesForDialog,
  replacesHeader,
} from './replaces.js';
export {
  type Exchange as EventsExchange,
  type SendOptions as EventsSendOptions,
  sendRequest as sendEventsRequest,
} from './send-request.js';
export { SUBSCRIBER_TABLE, type SubscriberInput, type SubscriberState } from './subscriber-table.js';
export { Subscription } from './subscription.js';
export {
  RetryBudget,
  refreshDelayMs,
  resubscribeDelayMs,
  type SubscriptionEnd,
} from './subscription-end.js';
export {
  type SubscribeOptions,
  type SubscriberHost,
  type SubscriptionKind,
  type SubscriptionNotify,
  subscribeHeaders,
} from './subscription-types.js';
