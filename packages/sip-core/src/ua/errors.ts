/** Errors of the UserAgent facade. */
export type UserAgentErrorCode =
  /** The target or an option is not a usable URI or address. */
  | 'bad-argument'
  /** The next hop resolved to no destination (RFC 3263). */
  | 'no-destination'
  /** No final response from any destination (Timer B/F: RFC 3261 17.1.1.2, 17.1.2.2). */
  | 'timeout'
  /** Every destination failed at the transport (RFC 3261 8.1.3.1). */
  | 'transport'
  /** The user agent was closed. */
  | 'closed';

export class UserAgentError extends Error {
  override readonly name = 'UserAgentError';
  constructor(
    readonly code: UserAgentErrorCode,
    message: string,
  ) {
    super(message);
  }
}
