/**
 * How the command line treats links: `twinkle --call sip:…` from the
 * desktop entry, and `--install-url-handler`. A link becomes the
 * destination the running instance completes from its active profile;
 * when no instance runs, this one starts and places the call (Twinkle does
 * the same), so clicking a link works with the phone closed.
 */
import { resolveConfigDir } from '@twinkle/phone';
import { socketIsLive } from '../remote/remote-server.js';
import { socketPath } from '../remote/socket-path.js';
import { installUrlHandler } from './install-url-handler.js';
import { destinationFromUrl, isPhoneUrl } from './url.js';

/** `--call`'s value with a link turned into a destination; an error text for a link the phone cannot call. */
export function callDestination(
  call: string,
): { ok: true; destination: string } | { ok: false; error: string } {
  if (!isPhoneUrl(call)) return { ok: true, destination: call };
  const d = destinationFromUrl(call);
  return d === undefined
    ? { ok: false, error: `not a link the phone can call: ${call}` }
    : { ok: true, destination: d };
}

/** Whether an instance answers for the config directory (else `--call` starts one). */
export async function instanceRuns(configDir: string | undefined, env: NodeJS.ProcessEnv): Promise<boolean> {
  return socketIsLive(socketPath(resolveConfigDir(configDir), env));
}

/** The console line that calls a destination, quoted for the console's tokenizer. */
export function callCommandLine(destination: string): string {
  const q = /[\s"'\\]/.test(destination)
    ? `"${destination.replace(/["\\]/g, (c) => `\\${c}`)}"`
    : destination;
  return `call ${q}`;
}

/** Runs `--install-url-handler`; returns the exit code. */
export async function runInstallUrlHandler(
  env: NodeJS.ProcessEnv,
  io: { out(line: string): void; err(line: string): void },
): Promise<number> {
  try {
    const r = await installUrlHandler({ env });
    for (const m of r.messages) io.out(m);
    return 0;
  } catch (e) {
    io.err(`twinkle: cannot install the URL handler: ${(e as Error).message}`);
    return 1;
  }
}
