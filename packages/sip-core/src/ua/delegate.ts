/**
 * The application's side of the UA core: one handler per method for requests
 * outside a dialog (SIP.js's UserAgentCoreDelegate, sipgo's OnInvite...).
 * A handler owns the server transaction: it must answer it.
 */
import type { ServerTransaction } from '../transaction/types.js';

export type RequestHandler = (tx: ServerTransaction) => void;

export interface UaDelegate {
  readonly onInvite?: RequestHandler;
  readonly onMessage?: RequestHandler;
  readonly onSubscribe?: RequestHandler;
  readonly onNotify?: RequestHandler;
  readonly onRefer?: RequestHandler;
  /** Without it the core answers OPTIONS with its capabilities (RFC 3261 11.2). */
  readonly onOptions?: RequestHandler;
  readonly onInfo?: RequestHandler;
  readonly onBye?: RequestHandler;
  readonly onUpdate?: RequestHandler;
  readonly onPrack?: RequestHandler;
  readonly onPublish?: RequestHandler;
  /** A registrar; without it REGISTER gets 405 (RFC 4475 3.3.7 for a non-registrar endpoint). */
  readonly onRegister?: RequestHandler;
  /** Any other method (an extension); without it such methods get 501. */
  readonly onOtherRequest?: RequestHandler;
}

const HANDLER_OF: Readonly<Record<string, keyof UaDelegate>> = {
  INVITE: 'onInvite',
  MESSAGE: 'onMessage',
  SUBSCRIBE: 'onSubscribe',
  NOTIFY: 'onNotify',
  REFER: 'onRefer',
  OPTIONS: 'onOptions',
  INFO: 'onInfo',
  BYE: 'onBye',
  UPDATE: 'onUpdate',
  PRACK: 'onPrack',
  PUBLISH: 'onPublish',
  REGISTER: 'onRegister',
};

/** The delegate's handler for a method, if any. */
export function handlerFor(delegate: UaDelegate, method: string): RequestHandler | undefined {
  const key = HANDLER_OF[method];
  if (key !== undefined) return delegate[key];
  return delegate.onOtherRequest;
}

/** Methods a delegate handles (known methods only; extensions are listed by the core's options). */
export function delegateMethods(delegate: UaDelegate): string[] {
  return Object.entries(HANDLER_OF)
    .filter(([, key]) => delegate[key] !== undefined)
    .map(([method]) => method);
}
