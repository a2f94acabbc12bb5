/**
 * A `twinkle --json` process for the end-to-end tests: its stdout read as
 * JSON lines, commands written to stdin, and bounded waits for a line.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export type Json = { type: string } & Record<string, unknown>;

export class Twinkle {
  readonly lines: Json[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  readonly #waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly process: ChildProcessWithoutNullStreams,
  ) {
    let buf = '';
    process.stdout.setEncoding('utf8');
    process.stdout.on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as Json);
      for (const w of this.#waiters) w();
    });
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (d: string) => this.stderr.push(d));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** The first line matching, waiting up to `ms`. */
  async waitFor(match: (j: Json) => boolean, ms = 8000): Promise<Json> {
    const found = () => this.lines.find(match);
    const end = Date.now() + ms;
    for (;;) {
      const f = found();
      if (f) return f;
      const left = end - Date.now();
      if (left <= 0)
        throw new Error(
          `${this.name}: no match in ${ms} ms; got ${JSON.stringify(this.lines)} ${this.stderr.join('')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
  }
}
