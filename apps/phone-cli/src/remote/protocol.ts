/**
 * The remote-control protocol: one JSON object per line over the socket.
 * The client sends `{"command":"call bob"}`; the instance answers with one
 * result line `{"type":"result","command":"call","ok":true,...}`.
 */

/** What a command came to, as the console prints it in `--json` mode and sends to remote clients. */
export interface CommandResult {
  readonly type: 'result';
  /** The command's name after completion (`call` for `inv bob`), or the word typed when it did not parse. */
  readonly command: string;
  readonly ok: boolean;
  /** What to tell a person (the error, or what changed). */
  readonly message?: string;
  /** Machine-readable details (line of a new call, OPTIONS answer, bindings...). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface RemoteRequest {
  readonly command: string;
  /** Twinkle's --immediate: run without asking the person at the console. */
  readonly immediate?: boolean;
}

/** Parses a request line; undefined when it is not one. Never throws. */
export function parseRequest(line: string): RemoteRequest | undefined {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null) return undefined;
    const { command, immediate } = v as { command?: unknown; immediate?: unknown };
    if (typeof command !== 'string') return undefined;
    return immediate === true ? { command, immediate } : { command };
  } catch {
    // not JSON: fall through
  }
  return undefined;
}

/** Parses a result line; undefined when it is not one. Never throws. */
export function parseResult(line: string): CommandResult | undefined {
  try {
    const v = JSON.parse(line) as Partial<CommandResult> | null;
    if (v && v.type === 'result' && typeof v.command === 'string' && typeof v.ok === 'boolean')
      return v as CommandResult;
  } catch {
    // not JSON
  }
  return undefined;
}
