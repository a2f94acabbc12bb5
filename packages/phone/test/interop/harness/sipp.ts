/**
 * sipp (Debian's sip-tester) on 127.0.0.1 for one call: a built-in scenario (`uac`) or a
 * scenario file, SIP and media pinned to loopback, a global timeout that counts as a failure,
 * so a phone that misbehaves makes sipp exit non-zero within bounded time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PeerProcess } from './peer-process.js';

export interface SippOptions {
  /** Working directory (logs). */
  readonly dir: string;
  /** Built-in scenario name (`-sn`) or a scenario file (`-sf`). */
  readonly scenario: { readonly builtin: string } | { readonly file: string };
  /** sipp's SIP port on 127.0.0.1. */
  readonly sipPort: number;
  /** sipp's media port (`-mp`; sipp uses it and the ports after it). */
  readonly mediaPort: number;
  /** Where a UAC scenario sends its calls (`host:port`). */
  readonly remote?: string;
  /** `-s`: the user part of the Request-URI, and `[service]` in scenarios. */
  readonly service?: string;
  /** More arguments (`-au`, `-ap`, `-key`, `-d`...). */
  readonly args?: readonly string[];
  /** sipp's global timeout in seconds; reaching it is a failure (default 15). */
  readonly timeoutS?: number;
}

/** sipp running one call (`-m 1`). */
export class Sipp {
  readonly #process: PeerProcess;
  readonly #dir: string;

  private constructor(process: PeerProcess, dir: string) {
    this.#process = process;
    this.#dir = dir;
  }

  static async start(options: SippOptions): Promise<Sipp> {
    const scenario =
      'builtin' in options.scenario ? ['-sn', options.scenario.builtin] : ['-sf', options.scenario.file];
    const args = [
      ...scenario,
      '-i',
      '127.0.0.1',
      '-mi',
      '127.0.0.1',
      '-p',
      String(options.sipPort),
      '-mp',
      String(options.mediaPort),
      '-m',
      '1',
      '-nostdin',
      '-timeout',
      `${options.timeoutS ?? 15}s`,
      '-timeout_error',
      '-trace_err',
      '-error_file',
      join(options.dir, 'sipp-errors.log'),
      '-trace_msg',
      '-message_file',
      join(options.dir, 'sipp-messages.log'),
      ...(options.service === undefined ? [] : ['-s', options.service]),
      ...(options.args ?? []),
      ...(options.remote === undefined ? [] : [options.remote]),
    ];
    const p = await PeerProcess.start('sipp', args, options.dir, join(options.dir, 'sipp.log'));
    return new Sipp(p, options.dir);
  }

  get pid(): number {
    return this.#process.pid;
  }

  /** The messages sipp sent and received and its errors, for failure messages. */
  log(): string {
    const read = (f: string) => {
      try {
        return readFileSync(join(this.#dir, f), 'latin1');
      } catch {
        return '';
      }
    };
    return `${this.#process.log()}\n--- messages\n${read('sipp-messages.log')}\n--- errors\n${read('sipp-errors.log')}`;
  }

  /** The SIP messages sipp sent and received so far (its -trace_msg file). */
  messages(): string {
    try {
      return readFileSync(join(this.#dir, 'sipp-messages.log'), 'latin1');
    } catch {
      return '';
    }
  }

  /** Polls sipp's message trace every 50 ms until `ready` holds; bounded. */
  async waitForMessages(ready: (messages: string) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (ready(this.messages())) return;
      if (Date.now() > deadline) throw new Error(`sipp: no ${what} within ${ms} ms\n${this.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** sipp's exit code (0: the call passed the scenario), waiting at most `ms`. */
  async exitCode(ms: number): Promise<number | null> {
    try {
      return await this.#process.exitCode(ms);
    } catch (e) {
      throw new Error(`sipp: ${(e as Error).message.split('\n')[0]}\n${this.log()}`);
    }
  }

  stop(): Promise<void> {
    return this.#process.stop();
  }
}
