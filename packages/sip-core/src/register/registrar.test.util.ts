/**
 * Test kit of the registration tests: a small registrar built from a
 * TransactionLayer's server transactions and the DigestVerifier, and a
 * clock that can jump to its next timer.
 */
import { DigestVerifier, type DigestVerifierOptions } from '../auth/verifier.js';
import { formatContactValue } from '../headers/index.js';
import type { ContactValue } from '../headers/types.js';
import { createResponse } from '../message/build.js';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { seededBytes } from '../testing/seeded-random.js';
import type { TimerHandle } from '../time/clock.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { Destination } from '../transport/types.js';
import { formatUri } from '../uri/index.js';
import { Registration } from './registration.js';
import type { RegistrationOptions, RegistrationState } from './types.js';

/** A VirtualClock that knows when its next timer is due, so tests can jump there. */
export class JumpClock extends VirtualClock {
  readonly #due = new Map<number, number>();

  override setTimer(ms: number, fn: () => void): TimerHandle {
    const at = this.now() + Math.max(0, ms);
    const h = super.setTimer(ms, () => {
      this.#due.delete(h.timerId);
      fn();
    });
    this.#due.set(h.timerId, at);
    return h;
  }

  override clearTimer(handle: TimerHandle): void {
    this.#due.delete(handle.timerId);
    super.clearTimer(handle);
  }

  /** Runs until `ms` of virtual time passed, letting promises settle between timers. */
  async run(ms: number): Promise<void> {
    const end = this.now() + ms;
    for (;;) {
      for (let i = 0; i < 30; i++) await Promise.resolve();
      let next = Number.POSITIVE_INFINITY;
      for (const at of this.#due.values()) if (at < next) next = at;
      if (next > end) break;
      this.advance(Math.max(0, next - this.now()));
    }
    this.advance(end - this.now());
    for (let i = 0; i < 30; i++) await Promise.resolve();
  }
}

interface Stored {
  readonly contact: ContactValue;
  readonly expiresAt: number;
}

export interface TestRegistrarOptions {
  readonly clock: VirtualClock;
  readonly auth?: Omit<DigestVerifierOptions, 'clock'>;
  readonly minExpires?: number;
  readonly maxExpires?: number;
  readonly serviceRoute?: string;
  /** Answers a request before the registrar does (return undefined to go on). */
  readonly intercept?: (tx: ServerTransaction) => SipResponse | undefined;
}

/** A registrar per RFC 3261 10.3, small but real: digest, 423, bindings with expiry, `*`. */
export class TestRegistrar {
  readonly verifier: DigestVerifier | undefined;
  readonly requests: ServerTransaction[] = [];
  readonly #o: TestRegistrarOptions;
  readonly #bindings = new Map<string, Map<string, Stored>>();

  constructor(options: TestRegistrarOptions) {
    this.#o = options;
    this.verifier =
      options.auth === undefined ? undefined : new DigestVerifier({ ...options.auth, clock: options.clock });
  }

