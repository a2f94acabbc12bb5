import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, toHex } from './bytes.js';

/** What ZRTP retains about one peer ZID between calls (RFC 6189 section 4.9). */
export interface CacheEntry {
  readonly rs1?: Uint8Array | undefined;
  readonly rs2?: Uint8Array | undefined;
  /** The SAS verified flag (section 7.1). */
  readonly verified: boolean;
  /** Wall-clock expiry in ms since the epoch; undefined means never. */
  readonly expiresAt?: number | undefined;
}

/** The retained-secret cache as the protocol uses it. */
export interface SecretCache {
  /** This endpoint's own 96-bit ZID, stable across runs. */
  readonly zid: Uint8Array;
  get(peerZid: Uint8Array): CacheEntry | undefined;
  set(peerZid: Uint8Array, entry: CacheEntry): void;
}

/** An in-memory cache (tests, or a phone without a config directory). */
export class MemorySecretCache implements SecretCache {
  readonly zid: Uint8Array;
  protected readonly entries = new Map<string, CacheEntry>();
  readonly #now: () => number;

  constructor(zid: Uint8Array, now: () => number = Date.now) {
    if (zid.length !== 12) throw new RangeError('a ZID has 96 bits');
    this.zid = zid;
    this.#now = now;
  }

  get(peerZid: Uint8Array): CacheEntry | undefined {
    const e = this.entries.get(toHex(peerZid));
    // Expired secrets are as good as none (section 4.9).
    if (e && e.expiresAt !== undefined && e.expiresAt <= this.#now()) return undefined;
    return e;
  }

  set(peerZid: Uint8Array, entry: CacheEntry): void {
    this.entries.set(toHex(peerZid), entry);
  }
}

interface FileEntry {
  rs1?: string;
  rs2?: string;
  verified: boolean;
  expiresAt?: number;
}

interface FileShape {
  version: 1;
  zid: string;
  peers: Record<string, FileEntry>;
}

/** File name of the cache inside the application's directory. */
export const CACHE_FILE = 'zrtp-cache.json';

/**
 * The cache persisted as JSON in a directory the application owns (the phone's config
 * directory): written whole to a temporary file with mode 0600, then renamed over the old
 * one, so a crash never leaves half a file. The local ZID is created once and kept.
 */
export class FileSecretCache extends MemorySecretCache {
  readonly path: string;

  private constructor(path: string, zid: Uint8Array, now: () => number) {
    super(zid, now);
    this.path = path;
  }

  /** Opens (or creates) the cache in `dir`; `random` makes a new ZID when there is none. */
  static open(dir: string, random: (n: number) => Uint8Array, now: () => number = Date.now): FileSecretCache {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, CACHE_FILE);
    let data: FileShape | undefined;
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<FileShape>;
      if (parsed && typeof parsed.zid === 'string' && fromHex(parsed.zid)?.length === 12) {
        data = { version: 1, zid: parsed.zid, peers: parsed.peers ?? {} };
      }
    } catch {
      data = undefined; // missing or unreadable: start afresh
    }
    const cache = new FileSecretCache(path, data ? fromHex(data.zid)! : random(12), now);
    for (const [peer, e] of Object.entries(data?.peers ?? {})) {
      const rs1 = e.rs1 ? fromHex(e.rs1) : undefined;
      const rs2 = e.rs2 ? fromHex(e.rs2) : undefined;
      const key = fromHex(peer);
      if (key?.length === 12) {
        cache.entries.set(peer, { rs1, rs2, verified: e.verified === true, expiresAt: e.expiresAt });
      }
    }
    if (!data) cache.save();
    return cache;
  }

  override set(peerZid: Uint8Array, entry: CacheEntry): void {
    super.set(peerZid, entry);
    this.save();
  }

  /** Writes the whole cache atomically. */
  save(): void {
    const peers: Record<string, FileEntry> = {};
    for (const [k, e] of this.entries) {
      peers[k] = {
        ...(e.rs1 ? { rs1: toHex(e.rs1) } : {}),
        ...(e.rs2 ? { rs2: toHex(e.rs2) } : {}),
        verified: e.verified,
        ...(e.expiresAt !== undefined ? { expiresAt: e.expiresAt } : {}),
      };
    }
    const body: FileShape = { version: 1, zid: toHex(this.zid), peers };
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
