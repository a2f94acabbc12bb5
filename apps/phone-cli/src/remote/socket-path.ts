/**
 * Where a running instance listens for `twinkle --cmd`: a Unix socket only
 * its user can reach. One socket per config directory, so instances with
 * different directories run side by side.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/**
 * `$XDG_RUNTIME_DIR/twinkle/<hash>.sock` (the hash of the absolute config
 * directory; the runtime dir is the user's own, RFC-less but per the XDG
 * base directory spec), else `<config-dir>/twinkle.sock`.
 */
export function socketPath(configDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolve(configDir);
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime === undefined || runtime === '') return join(dir, 'twinkle.sock');
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  return join(runtime, 'twinkle', `${hash}.sock`);
}
