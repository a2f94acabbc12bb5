// Instant messaging of the Phone engine against a sip-core UserAgent on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createResponse,
  createUserAgent,
  parseMultipart,
  type SipRequest,
  type UserAgent,
} from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';
import { formatIsComposing, IS_COMPOSING_TYPE, parseIsComposing } from './is-composing.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A UA that answers MESSAGE with `status` and keeps what it got. */
async function peer(user: string, status = 200): Promise<{ ua: UserAgent; got: SipRequest[]; uri: string }> {
  const got: SipRequest[] = [];
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: `sip:${user}@127.0.0.1`,
    delegate: {
      onMessage: (tx) => {
        got.push(tx.request);
        tx.respond(createResponse(tx.request, status));
      },
    },
  });
  cleanups.push(() => ua.close());
  return { ua, got, uri: `sip:${user}@127.0.0.1:${ua.transport.localAddress('udp')!.port}` };
}

async function phone(changes: Parameters<typeof testProfile>[1] = {}): Promise<TestPhone> {
  const p = await startPhone([testProfile('alice', changes)]);
  cleanups.push(() => p.phone.quit());
  return p;
}

describe('sending MESSAGE', () => {
  it('sends text with Subject and the To display name from the profile', async () => {
    const bob = await peer('bob');
    const t = await phone();
    const r = await t.phone.services.messaging.send(bob.uri, 'Hello Bob, ça va?', {
      subject: 'lunch',
      display: 'Bob B',
    });
    expect(r).toEqual({ status: 200, reason: 'OK', to: bob.uri });
    const m = bob.got[0]!;
    expect(m.method).toBe('MESSAGE');
    expect(m.header('from')).toMatch(/^"Alice" <sip:alice@127\.0\.0\.1>;tag=/);
    expect(m.header('to')).toBe(`"Bob B" <${bob.uri}>`);
    expect(m.header('subject')).toBe('lunch');
    expect(m.header('content-type')).toBe('text/plain;charset=utf-8');
    expect(m.bodyText).toBe('Hello Bob, ça va?');
  });

  it('reports a refusal as the final status', async () => {
    const bob = await peer('bob', 488);
    const t = await phone();
    expect(await t.phone.services.messaging.send(bob.uri, 'hi')).toMatchObject({ status: 488 });
  });

  it('sends a file as attachment, alone or after text (multipart/mixed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-im-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'notes.pdf');
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    writeFileSync(file, bytes);
    const bob = await peer('bob');
    const t = await phone();
    await t.phone.services.messaging.send(bob.uri, '', { file });
    const a = bob.got[0]!;
    expect(a.header('content-type')).toBe('application/pdf');
    expect(a.header('content-disposition')).toBe('attachment; filename="notes.pdf"');
    expect(Array.from(a.body)).toEqual(Array.from(bytes));
    await t.phone.services.messaging.send(bob.uri, 'the notes', { file });
    const b = bob.got[1]!;
    const boundary = /boundary=([^;\s]+)/.exec(b.header('content-type') ?? '')?.[1] ?? '';
    const parts = parseMultipart(boundary, b.body);
    if (!parts.ok) throw new Error('not multipart');
    expect(new TextDecoder().decode(parts.value[0]!.body)).toBe('the notes');
    expect(parts.value[1]!.header('content-disposition')).toBe('attachment; filename="notes.pdf"');
    expect(Array.from(parts.value[1]!.body)).toEqual(Array.from(bytes));
  });

  it('refuses a missing file and empty text', async () => {
    const t = await phone();
    await expect(
      t.phone.services.messaging.send('sip:bob@127.0.0.1', '', { file: '/nonexistent/x' }),
    ).rejects.toMatchObject({
      code: 'bad-argument',
    });
    await expect(t.phone.services.messaging.send('sip:bob@127.0.0.1', '')).rejects.toMatchObject({
      code: 'bad-argument',
    });
  });
});

describe('receiving MESSAGE', () => {
  it('reports text with subject and answers 200', async () => {
    const bob = await peer('bob');
    const t = await phone();
    const r = await bob.ua.request('MESSAGE', t.uri('alice'), {
      headers: { Subject: 'hi' },
      body: 'Hello Alice',
      contentType: 'text/plain;charset=UTF-8',
    });
    expect(r.status).toBe(200);
    expect(await t.waitFor('message')).toMatchObject({
      profile: 'alice',
      fromUri: 'sip:bob@127.0.0.1',
      subject: 'hi',
      text: 'Hello Alice',
    });
  });

  it('saves another body type under a safe name', async () => {
    const bob = await peer('bob');
    const t = await phone();
    const data = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 255]);
    await bob.ua.request('MESSAGE', t.uri('alice'), {
      headers: { 'Content-Disposition': 'attachment; filename="../../etc/evil.pdf"' },
      body: data,
      contentType: 'application/pdf',
    });
    const e = await t.waitFor('message');
    expect(e.attachment).toMatchObject({ filename: 'evil.pdf', size: 8 });
    expect(e.attachment!.path).not.toContain('..');
    expect(Array.from(readFileSync(e.attachment!.path))).toEqual(Array.from(data));
    rmSync(dirname(e.attachment!.path), { recursive: true, force: true });
  });

  it('reports is-composing and sends it per im_send_iscomposing', async () => {
    const bob = await peer('bob');
    const t = await phone();
    await bob.ua.request('MESSAGE', t.uri('alice'), {
      body: formatIsComposing({ state: 'active', contentType: 'text/plain', refresh: 60 }),
      contentType: IS_COMPOSING_TYPE,
    });
    expect(await t.waitFor('message-composing')).toMatchObject({
      fromUri: 'sip:bob@127.0.0.1',
      state: 'active',
    });
    expect(t.events.some((e) => e.type === 'message')).toBe(false);
    expect(await t.phone.services.messaging.composing(bob.uri, 'active')).toBe(true);
    expect(parseIsComposing(bob.got[0]!.body)).toEqual({
      state: 'active',
      contentType: 'text/plain',
      refresh: 60,
    });
    const quiet = await phone({ imSendIscomposing: false });
    expect(await quiet.phone.services.messaging.composing(bob.uri, 'idle')).toBe(false);
    expect(bob.got).toHaveLength(1);
  });

  it('takes at most im_max_sessions conversations: a new sender beyond gets 486', async () => {
    const bob = await peer('bob');
    const carol = await peer('carol');
    const t = await phone({ imMaxSessions: 1 });
    const send = (from: UserAgent, text: string) =>
      from.request('MESSAGE', t.uri('alice'), { body: text, contentType: 'text/plain' });
    expect((await send(bob.ua, 'one')).status).toBe(200);
    expect((await send(carol.ua, 'two')).status).toBe(486);
    expect((await send(bob.ua, 'three')).status).toBe(200);
    expect(t.phone.services.messaging.sessionCount).toBe(1);
  });
});

describe('isComposing documents', () => {
  it('round-trip and refuse what is not one', () => {
    const doc = formatIsComposing({
      state: 'idle',
      lastActive: '2026-11-26T10:00:00Z',
      contentType: 'text/<plain>',
    });
    expect(parseIsComposing(doc)).toEqual({
      state: 'idle',
      lastActive: '2026-11-26T10:00:00Z',
      contentType: 'text/<plain>',
    });
    expect(parseIsComposing('<isComposing><state>typing</state></isComposing>')).toBeUndefined();
    expect(parseIsComposing('hello')).toBeUndefined();
  });
});
