/**
 * The usage example of INVITE sessions: two user agents on the in-memory
 * loop network, a call with ringing, an answer, a hold re-INVITE and a BYE.
 */
import { expect, it } from 'vitest';
import { LoopNetwork } from '../testing/loop-network.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { type Body, type SessionDescriptionHandler, SessionLayer } from './index.js';
import { SteppingClock } from './session-harness.test.util.js';

/** A media seam; a real one would use @twinkle/sdp. */
class Sdp implements SessionDescriptionHandler {
  constructor(private readonly direction: string) {}
  #sdp = (): Body => ({
    contentType: 'application/sdp',
    body: new TextEncoder().encode(`a=${this.direction}\r\n`),
  });
  async getOffer() {
    return this.#sdp();
  }
  async getAnswer() {
    return this.#sdp();
  }
  async setAnswer() {}
}

it('places, holds and hangs up a call', async () => {
  const clock = new SteppingClock();
  const network = new LoopNetwork({ clock });
  const stack = (address: string, user: string) => {
    const transport = network.endpoint(address, 5060);
    const transactions = new TransactionLayer({ transport, clock });
    const sessions = new SessionLayer({
      transactions,
      transport,
      clock,
      contactUser: user,
      handlerFactory: () => new Sdp('sendrecv'),
      resolve: async () => ({
        protocol: 'udp',
        address: address === '192.0.2.1' ? '192.0.2.2' : '192.0.2.1',
        port: 5060,
      }),
    });
    sessions.listen();
    return { transactions, sessions };
  };
  const alice = stack('192.0.2.1', 'alice');
  const bob = stack('192.0.2.2', 'bob');

  // bob rings for a second, then answers
  bob.sessions.incoming.on(async (call) => {
    await call.progress({ status: 180 });
    clock.setTimer(1000, () => void call.accept());
  });

  const call = alice.sessions.invite({
    handler: new Sdp('sendrecv'),
    target: 'sip:bob@192.0.2.2',
    from: '"Alice" <sip:alice@192.0.2.1>',
  });
  const states: string[] = [];
  call.stateChange.on((e) => states.push(e.state));
  await clock.until(call.invite());
  await clock.until(
    call.reinvite({
      body: { contentType: 'application/sdp', body: new TextEncoder().encode('a=sendonly\r\n') },
    }),
  );
  await clock.until(call.bye());

  expect(states).toEqual(['early', 'established', 'terminated']);
  expect(call.reason).toMatchObject({ cause: 'bye', by: 'local' });
  alice.transactions.close();
  bob.transactions.close();
});
