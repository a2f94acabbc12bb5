/**
 * A stateless forking proxy for tests (RFC 3261 16.11): an INVITE from
 * outside is sent to every target with our Via on top; responses lose it
 * and go back where the request came from. No Record-Route, so the
 * dialogs then run end to end.
 */
import { withHeader } from '../message/copies.js';
import type { SipRequest } from '../message/sip-message.js';
import type { LoopNetwork } from '../testing/loop-network.js';
import type { LoopTransport } from '../testing/loop-transport.js';
import type { Source } from '../transport/types.js';

export function forkingProxy(
  network: LoopNetwork,
  address: string,
  targets: readonly string[],
): LoopTransport {
  const t = network.endpoint(address, 5060);
  const sources = new Map<string, Source>();
  t.onMessage(({ message, source }) => {
    if (message.kind === 'request') {
      const branch = message.via?.[0]?.branch ?? 'none';
      sources.set(branch, source);
      targets.forEach((target, i) => {
        const via = `SIP/2.0/UDP ${address}:5060;branch=z9hG4bK-fork${i}-${branch}`;
        const out = withHeader(message, 'Via', [via, ...message.headers('via')]) as SipRequest;
        void t.sendRequest(out, { protocol: 'udp', address: target, port: 5060 }).catch(() => {});
      });
    } else {
      const vias = message.headers('via');
      const below = message.via?.[1]?.branch ?? 'none';
      const source = sources.get(below);
      if (source === undefined) return;
      void t.sendResponse(withHeader(message, 'Via', vias.slice(1)), source).catch(() => {});
    }
  });
  return t;
}
