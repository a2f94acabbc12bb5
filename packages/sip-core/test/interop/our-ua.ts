/**
 * Our UA for call tests against sipp and kamailio: the transport and
 * transaction layers of our-stack.ts plus the session layer, answering
 * incoming INVITEs automatically when asked.
 */
import type { TestCertificate } from './harness/index.js';
import { type OurStack, startOurStack } from './our-stack.js';
import { LoopbackSdpHandler } from './sdp-handler.js';
import {
  AuthSession,
  type Clock,
  type DigestCredential,
  type InviteClientSession,
  type InviteServerSession,
  type NameAddr,
  type ReliableProvisionalMode,
  SessionLayer,
  type SessionTimerOptions,
} from './stack.js';

export interface OurUaOptions {
  /** User part of our Contact and AOR. */
  readonly user: string;
  /** Host of our AOR (From); default 127.0.0.1. */
  readonly domain?: string;
  readonly credentials?: readonly DigestCredential[];
  readonly reliableProvisional?: ReliableProvisionalMode;
  readonly sessionTimer?: SessionTimerOptions;
  /** The session layer's clock (the transport and transactions keep real time). */
  readonly sessionClock?: Clock;
  /** Answer every incoming INVITE with 180 then 200. */
  readonly autoAnswer?: boolean;
  readonly certificate?: TestCertificate;
  /** Loopback address: 127.0.0.1 (default) or ::1. */
  readonly host?: '127.0.0.1' | '::1';
}

export interface OurUa {
  readonly stack: OurStack;
  readonly sessions: SessionLayer;
  readonly auth: AuthSession | undefined;
  readonly uri: string;
  /** Incoming sessions in arrival order. */
  readonly incoming: InviteServerSession[];
  /** Starts a call: the session and its SDP handler. */
  call(
    target: string,
    options?: { headers?: readonly (readonly [string, string])[]; routeSet?: readonly NameAddr[] },
  ): {
    session: InviteClientSession;
    handler: LoopbackSdpHandler;
  };
  close(): Promise<void>;
}

/** A wall clock running `factor` times faster: for RFC 4028 refreshes (45 s at the 90 s minimum). */
export function fastClock(factor: number): Clock {
  return {
    now: () => performance.now() * factor,
    setTimer(ms, fn) {
      const t = setTimeout(fn, Math.max(0, ms / factor));
      t.unref?.();
      return { timerId: Number(t[Symbol.toPrimitive]()) };
    },
    clearTimer(handle) {
      clearTimeout(handle.timerId);
    },
  };
}

export async function startOurUa(options: OurUaOptions): Promise<OurUa> {
  const stack = await startOurStack({
    ...(options.certificate ? { certificate: options.certificate } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  const auth = options.credentials
    ? new AuthSession({ store: { credentials: options.credentials } })
    : undefined;
  const handlers: LoopbackSdpHandler[] = [];
  const sessions = new SessionLayer({
    transactions: stack.transactions,
    transport: stack.transport,
    contactUser: options.user,
    handlerFactory: () => {
      const h = new LoopbackSdpHandler(40000, stack.host);
      handlers.push(h);
      return h;
    },
    resolve: async (uri) => {
      const [first] = await stack.locate(uri);
      if (first === undefined) throw new Error('no destination');
      return first;
    },
    ...(auth ? { auth } : {}),
    ...(options.reliableProvisional ? { reliableProvisional: options.reliableProvisional } : {}),
    ...(options.sessionTimer ? { sessionTimer: options.sessionTimer } : {}),
    ...(options.sessionClock ? { clock: options.sessionClock } : {}),
  });
  const off = sessions.listen();
  const incoming: InviteServerSession[] = [];
  sessions.incoming.on((s) => {
    incoming.push(s);
    if (options.autoAnswer) {
      void s
        .progress()
        .then(() => s.accept())
        .catch(() => {});
    }
  });
  const uri = `sip:${options.user}@${options.domain ?? (stack.host === '::1' ? '[::1]' : '127.0.0.1')}`;
  return {
    stack,
    sessions,
    auth,
    uri,
    incoming,
    call(target, callOptions = {}) {
      const handler = new LoopbackSdpHandler(40000, stack.host);
      const session = sessions.invite({ handler, target, from: `<${uri}>`, ...callOptions });
      return { session, handler };
    },
    async close() {
      off();
      await stack.close();
    },
  };
}
