/**
 * @twinkle/sip-core: SIP messages (RFC 3261 sections 7, 20, 25), URIs
 * (RFC 3261 section 19.1, RFC 3966) and typed header values.
 */

export * from './auth/index.js';
export * from './dialog/index.js';
export * from './events/index.js';
export type { ParseError, Result } from './grammar/result.js';
export * from './headers/index.js';
export type { FieldInit, HeadersInit } from './message/assemble.js';
export {
  createRequest,
  createResponse,
  type RequestInit,
  type ResponseOptions,
  randomTag,
} from './message/build.js';
export { withAddedHeader, withBody, withHeader, withoutHeader } from './message/copies.js';
export type { MessageError, MessageErrorCode } from './message/errors.js';
export { COMPACT_FORMS, canonicalHeaderName, headerKey } from './message/header-names.js';
export { type BodyPart, multipartBoundary, parseMultipart } from './message/multipart.js';
export {
  DEFAULT_MAX_MESSAGE_SIZE,
  type ParseMessageResult,
  type ParseOptions,
  parseMessage,
  type TransportKind,
} from './message/parse-message.js';
export { reasonPhrase } from './message/reason-phrases.js';
export { type HeaderField, type SipMessage, SipRequest, SipResponse } from './message/sip-message.js';
export { isSipVersion } from './message/start-line.js';
export { SipStreamParser, type StreamEvent, type StreamParserOptions } from './message/stream-parser.js';
export { isTypedHeader, type TypedHeaderKey, type TypedHeaders } from './message/typed-headers.js';
export {
  type RequestValidation,
  type ResponseValidation,
  validateMessage,
  validateRequest,
  validateResponse,
  versionSupported,
} from './message/validate.js';
export * from './register/index.js';
export * from './resolve/index.js';
export * from './session/index.js';
export * from './time/clock.js';
export * from './transaction/index.js';
export * from './transport/index.js';
export * from './ua/index.js';
export * from './uri/index.js';
export { Emitter } from './util/emitter.js';