  bindings(aor: string): ContactValue[] {
    this.#expire(aor);
    return [...(this.#bindings.get(aor)?.values() ?? [])].map((s) => s.contact);
  }

  readonly handle = (tx: ServerTransaction): void => {
    this.requests.push(tx);
    tx.respond(this.#answer(tx));
  };

  #answer(tx: ServerTransaction): SipResponse {
    const req = tx.request;
    const pre = this.#o.intercept?.(tx);
    if (pre !== undefined) return pre;
    if (req.method !== 'REGISTER') return createResponse(req, 405);
    const v = this.verifier;
    if (v !== undefined) {
      const r = v.verify(req);
      if (!r.ok) {
        const values = v.challenges(r.reason === 'stale');
        return createResponse(req, v.challengeStatus, undefined, {
          headers: values.map((value) => ({ name: v.challengeHeader, value })),
        });
      }
    }
    const to = req.to;
    if (to === undefined) return createResponse(req, 400);
    const aor = formatUri(to.uri);
    this.#expire(aor);
    const map = this.#bindings.get(aor) ?? new Map<string, Stored>();
    this.#bindings.set(aor, map);
    const contact = req.contact;
    const headerExpires = req.get('expires');
    if (contact === '*') {
      if (headerExpires !== 0) return createResponse(req, 400);
      map.clear();
    } else if (contact !== undefined) {
      for (const c of contact) {
        const asked = c.expires ?? headerExpires ?? 3600;
        const min = this.#o.minExpires;
        if (asked > 0 && min !== undefined && asked < min)
          return createResponse(req, 423, undefined, { headers: { 'Min-Expires': min } });
      }
      for (const c of contact) {
        const key = formatUri(c.uri);
        const granted = Math.min(c.expires ?? headerExpires ?? 3600, this.#o.maxExpires ?? 7200);
        if (granted === 0) map.delete(key);
        else map.set(key, { contact: c, expiresAt: this.#o.clock.now() + granted * 1000 });
      }
    }
    const now = this.#o.clock.now();
    const list = [...map.values()].map((s) =>
      formatContactValue({
        ...s.contact,
        expires: Math.round((s.expiresAt - now) / 1000),
        params: s.contact.params.some((p) => p.name === 'expires')
          ? s.contact.params
          : [...s.contact.params, { name: 'expires', value: '0' }],
      }),
    );
    const headers: { name: string; value: string }[] = list.map((value) => ({ name: 'Contact', value }));
    if (this.#o.serviceRoute !== undefined)
      headers.push({ name: 'Service-Route', value: this.#o.serviceRoute });
    return createResponse(req, 200, undefined, { headers });
  }

  #expire(aor: string): void {
    const map = this.#bindings.get(aor);
    if (map === undefined) return;
    const now = this.#o.clock.now();
    for (const [k, s] of map) if (s.expiresAt <= now) map.delete(k);
  }
}

const isRegister = (m: SipMessage): m is SipRequest => m.kind === 'request' && m.method === 'REGISTER';

export function registrationBench(
  reg: Partial<TestRegistrarOptions> = {},
  opts: Partial<RegistrationOptions> = {},
) {
  const clock = new JumpClock();
  const network = new LoopNetwork({ clock, latencyMs: 20 });
  const phone = network.endpoint('192.0.2.1', 5060);
  const server = network.endpoint('192.0.2.2', 5060);
  const phoneLayer = new TransactionLayer({ transport: phone, clock });
  const serverLayer = new TransactionLayer({ transport: server, clock });
  const registrar = new TestRegistrar({
    clock,
    auth: { realm: 'example.com', passwords: new Map([['alice', 'secret']]), random: seededBytes(99) },
    ...reg,
  });
  serverLayer.onRequest(registrar.handle);
  const toServer: Destination = { protocol: 'udp', address: '192.0.2.2', port: 5060 };
  const options: RegistrationOptions = {
    transactions: phoneLayer,
    registrar: 'sip:example.com',
    aor: 'sip:alice@example.com',
    localAddress: (p) => phone.localAddress(p),
    resolveTarget: async () => [toServer],
    credentials: { credentials: [{ username: 'alice', password: 'secret' }] },
    clock,
    random: seededBytes(7),
    ...opts,
  };
  const r = new Registration(options);
  const states: RegistrationState[] = [];
  r.stateChange.on((s) => states.push(s));
  const sent = () => network.records((x) => x.from === phone.key && isRegister(x.message));
  const registers = () => sent().map((x) => x.message as SipRequest);
  const close = (): void => {
    r.close();
    phoneLayer.close();
    serverLayer.close();
  };
  return {
    clock,
    network,
    phone,
    server,
    registrar,
    r,
    states,
    sent,
    registers,
    options,
    phoneLayer,
    serverLayer,
    close,
  };
}
