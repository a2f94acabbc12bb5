/** The console's services: `mwi`, `vm`, `call voicemail` and the MWI event text. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commands/parse-command.js';
import { type ExecuteContext, executeCommand } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';
import { formatEvent } from './format-event.js';
import type { MwiStatusLike, ServicesControl } from './services-exec.js';

class MwiPhone extends FakePhone {
  vm: Record<string, string> = { alice: '*97' };
  statuses: MwiStatusLike[] = [
    {
      profile: 'alice',
      solicited: true,
      subscription: 'active',
      mailbox: 'sip:alice@pbx.example.com',
      counts: { waiting: true, newMessages: 2, oldMessages: 8, newUrgent: 1, oldUrgent: 0 },
      voicemail: '*97',
    },
    { profile: 'work', solicited: false, subscription: 'unsolicited' },
  ];
  sent: unknown[] = [];
  watched: string[] = [];
  published: string[] = [];
  readonly services: ServicesControl = {
    mwi: { status: () => this.statuses },
    voicemailAddress: (p) => this.vm[p ?? this.activeProfile],
    messaging: {
      send: async (destination, text, options) => {
        this.sent.push({ destination, text, options });
        return destination === 'nobody'
          ? { status: 404, reason: 'Not Found', to: 'sip:nobody@example.com' }
          : { status: 200, reason: 'OK', to: `sip:${destination}@example.com` };
      },
    },
    dialogs: {
      watch: (d) => {
        this.watched.push(d);
        return `sip:${d}@example.com`;
      },
      unwatch: async (d) => this.watched.includes(d),
      lamps: () => this.watched.map((d) => ({ uri: `sip:${d}@example.com`, state: 'busy', dialogs: 1 })),
    },
    presence: {
      buddies: () => [
        {
          profile: 'alice',
          name: 'Bob',
          uri: 'sip:bob@example.com',
          subscribe: true,
          state: 'online',
          note: 'at work',
        },
        { profile: 'alice', name: 'Carol', uri: 'sip:carol@example.com', subscribe: false, state: 'unknown' },
      ],
      ownState: () => this.published.at(-1) as 'online' | 'offline' | undefined,
      publish: async (state) => {
        this.published.push(state);
        return { status: 200, reason: 'OK' };
      },
    },
  };
}

const context = (phone: FakePhone): ExecuteContext => ({ phone, services: new Map() });

async function run(phone: FakePhone, line: string) {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return executeCommand(parsed.command, context(phone));
}

describe('mwi command', () => {
  it('lists each profile', async () => {
    const r = await run(new MwiPhone(), 'mwi');
    expect(r.ok).toBe(true);
    expect(r.message).toBe(
      [
        'alice: subscription active to sip:alice@pbx.example.com',
        '  voice mail: messages waiting, 2 new, 8 old (1 urgent)',
        '  voice mail address: *97',
        'work: unsolicited notifications',
        '  voice mail: unknown (no notification yet)',
      ].join('\n'),
    );
    expect((r.data?.profiles as unknown[] | undefined)?.length).toBe(2);
  });

  it('fails on a phone without services', async () => {
    expect(await run(new FakePhone(), 'mwi')).toMatchObject({ ok: false });
  });
});

describe('voice mail speed dial', () => {
  it('vm and call voicemail call mwi_vm_address', async () => {
    const phone = new MwiPhone();
    expect(await run(phone, 'vm')).toMatchObject({ ok: true, command: 'vm', data: { uri: '*97' } });
    expect(await run(phone, 'call voicemail')).toMatchObject({
      ok: true,
      command: 'call',
      data: { uri: '*97' },
    });
    expect(phone.calls).toEqual(['call *97 {}', 'call *97 {}']);
  });

  it('without an address: vm fails, call voicemail calls the user voicemail', async () => {
    const phone = new MwiPhone();
    phone.vm = {};
    expect(await run(phone, 'vm')).toMatchObject({ ok: false });
    await run(phone, 'call voicemail');
    expect(phone.calls).toEqual(['call voicemail {}']);
  });
});

describe('MWI events', () => {
  it('reads as sentences', () => {
    expect(
      formatEvent({
        type: 'mwi',
        profile: 'alice',
        waiting: true,
        newMessages: 3,
        oldMessages: 5,
        solicited: false,
      } as never),
    ).toBe('alice: voice mail: messages waiting, 3 new, 5 old');
    expect(
      formatEvent({
        type: 'mwi-subscription',
        profile: 'alice',
        state: 'failed',
        reason: '404',
        retryIn: 30,
      } as never),
    ).toBe('alice: MWI subscription failed (404), trying again in 30 s');
  });
});

describe('message command', () => {
  it('sends the words after the destination, with -s -f -d', async () => {
    const phone = new MwiPhone();
    expect(await run(phone, 'message -s "lunch?" -d "Bob B" bob see you at noon')).toMatchObject({
      ok: true,
      message: 'Message sent to sip:bob@example.com.',
    });
    await run(phone, 'message -f /tmp/notes.pdf bob');
    expect(phone.sent).toEqual([
      { destination: 'bob', text: 'see you at noon', options: { subject: 'lunch?', display: 'Bob B' } },
      { destination: 'bob', text: '', options: { file: '/tmp/notes.pdf' } },
    ]);
    expect(await run(phone, 'message nobody hello')).toMatchObject({
      ok: false,
      message: 'Message to sip:nobody@example.com failed: 404 Not Found',
    });
  });

  it('needs text or a file', () => {
    const r = parseCommand('message bob');
    expect(r.ok).toBe(false);
  });

  it('prints received messages and typing', () => {
    expect(
      formatEvent({
        type: 'message',
        from: '"Bob" <sip:bob@example.com>',
        subject: 'hi',
        text: 'hello there',
      } as never),
    ).toBe('Message from "Bob" <sip:bob@example.com> (hi):\nhello there');
    expect(
      formatEvent({ type: 'message-composing', fromUri: 'sip:bob@example.com', state: 'active' } as never),
    ).toBe('sip:bob@example.com is typing...');
    expect(
      formatEvent({ type: 'message-composing', fromUri: 'sip:bob@example.com', state: 'idle' } as never),
    ).toBeUndefined();
  });
});

describe('presence command', () => {
  it('lists buddies and publishes with -b', async () => {
    const phone = new MwiPhone();
    expect((await run(phone, 'presence')).message).toBe(
      [
        'alice: not published',
        '  Bob <sip:bob@example.com>: online (at work)',
        '  Carol <sip:carol@example.com>: not subscribed',
      ].join('\n'),
    );
    expect(await run(phone, 'presence -b online')).toMatchObject({
      ok: true,
      message: 'Presence published: online.',
    });
    expect(phone.published).toEqual(['online']);
    expect(parseCommand('presence -b away').ok).toBe(false);
  });

  it('prints buddy changes', () => {
    expect(
      formatEvent({ type: 'presence', buddy: 'Bob', uri: 'sip:bob@example.com', state: 'offline' } as never),
    ).toBe('Bob <sip:bob@example.com>: offline');
  });
});

describe('blf command', () => {
  it('watches, lists and stops watching', async () => {
    const phone = new MwiPhone();
    expect(await run(phone, 'blf')).toMatchObject({ ok: true, message: 'No busy lamps.' });
    expect(await run(phone, 'blf bob')).toMatchObject({ ok: true, message: 'Watching sip:bob@example.com.' });
    expect(await run(phone, 'blf')).toMatchObject({ message: 'sip:bob@example.com: busy' });
    expect(await run(phone, 'blf -r bob')).toMatchObject({ ok: true });
    expect(await run(phone, 'blf -r carol')).toMatchObject({ ok: false });
    expect(parseCommand('blf -r').ok).toBe(false);
    expect(formatEvent({ type: 'dialog-state', uri: 'sip:bob@example.com', state: 'ringing' } as never)).toBe(
      'sip:bob@example.com: ringing',
    );
  });
});
