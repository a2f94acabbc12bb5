/** The UA core (RFC 3261 section 8.2, 12.2.2) and the UserAgent facade. */

export { asNameAddr, asUri } from './addresses.js';
export {
  type CoreRejection,
  type CoreRuleContext,
  checkRequest,
  KNOWN_METHODS,
} from './core-rules.js';
export { delegateMethods, handlerFor, type RequestHandler, type UaDelegate } from './delegate.js';
export { UserAgentError, type UserAgentErrorCode } from './errors.js';
export { silentUaLogger, type UaLogger } from './logger.js';
export { LoopDetector } from './loop-detector.js';
export {
  type OutOfDialogContext,
  type OutOfDialogRequest,
  sendOutOfDialog,
} from './out-of-dialog.js';
export { type DialogRouter, type OptionsBody, UaCore, type UaCoreOptions } from './ua-core.js';
export { createUserAgent, UserAgent } from './user-agent.js';
export type { CallOptions, RequestOptions, UserAgentOptions } from './user-agent-options.js';
