import { describe, expect, it } from 'vitest';
import { errorCodeAttribute, unknownAttributesAttribute, xorMappedAddressAttribute } from './attributes.js';
import { StunClient } from './client.js';
import { StunMethod } from './constants.js';
import { decodeStun, encodeStun } from './message.js';
import { answerBindingRequest } from './server-response.js';
import { ManualClock, RecordingSocket } from './test-support.test.util.js';

const server = { address: '198.51.100.7', port: 3478 };

function setup(options: { rto?: number; rc?: number; rm?: number } = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  let n = 0;
  const client = new StunClient({
    socket,
    clock,
    random: (k) => Uint8Array.from({ length: k }, () => ++n),
    ...options,
  });
  return { clock, socket, client };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('StunClient', () => {
  it('retransmits at 0, 500, 1500, 3500, 7500, 15500, 31500 ms and times out at 39500 (RFC 5389 7.2.1)', async () => {
    const { clock, socket, client } = setup();
    let result: Awaited<ReturnType<StunClient['bind']>> | undefined;
    void client.bind(server).then((r) => {
      result = r;
    });
    clock.advance(39_499);
    await flush();
    expect(socket.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(result).toBeUndefined();
    clock.advance(1);
    await flush();
    expect(result).toMatchObject({ ok: false, code: 'timeout', requests: 7 });
    // Every retransmission is the same request, with FINGERPRINT.
    const first = decodeStun(socket.sent[0]!.data);
    expect(first.ok && first.value.fingerprinted).toBe(true);
    for (const s of socket.sent) expect(Array.from(s.data)).toEqual(Array.from(socket.sent[0]!.data));
    expect(client.pendingCount).toBe(0);
  });

  it('follows configured Rc, Rm and RTO', async () => {
    const { clock, socket, client } = setup({ rto: 100, rc: 3, rm: 4 });
    const p = client.bind(server);
    clock.advance(699);
    expect(socket.sent.map((s) => s.at)).toEqual([0, 100, 300]);
    clock.advance(1);
    expect(await p).toMatchObject({ ok: false, code: 'timeout', requests: 3 });
  });

  it('resolves with XOR-MAPPED-ADDRESS of the answer to a retransmission', async () => {
    const { clock, socket, client } = setup();
    const p = client.bind(server);
    clock.advance(600);
    const req = socket.sent[1]!;
    // A response from the server's own answer function, for our public address.
    const answer = answerBindingRequest(req.data, { address: '203.0.113.9', port: 61000 })!;
    socket.deliver(answer, server);
    const r = await p;
    expect(r).toMatchObject({
      ok: true,
      mapped: { family: 'IPv4', address: '203.0.113.9', port: 61000 },
      requests: 2,
    });
    if (r.ok) expect(r.rttMs).toBe(600);
    clock.advance(60_000);
    expect(socket.sent).toHaveLength(2); // no more retransmissions
  });

  it('ignores garbage, other transactions, requests and responses with a wrong FINGERPRINT', async () => {
    const { clock, socket, client } = setup();
    const p = client.bind(server);
    const req = decodeStun(socket.sent[0]!.data);
    if (!req.ok) throw new Error('no request');
    const tid = req.value.transactionId;
    socket.deliver(new TextEncoder().encode('SIP/2.0 200 OK\r\n\r\n'), server);
    socket.deliver(Uint8Array.from([0x80, 0, 0, 0]), server);
    const other = new Uint8Array(12).fill(0xee);
    socket.deliver(
      encodeStun({
        method: 1,
        class: 'success',
        transactionId: other,
        attributes: [xorMappedAddressAttribute({ address: '1.1.1.1', port: 1 }, other)],
      }),
      server,
    );
    socket.deliver(socket.sent[0]!.data, server); // our own request looped back
    const good = encodeStun({
      method: 1,
      class: 'success',
      transactionId: tid,
      attributes: [xorMappedAddressAttribute({ address: '192.0.2.50', port: 5062 }, tid)],
      fingerprint: true,
    });
    const corrupt = good.slice();
    corrupt[good.length - 1]! ^= 0xff;
    expect(client.receive(corrupt, server)).toBe(false);
    expect(client.pendingCount).toBe(1);
    clock.advance(10);
    expect(client.receive(good, server)).toBe(true);
    expect(await p).toMatchObject({ ok: true, mapped: { address: '192.0.2.50', port: 5062 } });
  });

  it('reports an error response with its code', async () => {
    const { socket, client } = setup();
    const p = client.bind(server);
    const tid = socket.sent[0]!.data.subarray(8, 20);
    socket.deliver(
      encodeStun({
        method: StunMethod.binding,
        class: 'error',
        transactionId: tid,
        attributes: [errorCodeAttribute(400, 'Bad Request')],
      }),
      server,
    );
    expect(await p).toMatchObject({
      ok: false,
      code: 'error-response',
      status: 400,
      message: '400 Bad Request',
    });
  });

  it('fails a success with an unknown comprehension-required attribute (RFC 5389 7.3.3) or no address', async () => {
    const { socket, client } = setup();
    const p = client.bind(server);
    const tid = socket.sent[0]!.data.subarray(8, 20);
    socket.deliver(
      encodeStun({
        method: 1,
        class: 'success',
        transactionId: tid,
        attributes: [
          xorMappedAddressAttribute({ address: '1.2.3.4', port: 5 }, tid),
          { type: 0x0024, value: new Uint8Array(4) },
        ],
      }),
      server,
    );
    expect(await p).toMatchObject({ ok: false, code: 'bad-response' });
    const q = client.bind(server);
    const tid2 = socket.sent[1]!.data.subarray(8, 20);
    socket.deliver(encodeStun({ method: 1, class: 'success', transactionId: tid2 }), server);
    expect(await q).toMatchObject({ ok: false, code: 'bad-response', message: 'no (XOR-)MAPPED-ADDRESS' });
  });

  it('send failure, abort and close end transactions without throwing', async () => {
    const { socket, client } = setup();
    socket.failNext = true;
    expect(await client.bind(server)).toMatchObject({ ok: false, code: 'send-failed' });
    const ac = new AbortController();
    const a = client.bind(server, ac.signal);
    ac.abort();
    expect(await a).toMatchObject({ ok: false, code: 'closed' });
    const b = client.bind(server);
    client.close();
    expect(await b).toMatchObject({ ok: false, code: 'closed' });
    expect(socket.listenerCount).toBe(0);
    expect(await client.bind(server)).toMatchObject({ ok: false, code: 'closed', requests: 0 });
  });
});

describe('RTO cache (RFC 5389 7.2.1, RFC 2988)', () => {
  it('starts the next transaction to a server with the RTO learned from the last one, for 10 minutes', async () => {
    const { clock, socket, client } = setup();
    const answerAfter = async (ms: number) => {
      const p = client.bind(server);
      clock.advance(ms);
      const req = socket.sent.at(-1)!;
      socket.deliver(answerBindingRequest(req.data, { address: '203.0.113.9', port: 1 })!, server);
      return p;
    };
    expect(client.rtoFor(server)).toBe(500);
    await answerAfter(40); // srtt 40, rttvar 20: RTO 120
    expect(client.rtoFor(server)).toBe(120);
    await answerAfter(40); // rttvar 15, srtt 40: RTO 100
    expect(client.rtoFor(server)).toBe(100);
    expect(client.rtoFor({ address: '198.51.100.8', port: 3478 })).toBe(500);
    // The next request is retransmitted after the cached RTO, not 500 ms.
    const before = socket.sent.length;
    const p = client.bind(server);
    clock.advance(100);
    expect(socket.sent.length - before).toBe(2);
    // Answered after a retransmission: no sample (Karn), the backed-off RTO is kept.
    socket.deliver(
      answerBindingRequest(socket.sent.at(-1)!.data, { address: '203.0.113.9', port: 1 })!,
      server,
    );
    expect(await p).toMatchObject({ ok: true, requests: 2 });
    expect(client.rtoFor(server)).toBe(200);
    clock.advance(10 * 60_000 + 1);
    expect(client.rtoFor(server)).toBe(500);
  });
});

describe('answerBindingRequest', () => {
  it('answers 420 with UNKNOWN-ATTRIBUTES for an unknown comprehension-required attribute', () => {
    const tid = new Uint8Array(12).fill(7);
    const req = encodeStun({
      method: 1,
      class: 'request',
      transactionId: tid,
      attributes: [{ type: 0x0024, value: new Uint8Array(4) }],
    });
    const r = decodeStun(answerBindingRequest(req, server)!);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.class).toBe('error');
    expect(r.value.attributes.map((a) => a.type)).toEqual([0x0009, 0x000a]);
    expect(Array.from(r.value.attributes[1]!.value)).toEqual(
      Array.from(unknownAttributesAttribute([0x24]).value),
    );
  });

  it('answers nothing to what is not a Binding request', () => {
    expect(answerBindingRequest(new Uint8Array(20), server)).toBeUndefined();
    const tid = new Uint8Array(12);
    expect(
      answerBindingRequest(encodeStun({ method: 1, class: 'success', transactionId: tid }), server),
    ).toBeUndefined();
  });
});
