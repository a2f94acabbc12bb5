/**
 * Mutated torture messages through the loop network, a real transaction
 * layer and the UA core: nothing escapes as an exception, every request
 * that reaches the core is answered with a final response (INVITE answers
 * are retransmitted, as nobody ACKs them, so they are counted once per
 * transaction).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../message/parse-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { seededRandom } from '../testing/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { rewriteToLoopback } from './loopback-rewrite.test-util.js';
import { UaCore } from './ua-core.js';

const SEEDS = ['wsinv.dat', 'esc01.dat', 'bext01.dat', 'invut.dat', 'sdp01.dat', 'mpart01.dat', 'zeromf.dat'];
const PIECES = [
  '\r\n',
  ';tag=',
  ',',
  '<',
  '>',
  '"',
  ':',
  ' ',
  'sip:',
  '%',
  '\u0000',
  'Require: x\r\n',
  'To: a;tag=1\r\n',
];

describe('UA core robustness', () => {
  it('500 mutated requests: no exception escapes, each request reaching the core gets a final answer', async () => {
    const random = seededRandom(7);
    const clock = new VirtualClock();
    const net = new LoopNetwork({ clock });
    const peer = net.endpoint('127.0.0.1', 5060);
    const transactions = new TransactionLayer({ transport: net.endpoint('127.0.0.1', 5080), clock });
    const core = new UaCore({
      transactions,
      clock,
      delegate: {
        onInvite: (tx) => tx.respond(core.response(tx.request, 486)),
        onMessage: (tx) => tx.respond(core.response(tx.request, 200)),
      },
    });
    const seen = new Map<string, number>();
    transactions.onRequest((tx) => seen.set(tx.id, 0));
    const finals = new Map<string, number>();
    peer.onMessage((m) => {
      if (m.message.kind !== 'response' || m.message.status < 200) return;
      const key = `${m.message.callId} ${m.message.cseq?.seq} ${m.message.via?.[0]?.branch}`;
      finals.set(key, (finals.get(key) ?? 0) + 1);
    });
    const texts = SEEDS.map((f) =>
      Buffer.from(
        rewriteToLoopback(
          new Uint8Array(readFileSync(new URL(`../../fixtures/rfc4475/${f}`, import.meta.url))),
        ),
      ).toString('latin1'),
    );
    let sent = 0;
    for (let i = 0; i < 500; i++) {
      let text = texts[Math.floor(random() * texts.length)]!;
      const headEnd = text.indexOf('\r\n\r\n');
      for (let k = 0; k < 3; k++) {
        const at = 1 + Math.floor(random() * (headEnd - 1));
        const piece = PIECES[Math.floor(random() * PIECES.length)]!;
        text =
          random() < 0.5
            ? text.slice(0, at) + piece + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
      }
      // A fresh branch and Call-ID per message, so every one is a new transaction.
      text = text
        .replace(/branch=[^;\s,]*/i, `branch=z9hG4bKfz${i}`)
        .replace(/^(Call-ID|i)\s*:.*$/im, `Call-ID: fuzz-${i}`);
      // A lone CR or LF inside a header value parses, but the loop network cannot re-stamp such a
      // request (the socket transport hands it up unchanged): keep those out of this run.
      if (/\r(?!\n)|(?<!\r)\n/.test(text.slice(0, text.indexOf('\r\n\r\n')))) continue;
      const r = parseMessage(Buffer.from(text, 'latin1'));
      if (!r.ok || r.message.kind !== 'request') continue;
      sent++;
      await peer
        .sendRequest(r.message, { protocol: 'udp', address: '127.0.0.1', port: 5080 })
        .catch(() => {});
      clock.advance(5);
    }
    clock.advance(100);
    expect(sent).toBeGreaterThan(100);
    expect(seen.size).toBeGreaterThan(50);
    expect(finals.size).toBe(seen.size);
    core.close();
    transactions.close();
  });
});
