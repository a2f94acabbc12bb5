/**
 * Test fixture: user agents with an EventAgent each, joined by a loop
 * network in virtual time (a TransactionLayer, a DialogRegistry and a
 * resolver that maps host names to loop endpoints).
 */

import type { AuthSession } from '../auth/auth-session.js';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { parseNameAddr } from '../headers/name-addr.js';
import type { SipMessage } from '../message/sip-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import type { LoopTransport } from '../testing/loop-transport.js';
import { seededBytes } from '../testing/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Destination } from '../transport/types.js';
import { isSipUri } from '../uri/format.js';
import type { EventsContext } from './context.js';
import { EventAgent, type EventAgentOptions } from './event-agent.js';

export interface TestUa {
  readonly name: string;
  readonly host: string;
  readonly transport: LoopTransport;
  readonly layer: TransactionLayer;
  readonly dialogs: DialogRegistry;
  readonly ctx: EventsContext;
  readonly agent: EventAgent;
  readonly aor: string;
}

export interface Net {
  readonly clock: VirtualClock;
  readonly network: LoopNetwork;
  ua(
    name: string,
    address: string,
    options?: EventAgentOptions & { auth?: AuthSession; detached?: boolean },
  ): TestUa;
  /** Advances virtual time in steps, letting promises settle between them. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Requests of `method` sent by `from` so far. */
  sent(from: TestUa, match: (m: SipMessage) => boolean): SipMessage[];
  close(): void;
}

export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

export function makeNet(seed = 1): Net {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock, seed, latencyMs: 10 });
  const hosts = new Map<string, Destination>();
  const uas: TestUa[] = [];
  let n = 0;
  return {
    clock,
    network,
    ua(name, address, options = {}) {
      const transport = network.endpoint(address, 5060);
      const layer = new TransactionLayer({ transport, clock });
      const dialogs = new DialogRegistry();
      const host = `${name}.test`;
      hosts.set(host, { protocol: 'udp', address, port: 5060 });
      hosts.set(address, { protocol: 'udp', address, port: 5060 });
      const contact = parseNameAddr(`<sip:${name}@${address}:5060>`);
      if (!contact.ok) throw new Error('contact');
      n++;
      const ctx: EventsContext = {
        transactions: layer,
        clock,
        dialogs,
        dialogContext: {
          localContact: contact.value,
          localAddress: (protocol) => transport.localAddress(protocol),
          random: seededBytes(seed * 100 + n),
        },
        random: seededBytes(seed * 1000 + n),
        resolve: async (uri) => {
          const d = isSipUri(uri) ? hosts.get(uri.host) : undefined;
          return d === undefined ? [] : [d];
        },
        ...(options.auth === undefined ? {} : { auth: options.auth }),
      };
      const agent = new EventAgent(ctx, options);
      if (options.detached !== true) agent.attach();
      const ua = { name, host, transport, layer, dialogs, ctx, agent, aor: `sip:${name}@${host}` };
      uas.push(ua);
      return ua;
    },
    async run(ms, stepMs = 10) {
      const end = clock.now() + ms;
      await flush();
      while (clock.now() < end) {
        clock.advance(Math.min(stepMs, end - clock.now()));
        await flush();
      }
    },
    sent(from, match) {
      return network
        .records((r) => r.from === from.transport.key && r.outcome === 'sent' && match(r.message))
        .map((r) => r.message);
    },
    close() {
      for (const u of uas) {
        u.layer.close();
        void u.transport.close();
      }
    },
  };
}

/** A predicate for requests of one method. */
export const request =
  (method: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'request' && (m as { method?: string }).method === method;
/** A predicate for responses with a status to requests of one method. */
export const response =
  (method: string, status?: number) =>
  (m: SipMessage): boolean =>
    m.kind === 'response' &&
    m.cseq?.method === method &&
    (status === undefined || (m as { status?: number }).status === status);
