/**
 * Reading commands: an interactive terminal gets readline with line editing,
 * the `Twinkle> ` prompt and a history file (as Twinkle keeps one in its
 * config directory); a pipe is read one command per line, in order. The end
 * of input quits, as in Twinkle.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export const PROMPT = 'Twinkle> ';
/** Twinkle keeps 1000 lines of command history. */
const HISTORY_LINES = 1000;

export interface ConsoleInputOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A terminal: prompt, line editing, history. */
  readonly interactive: boolean;
  /** The history file (interactive only). */
  readonly historyFile?: string;
  /** Runs one line; resolves when its result is printed. */
  readonly onLine: (line: string) => Promise<void>;
  /** Ctrl-C at the prompt (a terminal turns it into input, not a signal). */
  readonly onInterrupt?: () => void;
}

export class ConsoleInput {
  readonly #options: ConsoleInputOptions;
  readonly #rl: Interface;
  /** Taken at once, so lines that arrive before run() are kept, not lost. */
  readonly #lines: AsyncIterator<string>;
  #closed = false;

  private constructor(options: ConsoleInputOptions, history: string[]) {
    this.#options = options;
    this.#rl = createInterface({
      input: options.input,
      output: options.interactive ? options.output : undefined,
      terminal: options.interactive,
      history,
      historySize: HISTORY_LINES,
      removeHistoryDuplicates: true,
      prompt: PROMPT,
    });
    this.#lines = this.#rl[Symbol.asyncIterator]();
  }

  static async open(options: ConsoleInputOptions): Promise<ConsoleInput> {
    let history: string[] = [];
    if (options.interactive && options.historyFile !== undefined) {
      const text = await readFile(options.historyFile, 'utf8').catch(() => '');
      // readline keeps the newest first; the file has the oldest first.
      history = text
        .split('\n')
        .filter((l) => l !== '')
        .slice(-HISTORY_LINES)
        .reverse();
    }
    const input = new ConsoleInput(options, history);
    const interrupt = options.onInterrupt;
    if (interrupt) input.#rl.on('SIGINT', interrupt);
    return input;
  }

  /** Prints text above the prompt without breaking the line being typed. */
  print(text: string): void {
    if (!this.#options.interactive || this.#closed) {
      this.#options.output.write(`${text}\n`);
      return;
    }
    this.#options.output.write(`\r\x1b[K${text}\n`);
    this.#rl.prompt(true);
  }

  /** Asks a yes/no question; false after `timeoutMs` or on a pipe (nobody to ask). */
  async confirm(question: string, timeoutMs = 30_000): Promise<boolean> {
    if (!this.#options.interactive || this.#closed) return false;
    const answer = await new Promise<string>((resolve) => {
      const signal = AbortSignal.timeout(timeoutMs);
      signal.addEventListener('abort', () => resolve(''), { once: true });
      this.#rl.question(`\r\x1b[K${question} (y/n) `, { signal }, resolve);
    });
    // An answer is not a command: keep it out of the command history.
    const history = (this.#rl as unknown as { history?: string[] }).history;
    if (history?.[0] === answer) history.shift();
    this.#rl.prompt(true);
    return /^y(es)?$/i.test(answer.trim());
  }

  /** Reads lines until the input ends or close(); each line runs before the next is read. */
  async run(): Promise<void> {
    if (this.#options.interactive) this.#rl.prompt();
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) break;
      await this.#options.onLine(next.value);
      if (this.#closed) break;
      if (this.#options.interactive) this.#rl.prompt();
    }
  }

  /** Stops reading and saves the history. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const history = (this.#rl as unknown as { history?: string[] }).history ?? [];
    this.#rl.close();
    if (this.#options.interactive && this.#options.historyFile !== undefined)
      await writeFile(this.#options.historyFile, `${[...history].reverse().join('\n')}\n`, {
        mode: 0o600,
      }).catch(() => undefined);
  }
}
