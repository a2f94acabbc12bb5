/**
 * End to end with two `twinkle` processes on 127.0.0.1 (--json over stdin
 * pipes): the callee's profile runs the CSV CRM example as its incoming-call
 * script, the caller dials a contact of its address book by name.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const CRM_SCRIPT = fileURLToPath(
  new URL('../../../../packages/phone/examples/scripts/crm-lookup.sh', import.meta.url),
);

type Json = { type: string } & Record<string, unknown>;

class Proc {
  readonly lines: Json[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly child: ChildProcessWithoutNullStreams,
  ) {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as Json);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => this.stderr.push(d));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
  async waitFor(match: (j: Json) => boolean, ms = 8000): Promise<Json> {
    const end = Date.now() + ms;
    for (;;) {
      const f = this.lines.find(match);
      if (f) return f;
      if (Date.now() > end)
        throw new Error(
          `${this.name}: no match in ${ms} ms; got ${JSON.stringify(this.lines)} ${this.stderr.join('')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const started: Proc[] = [];
const dirs: string[] = [];

async function start(
  name: string,
  profile: string,
  sipPort: number,
  files: Record<string, string>,
  env = {},
) {
  const dir = await mkdtemp(join(tmpdir(), `twinkle-svc-${name}-`));
  dirs.push(dir);
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text, { mode: 0o600 });
  const args = ['--config-dir', dir, '-f', profile, '--json', '--address', '127.0.0.1'];
  args.push('--sip-port', String(sipPort), '--rtp-port', '0');
  const child = spawn(process.execPath, ['--conditions=@twinkle/source', '--import', 'tsx', MAIN, ...args], {
    cwd: APP_DIR,
    env: { ...process.env, XDG_RUNTIME_DIR: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const p = new Proc(name, child);
  started.push(p);
  return { p, dir };
}

afterAll(async () => {
  for (const t of started) {
    if (t.child.exitCode === null && t.child.signalCode === null && t.child.pid !== undefined) {
      process.kill(t.child.pid, 'SIGKILL');
      await t.exited;
    }
  }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const profileText = (user: string, extra = '') =>
  `user_name=${user}\nuser_domain=127.0.0.1\nregister_at_startup=no\ncodecs=g711a,g711u\n${extra}`;

describe('scripts and the address book in the console phone', () => {
  it('the callee CRM script names the caller; the caller dials a contact by name', async () => {
    const crm = join(tmpdir(), `twinkle-crm-${process.pid}.csv`);
    await writeFile(crm, 'number,name,company,note\nalice,Alice from the CRM,Wonderland Ltd,Late again\n');
    const { p: b } = await start(
      'b',
      'bob',
      0,
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
    const { p: a, dir: aDir } = await start('a', 'alice', 0, {
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
