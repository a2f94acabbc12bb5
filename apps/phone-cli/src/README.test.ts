// The README's "From code" example, run as a test in a temporary config directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, sendRemoteCommand, socketPath, startRemoteServer } from './index.js';

describe('README example', () => {
  it('parses a console line and round-trips a remote command', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'twinkle-readme-'));
    const printed: unknown[][] = [];
    const console = { log: (...a: unknown[]) => printed.push(a) };
    try {
      const parsed = parseCommand('call -s "Lunch?" -h bob@example.com');
      if (parsed.ok && parsed.command.name === 'call')
        console.log(parsed.command.subject, parsed.command.hideIdentity);

      const path = socketPath(configDir);
      const server = await startRemoteServer(path, async ({ command }) => ({
        type: 'result',
        command,
        ok: true,
      }));
      const outcome = await sendRemoteCommand(path, 'dtmf 123');
      console.log(outcome.ok && outcome.result.ok);
      await server.close();
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
    expect(printed).toEqual([['Lunch?', true], [true]]);
  });
});
