import type { RegistrationFailure } from './types.js';

/** A registration request that failed (fetchBindings); `failure` says why. */
export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
  readonly code: RegistrationFailure['kind'];
  constructor(readonly failure: RegistrationFailure) {
    super(
      failure.kind === 'status'
        ? `REGISTER failed: ${failure.status} ${failure.phrase}`
        : `REGISTER failed: ${failure.kind}${failure.kind === 'auth' ? ` (${failure.code})` : ''}`,
    );
    this.code = failure.kind;
  }
}
