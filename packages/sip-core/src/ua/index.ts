/** The UA core (RFC 3261 section 8.2, 12.2.2) and the UserAgent facade. */
export {
  type CoreRejection,
  type CoreRuleContext,
  checkRequest,
  KNOWN_METHODS,
} from './core-rules.js';
export { delegateMethods, handlerFor, type RequestHandler, type UaDelegate } from './delegate.js';
export { silentUaLogger, type UaLogger } from './logger.js';
export { LoopDetector } from './loop-detector.js';
export { type OptionsBody, UaCore, type UaCoreOptions } from './ua-core.js';
