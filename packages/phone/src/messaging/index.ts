/** Instant messaging: MESSAGE (RFC 3428) and is-composing (RFC 3994). */
export { formatIsComposing, IS_COMPOSING_TYPE, type IsComposing, parseIsComposing } from './is-composing.js';
export type { MessageComposingEvent, MessageReceivedEvent } from './message-events.js';
export {
  type MessagingHost,
  MessagingService,
  type SendMessageOptions,
  type SendMessageResult,
} from './messaging-service.js';
