import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import {
  isRequest,
  isResponse,
  LoopNetwork,
  RecordingClientUser,
  testRequest,
  transactionPair,
  VirtualClock,
} from '../testing/index.js';
import type { TransactionLogger } from './logger.js';
import { TransactionLayer } from './transaction-layer.js';
import { DEFAULT_TIMERS } from './types.js';

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const at =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  const logger: TransactionLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { lines, logger };
}

describe('TransactionLayer', () => {
  it('takes T1/T2/T4 per instance, filling in the defaults, and refuses impossible values', () => {
    const clock = new VirtualClock();
    const transport = new LoopNetwork({ clock }).endpoint('192.0.2.9');
    expect(new TransactionLayer({ transport, clock }).timers).toEqual(DEFAULT_TIMERS);
    expect(new TransactionLayer({ transport, clock, timers: { t1: 250 } }).timers).toEqual({
      t1: 250,
      t2: 4000,
      t4: 5000,
    });
    expect(() => new TransactionLayer({ transport, clock, timers: { t1: 0 } })).toThrow(RangeError);
    expect(() => new TransactionLayer({ transport, clock, timers: { t1: 500, t2: 100 } })).toThrow(
      RangeError,
    );
  });

  it('keeps a throwing transaction user from breaking timers and delivery, and logs it', () => {
    const clock = new VirtualClock();
    const network = new LoopNetwork({ clock });
    const a = network.endpoint('192.0.2.1');
    network.endpoint('192.0.2.2');
    const { lines, logger } = recordingLogger();
    const layer = new TransactionLayer({ transport: a, clock, logger });
    network.link(a, '*').drop({ where: isRequest() });
    const thrower = {
      onResponse: () => {
        throw new Error('boom');
      },
      onFailure: () => {
        throw new Error('boom');
      },
    };
    layer.sendRequest(
      testRequest({ from: { address: '192.0.2.1', port: 5060 } }),
      { protocol: 'udp', address: '192.0.2.2', port: 5060 },
      thrower,
    );
    expect(() => clock.advance(40_000)).not.toThrow();
    expect(lines.some((l) => l.level === 'error' && l.message.includes('timerF'))).toBe(true);
    expect(layer.size.clients).toBe(0);
  });

  it('logs inputs a state ignores at debug level', () => {
    const { lines, logger } = recordingLogger();
    const clock = new VirtualClock();
    const network = new LoopNetwork({ clock });
    const alice = network.endpoint('192.0.2.1');
    const bob = network.endpoint('192.0.2.2');
    const aliceLayer = new TransactionLayer({ transport: alice, clock, logger });
    const bobLayer = new TransactionLayer({ transport: bob, clock });
    bobLayer.onRequest((tx) => {
      tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'x' }));
      tx.respond(createResponse(tx.request, 200, undefined, { toTag: 'x' }));
    });
    network.link(bob, alice).reorder({ where: isResponse(180) });
    aliceLayer.sendRequest(
      testRequest({ method: 'INVITE', from: { address: '192.0.2.1', port: 5060 } }),
      { protocol: 'udp', address: '192.0.2.2', port: 5060 },
      new RecordingClientUser(),
    );
    clock.advance(0);
    expect(lines.some((l) => l.level === 'debug' && /provisional ignored in accepted/.test(l.message))).toBe(
      true,
    );
  });

  it('on close stops every transaction without callbacks and ignores further input', () => {
    const p = transactionPair();
    p.network.link(p.alice, p.bob).drop({ where: isRequest() });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    expect(p.aliceLayer.size.clients).toBe(2);
    p.aliceLayer.close();
    p.aliceLayer.close();
    expect(p.aliceLayer.size.clients).toBe(0);
    expect(p.clock.pending).toBe(0);
    p.clock.advance(100_000);
    expect(user.failures).toEqual([]);
    expect(user.terminated).toBe(false);
    expect(p.sendTimes(p.alice, isRequest())).toEqual([0, 0]);
    return expect(
      p.aliceLayer.sendStateless(p.aliceRequest({ method: 'ACK' }), p.toBob),
    ).rejects.toMatchObject({
      code: 'closed',
    });
  });

  it('sends stateless requests (ACK for 2xx) straight to the transport', async () => {
    const p = transactionPair();
    await p.aliceLayer.sendStateless(p.aliceRequest({ method: 'ACK' }), p.toBob);
    p.clock.advance(0);
    expect(p.bobCore.strayAcks).toHaveLength(1);
    expect(p.aliceLayer.size.clients).toBe(0);
  });
});

describe('TransactionLayer and a failing core', () => {
  it('answers 500 when the request listener throws before answering', () => {
    const p = transactionPair();
    p.bobLayer.onRequest(() => {
      throw new Error('core bug');
    });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.clock.advance(0);
    expect(user.statuses).toEqual([500]);
    p.clock.advance(40_000);
    expect(p.bobLayer.size.servers).toBe(0);
  });
});
