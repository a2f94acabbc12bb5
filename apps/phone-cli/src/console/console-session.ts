/**
 * The console between the input and the phone: each line is parsed, run,
 * and its result printed; each engine event is printed. In `--json` mode
 * every event and every result is one JSON object per line, for programs.
 */
import { parseCommand } from '../commands/parse-command.js';
import type { CommandResult } from '../remote/protocol.js';
import { type ExecuteContext, executeCommand } from './execute.js';
import { formatEvent } from './format-event.js';
import type { PhoneEventLike } from './phone-control.js';

export interface ConsoleSessionOptions extends ExecuteContext {
  readonly json: boolean;
  /** Writes one line (or several joined by \n) to the output. */
  readonly out: (text: string) => void;
}

export class ConsoleSession {
  readonly #options: ConsoleSessionOptions;
  readonly #unsubscribe: () => void;
  #quitting = false;
  /** Notices already shown: a missing sound card is said once, however many calls fall back. */
  readonly #notices = new Set<string>();

  constructor(options: ConsoleSessionOptions) {
    this.#options = options;
    this.#unsubscribe = options.phone.on((e) => this.#event(e));
  }

  get quitting(): boolean {
    return this.#quitting;
  }

  #event(event: PhoneEventLike): void {
    if (event.type === 'notice') {
      const message = (event as { message?: unknown }).message;
      if (typeof message === 'string') {
        // Ring tones, microphone and speaker each find the missing sound card: say it once.
        const key = /no usable sound card/.test(message) ? 'no sound card' : message;
        if (this.#notices.has(key)) return;
        this.#notices.add(key);
      }
    }
    if (this.#options.json) {
      this.#options.out(JSON.stringify(event));
      return;
    }
    const text = formatEvent(event);
    if (text !== undefined) this.#options.out(text);
  }

  /** Shows a notice the way the engine's notice events are shown (once each). */
  notice(message: string): void {
    this.#event({ type: 'notice', message } as PhoneEventLike);
  }

  /** Parses and runs one line; prints and returns the result (undefined for an empty line). */
  async run(line: string, print = true): Promise<CommandResult | undefined> {
    const parsed = parseCommand(line);
    let result: CommandResult;
    if (!parsed.ok) {
      if (parsed.error.code === 'empty') return undefined;
      result = {
        type: 'result',
        command: parsed.error.command ?? line.trim().split(/\s+/)[0] ?? '',
        ok: false,
        message: parsed.error.message,
        ...(parsed.error.candidates ? { data: { candidates: [...parsed.error.candidates] } } : {}),
      };
    } else {
      if (parsed.command.name === 'quit') {
        if (this.#quitting) return { type: 'result', command: 'quit', ok: true };
        this.#quitting = true;
      }
      result = await executeCommand(parsed.command, this.#options);
      if (parsed.command.name === 'quit') this.#unsubscribe();
    }
    if (print) this.print(result);
    return result;
  }

  /** Prints a result: JSON, or its message (errors prefixed so they stand out). */
  print(result: CommandResult): void {
    if (this.#options.json) this.#options.out(JSON.stringify(result));
    else if (!result.ok) this.#options.out(`Error: ${result.message ?? `${result.command} failed`}`);
    else if (result.message !== undefined) this.#options.out(result.message);
  }
}
