/**
 * Call transfer between three Phones over UDP on 127.0.0.1: blind (REFER),
 * with consultation, attended with Replaces, the consultation fallback for a
 * far end without Replaces, a refused REFER (allow_refer off, and the user
 * saying no), and the transfer target answering Replaces that names nothing.
 */
import { createUserAgent, type SessionDescriptionHandler, type UserAgent } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';
import type { PhoneProfile } from '../engine/phone-options.js';

const running: TestPhone[] = [];
const agents: UserAgent[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
  for (const ua of agents.splice(0)) await ua.close();
});

async function phone(name: string, changes: Partial<PhoneProfile> = {}): Promise<TestPhone> {
  const p = await startPhone([testProfile(name, { askUserToRefer: false, ...changes })]);
  running.push(p);
  return p;
}

/** alice calls bob, bob answers (auto answer). */
async function talking(a: TestPhone, b: TestPhone): Promise<void> {
  b.phone.setAutoAnswer(true);
  await a.phone.call(b.uri('bob'));
  await a.waitFor('call-state', (e) => e.state === 'answered');
  await b.waitFor('call-state', (e) => e.state === 'answered');
}

/** Polls until `cond` holds; bounded. */
async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sdp = (port: number) => ({
  contentType: 'application/sdp',
  body: new TextEncoder().encode(
    `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`,
  ),
});
const plainMedia = (port: number): SessionDescriptionHandler => ({
  getOffer: async () => sdp(port),
  getAnswer: async () => sdp(port),
  setAnswer: async () => {},
});

