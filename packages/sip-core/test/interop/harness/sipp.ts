/**
 * sipp as a peer: a built-in scenario (`uac`, `uas`) or one of ours from
 * interop/sipp, bound to 127.0.0.1 or ::1 (signalling, media and a private control
 * port), bounded by sipp's own global timeout and by ours, with statistics,
 * errors and the message trace written into a temp dir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isListening } from './listening.js';
import { type PeerExit, PeerProcess } from './peer-process.js';
import { peerPath } from './peers.js';
import { freePort, freePortBlock } from './ports.js';
import { parseSippStats, type SippStats } from './sipp-stats.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

/** The directory of our scenario files. */
export const SIPP_SCENARIO_DIR = fileURLToPath(new URL('../../../interop/sipp/', import.meta.url));

export type SippTransport = 'udp' | 'tcp' | 'tls';

export interface SippOptions {
  /** A built-in scenario, or a file name in interop/sipp (e.g. `uas-401.xml`). */
  readonly scenario: { readonly builtin: 'uac' | 'uas' } | { readonly file: string };
  /** Loopback address to bind: 127.0.0.1 (default) or ::1. */
  readonly host?: '127.0.0.1' | '::1';
  /** `host:port` of the peer a UAC scenario calls (`[::1]:port` for IPv6). */
  readonly remote?: string;
  /** Local SIP port; default a free one. */
  readonly port?: number;
  readonly transport?: SippTransport;
  /** Number of calls before sipp exits (-m); default 1. */
  readonly calls?: number;
  /** Calls per second (-r) for a UAC; default 10. */
  readonly rate?: number;
  /** Most calls at once (-l). */
  readonly limit?: number;
  /** Rate ramp: add this many calls/s every `rateIncreasePeriodS` up to `rateMax` (-rate_increase, -rate_max). */
  readonly rateIncrease?: number;
  readonly rateMax?: number;
  readonly rateIncreasePeriodS?: number;
  /** User part for [service] (-s). */
  readonly service?: string;
  /** Digest credentials for [authentication] (-au/-ap). */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Values for `[key]` placeholders (-key NAME VALUE). */
  readonly keys?: Readonly<Record<string, string>>;
  /** sipp's own global timeout, in seconds (-timeout ... -timeout_error); default 20. */
  readonly timeoutS?: number;
  /** Trace every message into the temp dir (default true; off for load runs). */
  readonly traceMessages?: boolean;
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  readonly exit: PeerExit;
  readonly stats: SippStats | undefined;
  /** The error file (unexpected messages, timeouts), empty when none. */
  readonly errors: string;
  /** True when sipp exited 0 (every call ended successfully). */
  readonly ok: boolean;
  /** A readable account for assertion messages. */
  readonly report: string;
}

/** A running sipp. */
export class SippPeer {
  readonly host: '127.0.0.1' | '::1';
  readonly port: number;
  readonly transport: SippTransport;
  readonly dir: string;
  readonly process: PeerProcess;

  private constructor(
    host: '127.0.0.1' | '::1',
    port: number,
    transport: SippTransport,
    dir: string,
    process: PeerProcess,
  ) {
    this.host = host;
    this.port = port;
    this.transport = transport;
    this.dir = dir;
    this.process = process;
  }

  /** `127.0.0.1:PORT` or `[::1]:PORT` */
  get address(): string {
    return this.host === '::1' ? `[::1]:${this.port}` : `127.0.0.1:${this.port}`;
  }

