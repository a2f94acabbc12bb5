/**
 * Scripts at the trigger points with real executables (sh scripts: the
 * phone itself never uses a shell), between two phones on 127.0.0.1: the
 * repository's examples (selective reject, distinctive ringing, the CSV
 * CRM), every trigger, scripts that fail, hang or print garbage, and
 * hostile caller text that must reach a script as data only.
 */
import { createSocket } from 'node:dgram';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../config/profile.js';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';
import type { PhoneOptions } from '../engine/phone-options.js';

const examples = fileURLToPath(new URL('../../examples/scripts/', import.meta.url));
const example = (name: string) => join(examples, name);

let dir: string;
const running: TestPhone[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-call-scripts-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' };

async function pair(
  caller: Partial<Profile> & { name?: string },
  callee: Partial<Profile>,
  scripts: PhoneOptions['scripts'] = {},
): Promise<{ a: TestPhone; b: TestPhone }> {
  const { name = 'alice', ...a } = caller;
  const env = { ...baseEnv, ...scripts.env };
  const pa = await startPhone([testProfile(name, a)], { scripts: { ...scripts, env }, configDir: dir });
  const pb = await startPhone([testProfile('bob', callee)], { scripts: { ...scripts, env }, configDir: dir });
  running.push(pa, pb);
  return { a: pa, b: pb };
}

async function writeScript(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

async function waitForLines(file: string, n: number, ms = 4000): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.length >= n || Date.now() > end) return lines;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('selective call reject (examples/scripts/selective-reject.sh)', () => {
  it('a blocked caller gets 603 with the reason, and the callee says so', async () => {
    const { a, b } = await pair(
      { name: 'telemarketer' },
      { scriptIncomingCall: example('selective-reject.sh') },
    );
    await a.phone.call(b.uri('bob'));
    const ended = await a.waitFor('call-ended');
    expect(ended).toMatchObject({ status: 603, reason: 'Declined' });
    expect(await b.waitFor('call-refused')).toMatchObject({ status: 603, reason: 'script', profile: 'bob' });
    expect(b.events.some((e) => e.type === 'incoming-call')).toBe(false);
  });

  it('an anonymous caller is rejected; out of office hours others get 480', async () => {
    const { a, b } = await pair(
      {},
      { scriptIncomingCall: example('selective-reject.sh') },
      {
        env: { OFFICE_HOURS: 'no' },
      },
    );
    await a.phone.call(b.uri('bob'), { hideIdentity: true });
    expect(await a.waitFor('call-ended')).toMatchObject({
      status: 603,
      reason: 'Anonymous calls not accepted',
    });
    await a.phone.call(b.uri('bob'));
    expect(await a.waitFor('call-ended', (e) => e.status === 480)).toMatchObject({ reason: 'Office closed' });
  });

  it('anyone else rings', async () => {
    const { a, b } = await pair({ name: 'carol' }, { scriptIncomingCall: example('selective-reject.sh') });
    await a.phone.call(b.uri('bob'));
    expect(await b.waitFor('incoming-call')).toMatchObject({ line: 1, profile: 'bob' });
    await a.waitFor('call-state', (e) => e.state === 'ringing');
  });
});

describe('distinctive ringing (examples/scripts/distinctive-ring.sh)', () => {
  it('a VIP rings with vip.wav and a message; others with the normal tone', async () => {
    const { a, b } = await pair({ name: 'boss' }, { scriptIncomingCall: example('distinctive-ring.sh') });
    await a.phone.call(b.uri('bob'));
    const inc = await b.waitFor('incoming-call');
    expect(inc.messages).toEqual(['VIP caller']);
    expect(b.tones.log).toContain(`ring 1 ${join(examples, 'vip.wav')}`);
    await a.phone.bye();
    await b.waitFor('call-ended');

    const { a: c, b: d } = await pair(
      { name: 'carol' },
      { scriptIncomingCall: example('distinctive-ring.sh') },
    );
    await c.phone.call(d.uri('bob'));
    expect((await d.waitFor('incoming-call')).messages).toBeUndefined();
    expect(d.tones.log).toContain('ring 1');
  });
});

describe('customer information from a CSV CRM (examples/scripts/crm-lookup.sh)', () => {
  it('names a known caller and shows the company and the note', async () => {
    const { a, b } = await pair({ name: '0201234567' }, { scriptIncomingCall: example('crm-lookup.sh') });
    await a.phone.call(b.uri('bob'));
    const inc = await b.waitFor('incoming-call');
    expect(inc.from).toContain('"Jan de Vries" <sip:0201234567@127.0.0.1');
    expect(inc.messages).toEqual(['Customer: Acme Holland BV', 'Note: Open ticket 4711']);
    await b.phone.answer();
    await a.phone.bye();
    const history = await b.waitFor('history');
    expect(history.record.fromDisplay).toBe('Jan de Vries');
  });

  it('says when the caller is unknown and leaves the name alone', async () => {
    const { a, b } = await pair({ name: 'dave' }, { scriptIncomingCall: example('crm-lookup.sh') });
    await a.phone.call(b.uri('bob'));
    const inc = await b.waitFor('incoming-call');
    expect(inc.from).toContain('"Dave" <sip:dave@');
    expect(inc.messages).toEqual(['Unknown caller dave']);
  });
});

describe('the trigger points', () => {
  it('runs each script with its TWINKLE_TRIGGER, line and parties, without waiting', async () => {
    const log = join(dir, 'calls.log');
    const all = example('call-log.sh');
    const every: Partial<Profile> = {
      scriptInCallAnswered: all,
      scriptInCallFailed: all,
      scriptOutgoingCall: all,
      scriptOutCallAnswered: all,
      scriptOutCallFailed: all,
      scriptLocalRelease: all,
      scriptRemoteRelease: all,
    };
    const { a, b } = await pair(every, every, { env: { TWINKLE_CALL_LOG: log } });
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    await b.phone.answer();
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await a.phone.bye();
    await b.waitFor('call-ended');
    const lines = await waitForLines(log, 5);
    expect(lines.sort()).toEqual(
      [
        'in_call_answered line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=200',
        'local_release line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=-',
        'out_call line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=-',
        'out_call_answered line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=200',
        'remote_release line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=-',
      ].sort(),
    );

    await rm(log);
    await a.phone.call(b.uri('bob'));
    await b.waitFor(
      'incoming-call',
      (e) => e.line === 1 && b.events.filter((x) => x.type === 'incoming-call').length === 2,
    );
    b.phone.reject();
    const failed = (await waitForLines(log, 3)).sort();
    expect(failed).toEqual(
      [
        'in_call_failed line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=486',
        'out_call line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=-',
        'out_call_failed line=1 from=alice@127.0.0.1 to=bob@127.0.0.1 status=486',
      ].sort(),
    );
  });

  it('out_call runs as the INVITE leaves, before any answer comes', async () => {
    const log = join(dir, 'out.log');
    const silent = createSocket('udp4'); // swallows the INVITE: no 100, no 180
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    try {
      const { a } = await pair(
        { scriptOutgoingCall: example('call-log.sh') },
        {},
        { env: { TWINKLE_CALL_LOG: log } },
      );
      await a.phone.call(`sip:nobody@127.0.0.1:${silent.address().port}`);
      expect(await waitForLines(log, 1, 2000)).toEqual([
        'out_call line=1 from=alice@127.0.0.1 to=nobody@127.0.0.1 status=-',
      ]);
      expect(a.events.filter((e) => e.type === 'call-state')).toEqual([]);
    } finally {
      silent.close();
    }
  });

  it('an incoming call turned away by do not disturb runs in_call_failed (480)', async () => {
    const log = join(dir, 'dnd.log');
    const { a, b } = await pair(
      {},
      { scriptInCallFailed: example('call-log.sh') },
      { env: { TWINKLE_CALL_LOG: log } },
    );
    b.phone.setDnd(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-ended');
    expect(await waitForLines(log, 1)).toEqual([
      'in_call_failed line=0 from=alice@127.0.0.1 to=bob@127.0.0.1 status=480',
    ]);
  });

  it('autoanswer answers even with do not disturb on', async () => {
    const auto = await writeScript('auto.sh', 'echo action=autoanswer');
    const { a, b } = await pair({}, { scriptIncomingCall: auto });
    b.phone.setDnd(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
  });

  it('redirect answers 302 to the contact, expanded as the user would dial it', async () => {
    const redirect = await writeScript('redirect.sh', 'echo action=redirect; echo contact=desk');
    const { a, b } = await pair({}, { scriptIncomingCall: redirect, userDomain: 'example.com' });
    await a.phone.call(b.uri('bob'));
    const ended = await a.waitFor('call-ended');
    expect(ended).toMatchObject({ status: 302, contacts: ['<sip:desk@example.com>'] });
    expect(await b.waitFor('call-refused')).toMatchObject({ status: 302, reason: 'script' });
  });
});

describe('scripts that go wrong', () => {
  it('a missing script, a failing one, a hanging one and garbage: a notice each, and the call rings', async () => {
    const hang = await writeScript('hang.sh', 'echo action=reject; exec sleep 30');
    const fail = await writeScript('fail.sh', 'echo action=reject; exit 7');
    const garbage = await writeScript('garbage.sh', 'printf "\\001\\002 hello\\naction=maybe\\n"');
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.sh'), /script in_call \(.*missing\.sh\): cannot run: .*ENOENT.*; the call goes on/],
      [fail, /exited with status 7; the call goes on/],
      [hang, /still running after 300 ms, killed; the call goes on/],
      [garbage, /unknown action "maybe"/],
    ];
    for (const [script, notice] of cases) {
      const { a, b } = await pair({}, { scriptIncomingCall: script }, { timeoutMs: 300 });
      const t0 = Date.now();
      await a.phone.call(b.uri('bob'));
      await b.waitFor('incoming-call');
      expect(Date.now() - t0).toBeLessThan(2500);
      expect(b.phone.notices.some((n) => notice.test(n))).toBe(true);
      await a.phone.quit();
      await b.phone.quit();
    }
  });

  it('a notify script that cannot run becomes a notice; the call is not touched', async () => {
    const { a, b } = await pair({ scriptOutgoingCall: join(dir, 'nope.sh') }, {});
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    await a.waitFor('notice', (e) => /script out_call .*cannot run/.test(e.message));
    // Bob rings when his incoming-call fires; Alice's side knows once his 180 has arrived.
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    expect(a.phone.callOn(1)?.state).toBe('ringing');
  });
});

describe('hostile caller text', () => {
  it('display names and headers reach scripts as data: nothing is interpreted', async () => {
    const pwn = join(dir, 'pwned');
    const seen = join(dir, 'seen.txt');
    const spy = await writeScript(
      'spy.sh',
      `printf '%s\\n' "$SIP_FROM_DISPLAY" "$SIP_SUBJECT" "$SIP_FROM" > '${seen}'\necho "caller_name=$SIP_FROM_DISPLAY"\necho "display_msg=$SIP_SUBJECT"`,
    );
    const display = `$(touch ${pwn}1) \`touch ${pwn}2\` 'q' ; touch ${pwn}3 | x & y`;
    const subject = `$(touch ${pwn}4); \`touch ${pwn}5\`; "quoted" 'single' \\ end`;
    const { a, b } = await pair(
      { userDisplay: display },
      { scriptIncomingCall: spy, scriptInCallFailed: spy },
    );
    await a.phone.call(b.uri('bob'), { subject });
    const inc = await b.waitFor('incoming-call');
    const lines = (await readFile(seen, 'utf8')).split('\n');
    expect(lines[0]).toBe(display);
    expect(lines[1]).toBe(subject);
    expect(lines[2]).toContain('sip:alice@127.0.0.1');
    // The script's answer is data as well: the display text comes back as the caller's name.
    expect(inc.from).toContain('touch');
    expect(inc.messages).toEqual([subject]);
    await a.phone.bye();
    await b.waitFor('call-ended');
    await new Promise((r) => setTimeout(r, 300));
    expect((await readdir(dir)).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('a newline in what a script prints cannot smuggle in an action', async () => {
    // The display name cannot hold a line break (RFC 3261 quoted-string); a script echoing it
    // prints one line, so `action=reject` in the text stays part of caller_name.
    const echo = await writeScript('echo.sh', 'echo "caller_name=$SIP_FROM_DISPLAY"');
    const { a, b } = await pair({ userDisplay: 'x action=reject' }, { scriptIncomingCall: echo });
    await a.phone.call(b.uri('bob'));
    expect((await b.waitFor('incoming-call')).from).toContain('"x action=reject"');
  });

  it('headers with shell syntax in their names and values, sent raw, stay data', async () => {
    const pwn = join(dir, 'pwnedraw');
    const seen = join(dir, 'seen-raw.txt');
    const spy = await writeScript(
      'spy-raw.sh',
      `env | grep '^SIP_X_' | sort > '${seen}'\necho "display_msg=$SIP_X_EVIL"`,
    );
    const { b } = await pair({}, { scriptIncomingCall: spy });
    const port = Number(/:(\d+)$/.exec(b.uri('bob'))![1]);
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const me = sock.address().port;
    const evil = `$(touch ${pwn}1); \`touch ${pwn}2\`; "q" 'q' | & > x`;
    const invite = [
      `INVITE sip:bob@127.0.0.1:${port} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-raw1;rport`,
      'From: "$(touch x)" <sip:mallory@127.0.0.1>;tag=r1',
      `To: <sip:bob@127.0.0.1:${port}>`,
      'Call-ID: raw-hostile-1@127.0.0.1',
      'CSeq: 1 INVITE',
      `Contact: <sip:mallory@127.0.0.1:${me}>`,
      'Max-Forwards: 70',
      `X-Evil: ${evil}`,
      `X-Tick\`s'n~Dots.!%*+: ${evil}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    try {
      sock.send(invite, port, '127.0.0.1');
      const inc = await b.waitFor('incoming-call');
      expect(inc.messages).toEqual([evil]);
      const lines = (await readFile(seen, 'utf8')).trim().split('\n');
      expect(lines).toEqual([`SIP_X_EVIL=${evil}`, `SIP_X_TICK_S_N_DOTS_____=${evil}`]);
      expect((await readdir(dir)).filter((f) => f.startsWith('pwnedraw'))).toEqual([]);
    } finally {
      sock.close();
    }
  });
});