describe('transfer', () => {
  it('blind: alice refers bob to carol; bob calls carol on the same line, alice hangs up', async () => {
    const [a, b, c] = [await phone('alice'), await phone('bob'), await phone('carol')];
    c.phone.setAutoAnswer(true);
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'));
    // referrer_hold (Twinkle's default): alice holds bob before the REFER.
    await b.waitFor('call-state', (e) => e.state === 'remote-held');
    expect(await b.waitFor('transfer', (e) => e.state === 'accepted')).toMatchObject({
      line: 1,
      role: 'referee',
      target: c.uri('carol'),
    });
    await c.waitFor('call-state', (e) => e.state === 'answered');
    expect(await b.waitFor('transfer', (e) => e.state === 'succeeded')).toMatchObject({ line: 1 });
    expect(await a.waitFor('transfer', (e) => e.state === 'succeeded')).toMatchObject({
      line: 1,
      role: 'referrer',
      mode: 'blind',
      status: 200,
    });
    // The sipfrag NOTIFYs came: 100 Trying at least, and the final 200.
    expect(a.events.filter((e) => e.type === 'transfer').map((e) => e.state)).toEqual(
      expect.arrayContaining(['requested', 'progress', 'succeeded']),
    );
    await a.waitFor('call-ended', (e) => e.line === 1 && e.by === 'local');
    await b.waitFor('call-ended', (e) => e.line === 1);
    // bob's line 1 now holds the call with carol; Referred-By told carol who sent bob.
    expect(b.phone.callOn(1)?.peer).toBe(c.uri('carol'));
    expect(b.phone.callOn(1)?.state).toBe('answered');
    expect(c.phone.callOn(1)?.peer).toBe('sip:bob@127.0.0.1');
    const carolCall = c.phone.callOn(1)!.session as { request?: { header(n: string): string | undefined } };
    expect(carolCall.request?.header('referred-by')).toBe('<sip:alice@127.0.0.1>');
    expect(a.phone.callOn(1)).toBeUndefined();
  });

  it('consultation then attended with Replaces: carol takes bob in place of alice, no ringing', async () => {
    const [a, b, c] = [await phone('alice'), await phone('bob'), await phone('carol')];
    c.phone.setAutoAnswer(true);
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'), { consult: true });
    expect(await a.waitFor('transfer', (e) => e.state === 'consulting')).toMatchObject({
      line: 1,
      consultLine: 2,
    });
    expect(a.phone.activeLine).toBe(2);
    expect(a.phone.callOn(1)?.state).toBe('held');
    await c.waitFor('call-state', (e) => e.state === 'answered');
    await a.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');
    const ringsBefore = c.tones.log.filter((t) => t.startsWith('ring ')).length;
    await a.phone.transfer(undefined, { consult: true });
    expect(await a.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({
      line: 1,
      mode: 'attended',
    });
    expect(await c.waitFor('transfer', (e) => e.state === 'replaced')).toMatchObject({
      line: 1,
      role: 'target',
      target: 'sip:bob@127.0.0.1',
    });
    await a.waitFor('transfer', (e) => e.state === 'succeeded');
    // carol's call with alice (line 2 at alice) ended by carol; alice ended hers with bob.
    await a.waitFor('call-ended', (e) => e.line === 2 && e.by === 'remote');
    await a.waitFor('call-ended', (e) => e.line === 1 && e.by === 'local');
    await b.waitFor('transfer', (e) => e.state === 'succeeded');
    expect(c.phone.callOn(1)?.peer).toBe('sip:bob@127.0.0.1');
    expect(c.phone.callOn(1)?.answered).toBe(true);
    expect(c.tones.log.filter((t) => t.startsWith('ring ')).length).toBe(ringsBefore);
    expect(b.phone.callOn(1)?.answered).toBe(true);
    const bobsInvite = (c.phone.callOn(1)!.session as { request?: { header(n: string): string | undefined } })
      .request;
    expect(bobsInvite?.header('replaces')).toMatch(/;to-tag=.*;from-tag=|;from-tag=.*;to-tag=/);
  });

  it('attended_refer_to_aor: Refer-To is the AOR with Replaces and Require: replaces, which the target takes', async () => {
    const [a, b, c] = [
      await phone('alice', { attendedReferToAor: true }),
      await phone('bob'),
      await phone('carol'),
    ];
    c.phone.setAutoAnswer(true);
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'), { consult: true });
    await a.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');
    await a.phone.transfer(undefined, { consult: true });
    expect(await a.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({
      mode: 'attended',
      target: c.uri('carol'),
    });
    await c.waitFor('transfer', (e) => e.state === 'replaced');
    await a.waitFor('transfer', (e) => e.state === 'succeeded');
    const invite = (c.phone.callOn(1)!.session as { request?: { header(n: string): string | undefined } })
      .request;
    expect(invite?.header('require')).toBe('replaces');
    expect(invite?.header('replaces')).toBeDefined();
  });

  it('transfer -l: a far end without Replaces gets a consultation transfer (its call ends, plain Refer-To)', async () => {
    const [a, b] = [await phone('alice'), await phone('bob')];
    // carol: a bare sip-core user agent, which does not say Supported: replaces.
    const carol = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      aor: 'sip:carol@127.0.0.1',
      media: () => plainMedia(45000),
    });
    agents.push(carol);
    const invites: string[] = [];
    carol.onInvite((s) => {
      invites.push(s.request.header('replaces') ?? '');
      void s.accept();
    });
    const carolUri = `sip:carol@127.0.0.1:${carol.transport.localAddress('udp')!.port}`;
    await talking(a, b);
    await a.phone.selectLine(2);
    await a.phone.call(carolUri);
    await a.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');
    await a.phone.selectLine(1);
    await a.phone.transfer(undefined, { otherLine: true });
    expect(await a.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({
      mode: 'consultation',
      target: carolUri,
    });
    await a.waitFor('call-ended', (e) => e.line === 2 && e.by === 'local');
    await b.waitFor('transfer', (e) => e.state === 'succeeded');
    await a.waitFor('transfer', (e) => e.state === 'succeeded');
    expect(invites).toEqual(['', '']);
    expect(b.phone.callOn(1)?.peer).toBe(carolUri);
  });

  it('a REFER refused by allow_refer=no: 603, alice keeps the call and retrieves it', async () => {
    const [a, b] = [await phone('alice'), await phone('bob', { allowRefer: false })];
    await talking(a, b);
    await a.phone.transfer('sip:carol@127.0.0.1:9');
    expect(await b.waitFor('transfer', (e) => e.state === 'refused')).toMatchObject({
      role: 'referee',
      status: 603,
    });
    expect(await a.waitFor('transfer', (e) => e.state === 'failed')).toMatchObject({
      role: 'referrer',
      status: 603,
    });
    await a.waitFor('call-state', (e) => e.state === 'held');
    await until(() => a.phone.callOn(1)?.state === 'answered', 'alice retrieves bob');
    await until(() => b.phone.callOn(1)?.state === 'answered', 'bob sees the call retrieved');
    expect(b.phone.callOn(1)?.peer).toBe('sip:alice@127.0.0.1');
  });

  it('ask_user_to_refer: a transfer-request event; the user says no (603), then yes to a second one', async () => {
    const [a, b, c] = [
      await phone('alice'),
      await phone('bob', { askUserToRefer: true }),
      await phone('carol'),
    ];
    c.phone.setAutoAnswer(true);
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'));
    expect(await b.waitFor('transfer-request')).toMatchObject({
      line: 1,
      target: c.uri('carol'),
      referredBy: '<sip:alice@127.0.0.1>',
    });
    b.phone.answerTransfer(false);
    expect(await a.waitFor('transfer', (e) => e.state === 'failed')).toMatchObject({ status: 603 });
    expect(() => b.phone.answerTransfer(true)).toThrow(/no transfer request on line 1/);
    await until(() => a.phone.callOn(1)?.state === 'answered', 'alice retrieves bob');
    await a.phone.transfer(c.uri('carol'));
    await until(() => b.events.filter((x) => x.type === 'transfer-request').length === 2, 'a second request');
    b.phone.answerTransfer(true);
    await b.waitFor('transfer', (e) => e.state === 'succeeded');
    await a.waitFor('transfer', (e) => e.state === 'succeeded');
    expect(b.phone.callOn(1)?.peer).toBe(c.uri('carol'));
  });

  it('referee_hold: bob holds alice while calling carol; carol busy (486) gives bob his call with alice back', async () => {
    const [a, b, c] = [
      await phone('alice', { referrerHold: false }),
      await phone('bob', { refereeHold: true }),
      await phone('carol'),
    ];
    await talking(a, b);
    c.phone.on((e) => {
      if (e.type === 'incoming-call') c.phone.reject(e.line, 486);
    });
    await a.phone.transfer(c.uri('carol'));
    // Not alice (referrer_hold off) but bob holds the call while his call to carol is set up.
    await a.waitFor('call-state', (e) => e.state === 'remote-held');
    // (alice's remote-held comes once bob's hold is acknowledged, when carol may have refused already)
    expect((await c.waitFor('incoming-call')).from).toContain('sip:bob@127.0.0.1');
    expect(await b.waitFor('transfer', (e) => e.state === 'failed')).toMatchObject({
      role: 'referee',
      status: 486,
    });
    expect(await a.waitFor('transfer', (e) => e.state === 'failed')).toMatchObject({
      role: 'referrer',
      status: 486,
    });
    await until(() => b.phone.callOn(1)?.peer === 'sip:alice@127.0.0.1', 'bob has alice on line 1 again');
    await until(() => b.phone.callOn(1)?.state === 'answered', 'bob retrieves alice');
    await until(() => a.phone.callOn(1)?.state === 'answered', 'alice is no longer held');
  });

  it('refuses what cannot be transferred: no call, an unanswered call, -c on a line that is no consultation', async () => {
    const [a, b] = [await phone('alice'), await phone('bob')];
    await expect(a.phone.transfer('bob')).rejects.toMatchObject({ code: 'no-call' });
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    await expect(a.phone.transfer('carol')).rejects.toMatchObject({ code: 'invalid-state' });
    await b.phone.answer();
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await expect(a.phone.transfer(undefined, { consult: true })).rejects.toMatchObject({
      code: 'invalid-state',
      message: 'line 1 is no consultation call',
    });
    await expect(a.phone.transfer(undefined, { otherLine: true })).rejects.toMatchObject({ code: 'no-call' });
    await expect(a.phone.transfer('bob', { consult: true, otherLine: true })).rejects.toMatchObject({
      code: 'bad-argument',
    });
    expect(a.phone.callOn(1)?.state).toBe('answered');
  });

  it('quit while a transfer is under way ends the background call too (BYE to alice, CANCEL to carol)', async () => {
    const [a, b, c] = [await phone('alice'), await phone('bob'), await phone('carol')];
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'));
    await c.waitFor('incoming-call');
    await b.waitFor('transfer', (e) => e.state === 'accepted');
    await b.phone.quit();
    expect(await a.waitFor('call-ended', (e) => e.line === 1)).toMatchObject({ by: 'remote', cause: 'bye' });
    expect(await c.waitFor('call-ended', (e) => e.line === 1)).toMatchObject({
      by: 'remote',
      cause: 'cancelled',
    });
  });

  it('Replaces naming our own call still ringing: the new caller is answered and the ringing call cancelled', async () => {
    const [b, c] = [await phone('bob'), await phone('carol')];
    await c.phone.call(b.uri('bob'));
    await c.waitFor('call-state', (e) => e.state === 'ringing');
    const id = c.phone.callOn(1)!.session.dialogId!;
    const ua = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      aor: 'sip:mallory@127.0.0.1',
    });
    agents.push(ua);
    // Seen from carol: to-tag is her own tag, from-tag the far end's (RFC 3891 section 3).
    const s = ua.invite(c.uri('carol'), plainMedia(45020), {
      headers: [['Replaces', `${id.callId};to-tag=${id.localTag};from-tag=${id.remoteTag}`]],
    });
    await s.invite();
    expect(await c.waitFor('transfer', (e) => e.state === 'replaced')).toMatchObject({
      line: 1,
      target: 'sip:mallory@127.0.0.1',
    });
    expect(await b.waitFor('call-ended')).toMatchObject({ cause: 'cancelled' });
    expect(c.phone.callOn(1)?.answered).toBe(true);
    await s.bye();
  });

  it('allow_xfer_consult_inprog: transfer -c while carol still rings; her ringing call is replaced by bob, who rings', async () => {
    const [a, b, c] = [
      await phone('alice', { allowXferConsultInprog: true }),
      await phone('bob'),
      await phone('carol'),
    ];
    await talking(a, b);
    await a.phone.transfer(c.uri('carol'), { consult: true });
    const first = await c.waitFor('incoming-call');
    expect(first.from).toContain('alice');
    await a.waitFor('call-state', (e) => e.line === 2 && e.state === 'ringing');
    await a.phone.transfer(undefined, { consult: true });
    expect(await a.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({ mode: 'attended' });
    await c.waitFor('transfer', (e) => e.state === 'replaced');
    // alice's consultation call is declined; bob's call rings on carol's line 1 in its place.
    expect(await a.waitFor('call-ended', (e) => e.line === 2)).toMatchObject({ status: 603 });
    await until(() => c.events.filter((e) => e.type === 'incoming-call').length === 2, 'bob rings at carol');
    expect(c.phone.callOn(1)?.peer).toBe('sip:bob@127.0.0.1');
    await c.phone.answer(1);
    await b.waitFor('transfer', (e) => e.state === 'succeeded');
    await a.waitFor('transfer', (e) => e.state === 'succeeded');
    expect(b.phone.callOn(1)?.answered).toBe(true);
  });

  it('a call we hold is not replaced (486), and ext_replaces=no makes Replaces an ordinary call', async () => {
    const [a, b] = [await phone('alice'), await phone('bob')];
    await talking(a, b);
    await a.phone.hold();
    await b.waitFor('call-state', (e) => e.state === 'remote-held');
    const id = a.phone.callOn(1)!.session.dialogId!;
    const ua = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      aor: 'sip:mallory@127.0.0.1',
    });
    agents.push(ua);
    const replaces = `${id.callId};to-tag=${id.localTag};from-tag=${id.remoteTag}`;
    const s = ua.invite(a.uri('alice'), plainMedia(45030), { headers: [['Replaces', replaces]] });
    await expect(s.invite()).rejects.toBeDefined();
    expect(s.reason?.status).toBe(486);
    expect(a.phone.callOn(1)?.peer).toBe(b.uri('bob'));

    const c = await phone('carol', { extReplaces: false });
    const s2 = ua.invite(c.uri('carol'), plainMedia(45032), {
      headers: [['Replaces', 'x@y;to-tag=1;from-tag=2']],
    });
    void s2.invite().catch(() => {});
    // Not 481: carol ignores the header and rings.
    await c.waitFor('incoming-call');
    s2.cancel();
  });

  it('the target answers 481 to an INVITE whose Replaces names no call, and nothing rings', async () => {
    const c = await phone('carol');
    const ua = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      aor: 'sip:mallory@127.0.0.1',
    });
    agents.push(ua);
    const s = ua.invite(c.uri('carol'), plainMedia(45010), {
      headers: [['Replaces', 'nosuchcall@127.0.0.1;to-tag=1;from-tag=2']],
    });
    await expect(s.invite()).rejects.toBeDefined();
    expect(s.reason?.status).toBe(481);
    expect(c.events.some((e) => e.type === 'incoming-call')).toBe(false);
    expect(c.phone.notices.join('\n')).toMatch(/Replaces .* refused: 481/);
  });
});