  /**
   * Starts sipp; a UAS scenario is waited for until sipp itself holds its
   * port (at most 5 s). When sipp cannot bind (a parallel run took a port
   * between our check and its bind) it starts again on other ports, 3 times.
   */
  static async start(options: SippOptions): Promise<SippPeer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await SippPeer.#startOnce(options);
      } catch (e) {
        if (!(e instanceof BindError) || attempt >= 3 || options.port !== undefined) throw e;
      }
    }
  }

  static async #startOnce(options: SippOptions): Promise<SippPeer> {
    const sipp = peerPath('sipp');
    const dir = makeTempDir('sipp');
    const port = options.port ?? (await freePort());
    const controlPort = await freePort();
    const mediaPort = await freePortBlock(4);
    const transport = options.transport ?? 'udp';
    const args: string[] = [];
    if (options.remote) args.push(options.remote);
    if ('builtin' in options.scenario) args.push('-sn', options.scenario.builtin);
    else args.push('-sf', join(SIPP_SCENARIO_DIR, options.scenario.file));
    const host = options.host ?? '127.0.0.1';
    args.push('-i', host, '-p', String(port), '-t', { udp: 'u1', tcp: 't1', tls: 'l1' }[transport]);
    args.push('-mi', host, '-mp', String(mediaPort), '-cp', String(controlPort));
    args.push('-m', String(options.calls ?? 1), '-r', String(options.rate ?? 10));
    if (options.limit !== undefined) args.push('-l', String(options.limit));
    if (options.rateIncrease !== undefined) {
      args.push('-rate_increase', String(options.rateIncrease));
      args.push('-rate_max', String(options.rateMax ?? options.rateIncrease * 10));
      args.push('-fd', String(options.rateIncreasePeriodS ?? 1));
    }
    if (options.service) args.push('-s', options.service);
    if (options.auth) args.push('-au', options.auth.user, '-ap', options.auth.password);
    for (const [k, v] of Object.entries(options.keys ?? {})) args.push('-key', k, v);
    args.push('-timeout', `${options.timeoutS ?? 20}s`, '-timeout_error', '-nostdin');
    args.push(
      '-trace_stat',
      '-stf',
      join(dir, 'stats.csv'),
      '-trace_err',
      '-error_file',
      join(dir, 'errors.log'),
    );
    if (options.traceMessages !== false) args.push('-trace_msg', '-message_file', join(dir, 'messages.log'));
    args.push(...(options.extraArgs ?? []));
    const name =
      'builtin' in options.scenario ? `sipp-${options.scenario.builtin}` : `sipp-${options.scenario.file}`;
    const process = await PeerProcess.start({ name, command: sipp, args, dir });
    const peer = new SippPeer(host, port, transport, dir, process);
    const proto = transport === 'udp' ? 'udp' : 'tcp';
    const bindFailed = () =>
      /Unable to bind|Address already in use/i.test(
        readText(join(dir, 'errors.log')) + process.output().stderr,
      );
    try {
      // a UAC binds its port too (and may finish quickly); wait so a bind failure is seen here
      await process.waitUntil(
        () =>
          isListening(proto, port, process.pid) ||
          (options.remote !== undefined && process.exit !== undefined),
        5000,
        `${transport} port ${port} bound`,
      );
      if (process.exit === undefined || !bindFailed()) return peer;
    } catch (e) {
      if (!bindFailed()) {
        await peer.close();
        throw e;
      }
    }
    await peer.close();
    throw new BindError(`sipp could not bind port ${port} or its media/control ports`);
  }

  /** Waits for sipp to finish (at most `timeoutMs`) and reads its files. */
  async result(timeoutMs: number): Promise<SippResult> {
    const exit = await this.process.waitExit(timeoutMs);
    return this.#collect(exit);
  }

  /** Stops sipp if still running and removes its temp dir. */
  async close(): Promise<void> {
    await this.process.stop();
    removeTempDir(this.dir);
  }

  /** The message trace so far (when tracing is on). */
  messages(): string {
    return readText(join(this.dir, 'messages.log'));
  }

  #collect(exit: PeerExit): SippResult {
    const stats = parseSippStats(readText(join(this.dir, 'stats.csv')));
    const errors = readText(join(this.dir, 'errors.log'));
    const ok = exit.code === 0;
    const lines = [
      `sipp exit ${exit.code ?? exit.signal}` +
        (stats ? `: ${stats.successful} successful, ${stats.failed} failed of ${stats.created}` : ''),
    ];
    if (!ok) {
      if (errors) lines.push(`--- errors\n${errors.slice(-4000)}`);
      lines.push(this.process.tail(15));
      const msgs = this.messages();
      if (msgs) lines.push(`--- messages (last 6000 chars)\n${msgs.slice(-6000)}`);
    }
    return { exit, stats, errors, ok, report: lines.join('\n') };
  }
}

/** sipp could not bind one of its ports. */
class BindError extends Error {}

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
