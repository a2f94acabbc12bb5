import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('twinkle console', () => {
  it('prints its version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^twinkle \d+\.\d+\.\d+$/);
  });

  it('prints help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: twinkle');
  });

  it('lists audio devices, the virtual ones at least', async () => {
    const r = await run(['--list-audio']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('null');
    expect(r.out).toContain('record:');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const r = await run(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no-such-flag');
  });

  it('says plainly that the phone engine does not exist yet', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('not built yet');
  });
});
