/**
 * INVITE sessions (RFC 3261 sections 13 to 15, RFC 3262, RFC 3311,
 * RFC 4028): callers and callees, offer/answer behind an application seam,
 * early dialogs and forking, PRACK, UPDATE, re-INVITE with glare handling,
 * session timers, CANCEL and BYE.
 */
export type { DialogOwner, SessionContext, SessionTimerSettings } from './context.js';
export { SessionError, type SessionErrorCode } from './errors.js';
export { cryptoSessionRandom, type SessionRandom } from './ids.js';
export { InviteClientSession, type InviteOptions } from './invite-client-session.js';
export {
  type AcceptOptions,
  InviteServerSession,
  type ProgressOptions,
  type RejectOptions,
} from './invite-server-session.js';
export {
  OFFER_ANSWER_TABLE,
  OfferAnswer,
  type OfferAnswerInput,
  type OfferAnswerState,
} from './offer-answer.js';
export { glareRetryDelay } from './retransmit.js';
export { Session } from './session.js';
export { SESSION_STATE_TABLE, SessionBase } from './session-base.js';
export { SessionDialog, type SessionDialogState } from './session-dialog.js';
export { SessionLayer, type SessionLayerOptions } from './session-layer.js';
export { MIN_SESSION_EXPIRES, type SessionTimerAgreement } from './session-timer.js';
export * from './types.js';
