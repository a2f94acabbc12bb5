/** Private temporary directories for a peer's logs, configuration and runtime files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh directory under the system temp dir. */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `twinkle-interop-${prefix}-`));
}

/**
 * Removes a temp dir, unless KEEP_INTEROP_LOGS is set (then its path is kept
 * for a look at the peers' logs after a failure).
 */
export function removeTempDir(dir: string): void {
  if (process.env.KEEP_INTEROP_LOGS) return;
  rmSync(dir, { recursive: true, force: true });
}
