/**
 * Call waiting on either line (Twinkle's two lines are equal): while Alice talks on line 2,
 * a new call waits on line 1 with the beep; answering it holds line 2, `line 2` switches back
 * and holds line 1, and hanging up the waiting caller stops the beep.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';

const started: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.phone.quit()));
});

async function phones(...names: string[]): Promise<TestPhone[]> {
  const out = await Promise.all(names.map((n) => startPhone([testProfile(n)])));
  started.push(...out);
  return out;
}

describe('call waiting on both lines', () => {
  it('a call waits on line 1 while line 2 talks; answer and line switch hold the other', async () => {
    const [a, b, c] = await phones('alice', 'bob', 'carol');
    b!.phone.setAutoAnswer(true);
    await a!.phone.selectLine(2);
    await a!.phone.call(b!.uri('bob'));
    await a!.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');

    await c!.phone.call(a!.uri('alice'));
    expect(await a!.waitFor('incoming-call')).toMatchObject({ line: 1, waiting: true });
    // The test media has no mixer seam: the tone player beeps, instead of a ring tone.
    expect(a!.tones.log.filter((t) => !t.includes('ringback'))).toEqual(['waiting 1']);

    await a!.phone.answer(1);
    await c!.waitFor('call-state', (e) => e.state === 'answered');
    await b!.waitFor('call-state', (e) => e.state === 'remote-held');
    expect(a!.tones.log.filter((t) => !t.includes('ringback'))).toEqual(['waiting 1', 'stop waiting 1']);
    expect(a!.phone.activeLine).toBe(1);
    expect(a!.phone.callOn(2)?.state).toBe('held');

    await a!.phone.selectLine(2);
    expect(a!.phone.callOn(1)?.state).toBe('held');
    expect(a!.phone.callOn(2)?.state).toBe('answered');
    await c!.waitFor('call-state', (e) => e.state === 'remote-held');
  });

  it('the beep stops when the waiting caller gives up', async () => {
    const [a, b, c] = await phones('alice', 'bob', 'carol');
    b!.phone.setAutoAnswer(true);
    await a!.phone.call(b!.uri('bob'));
    await a!.waitFor('call-state', (e) => e.line === 1 && e.state === 'answered');
    await c!.phone.call(a!.uri('alice'));
    await a!.waitFor('incoming-call', (e) => e.line === 2);
    await c!.waitFor('call-state', (e) => e.state === 'ringing');
    await c!.phone.bye(); // CANCEL
    expect(await a!.waitFor('call-ended', (e) => e.line === 2)).toMatchObject({ by: 'remote' });
    expect(a!.tones.log.filter((t) => t.includes('waiting'))).toEqual(['waiting 2', 'stop waiting 2']);
    expect(a!.phone.callOn(1)?.state, 'the call in progress goes on').toBe('answered');
  });
});
