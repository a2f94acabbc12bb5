/**
 * Registration client (RFC 3261 section 10, RFC 5626, RFC 3608).
 */

export { RegistrationError } from './errors.js';
export { RegistrationManager } from './manager.js';
export { Registration } from './registration.js';
export { refreshDelaySeconds, retryDelaySeconds } from './timing.js';
export type {
  Binding,
  RegistrationFailure,
  RegistrationOptions,
  RegistrationState,
  RegistrationStateName,
  ResolveTarget,
} from './types.js';
