/**
 * `twinkle --call URI`, `--cmd "COMMAND"`, `--set-profile NAME`: the client
 * side. Unlike Twinkle, it prints what came of each command and exits 1
 * when one failed or no instance runs for the config directory.
 */
import { resolveConfigDir } from '@twinkle/phone';
import type { Flags } from '../flags.js';
import { sendRemoteCommand } from './remote-client.js';
import { socketPath } from './socket-path.js';

export interface RemoteCliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: NodeJS.ProcessEnv;
}

/** The command lines a client invocation sends, in order (the profile first, as Twinkle does). */
export function remoteCommands(flags: Flags): string[] {
  const quote = (s: string) => (/[\s"'\\]/.test(s) ? `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"` : s);
  const lines: string[] = [];
  if (flags.setProfile !== undefined) lines.push(`user ${quote(flags.setProfile)}`);
  if (flags.call !== undefined) lines.push(`call ${quote(flags.call)}`);
  if (flags.cmd !== undefined) lines.push(flags.cmd);
  return lines;
}

export async function runRemote(flags: Flags, io: RemoteCliIo, timeoutMs?: number): Promise<number> {
  const path = socketPath(resolveConfigDir(flags.configDir), io.env);
  for (const line of remoteCommands(flags)) {
    const r = await sendRemoteCommand(path, line, {
      immediate: flags.immediate,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    if (!r.ok) {
      if (flags.json) io.out(JSON.stringify({ type: 'error', reason: r.reason, message: r.message }));
      else io.err(`twinkle: ${r.message}`);
      return 1;
    }
    if (flags.json) io.out(JSON.stringify(r.result));
    else if (!r.result.ok) io.err(`twinkle: ${r.result.command}: ${r.result.message ?? 'failed'}`);
    else io.out(r.result.message ?? `${r.result.command}: ok`);
    if (!r.result.ok) return 1;
  }
  return 0;
}
