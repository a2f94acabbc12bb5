/**
 * End to end with two `twinkle` processes on 127.0.0.1 (--json over stdin
 * pipes): the callee's profile runs the CSV CRM example as its incoming-call
 * script, the caller dials a contact of its address book by name.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Twinkle, TwinkleProcesses } from '../twinkle-process.test-util.js';

const CRM_SCRIPT = fileURLToPath(
  new URL('../../../../packages/phone/examples/scripts/crm-lookup.sh', import.meta.url),
);

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

/** A phone on profile `profile`, its config directory holding `files`. */
async function start(
  name: string,
  profile: string,
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<{ p: Twinkle; dir: string }> {
  const dir = await phones.makeDir(`twinkle-svc-${name}`);
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text, { mode: 0o600 });
  return { p: await phones.start(name, 0, dir, { profile, env }), dir };
}

const profileText = (user: string, extra = '') =>
  `user_name=${user}\nuser_domain=127.0.0.1\nregister_at_startup=no\ncodecs=g711a,g711u\n${extra}`;

describe('scripts and the address book in the console phone', () => {
  it('the callee CRM script names the caller; the caller dials a contact by name', async () => {
    const crm = join(tmpdir(), `twinkle-crm-${process.pid}.csv`);
    await writeFile(crm, 'number,name,company,note\nalice,Alice from the CRM,Wonderland Ltd,Late again\n');
    const { p: b } = await start(
      'b',
      'bob',
      { 'bob.cfg': profileText('bob', `script_incoming_call=${CRM_SCRIPT}\n`) },
      { TWINKLE_CRM: crm },
    );
    // Port 0: the system picks, the ready line tells (a port probed free for UDP alone
    // could be in use for TCP, which the phone binds too: EADDRINUSE on a busy machine).
    const portB = Number(
      String((await b.waitFor((j) => j.type === 'ready', 15_000)).sip)
        .split(':')
        .pop(),
    );
    const { p: a, dir: aDir } = await start('a', 'alice', {
      'alice.cfg': profileText('alice', 'user_display=Alice\n'),
      'twinkle.ab': `# first_name|infix_name|last_name|sip_address|remark\nBob||Builder|sip:bob@127.0.0.1:${portB}|\n`,
    });
    try {
      await a.waitFor((j) => j.type === 'ready', 15_000);

      a.send('addressbook build');
      expect(await a.waitFor((j) => j.type === 'result' && j.command === 'addressbook')).toMatchObject({
        ok: true,
        message: `Bob Builder  <sip:bob@127.0.0.1:${portB}>`,
      });
      a.send('call bob');
      expect(await a.waitFor((j) => j.type === 'result' && j.command === 'call')).toMatchObject({ ok: true });
      const incoming = await b.waitFor((j) => j.type === 'incoming-call');
      expect(incoming.from).toBe('"Alice from the CRM" <sip:alice@127.0.0.1>');
      expect(incoming.messages).toEqual(['Customer: Wonderland Ltd', 'Note: Late again']);
      expect(String(incoming.to)).toContain('"Bob Builder"');

      a.send('addressbook -a Carol sip:carol@127.0.0.1');
      await a.waitFor(
        (j) => j.type === 'result' && j.command === 'addressbook' && String(j.message).startsWith('Added'),
      );
      expect(await readFile(join(aDir, 'twinkle.ab'), 'utf8')).toContain('Carol|||sip:carol@127.0.0.1|\n');

      a.send('bye');
      await b.waitFor((j) => j.type === 'call-ended');
      a.send('quit');
      b.send('quit');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
    } finally {
      await rm(crm, { force: true });
    }
  }, 60_000);
});
