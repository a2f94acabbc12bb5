/**
 * Which external peers (Debian programs) the interop tests need, and the rule
 * of the brief: a missing peer skips on a developer machine but FAILS in CI
 * (CI=true), so a CI image without the package cannot pass silently.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The programs the interop suite starts, with the Debian package that ships each. */
export const PEERS = {
  sipp: { command: 'sipp', debian: 'sip-tester' },
  kamailio: { command: 'kamailio', debian: 'kamailio (and kamailio-tls-modules for TLS)' },
  openssl: { command: 'openssl', debian: 'openssl' },
} as const;

export type PeerName = keyof typeof PEERS;

const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** The absolute path of an executable on PATH (or in an sbin directory), or undefined. */
export function findCommand(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The path of a peer's program; throws with the package to install when it is missing. */
export function peerPath(peer: PeerName): string {
  const path = findCommand(PEERS[peer].command);
  if (path === undefined) {
    throw new Error(
      `${PEERS[peer].command} is not installed (Debian package ${PEERS[peer].debian}); ` +
        'it is listed in .ci/apt-packages.txt',
    );
  }
  return path;
}

/** What a suite needs to know about its peers. */
export interface PeerRequirement {
  /** True on a developer machine without the peers: the suite is skipped (reported as skipped). */
  readonly skip: boolean;
  /** Throws when a peer is missing: call it in beforeAll so CI fails instead of skipping. */
  readonly assert: () => void;
  readonly missing: readonly PeerName[];
}

/**
 * `const peers = requirePeer('sipp'); describe.skipIf(peers.skip)(..., () => { beforeAll(peers.assert) })`.
 * With CI=true `skip` is always false, so a missing program fails the suite.
 */
export function requirePeer(...peers: PeerName[]): PeerRequirement {
  const missing = peers.filter((p) => findCommand(PEERS[p].command) === undefined);
  return {
    skip: missing.length > 0 && process.env.CI !== 'true',
    missing,
    assert: () => {
      for (const p of missing) peerPath(p);
    },
  };
}
