/** `twinkle --cmd` and `--call`: send one command to the running instance and wait for its result. */
import { connect } from 'node:net';
import { type CommandResult, parseResult, type RemoteRequest } from './protocol.js';

export type RemoteOutcome =
  | { readonly ok: true; readonly result: CommandResult }
  | { readonly ok: false; readonly reason: 'no-instance' | 'timeout' | 'protocol'; readonly message: string };

/** Sends `commandLine` over the socket at `path`; bounded by `timeoutMs` (default 10 s). */
export function sendRemoteCommand(
  path: string,
  commandLine: string,
  options: { readonly timeoutMs?: number; readonly immediate?: boolean } = {},
): Promise<RemoteOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const request: RemoteRequest = options.immediate
    ? { command: commandLine, immediate: true }
    : { command: commandLine };
  return new Promise((resolve) => {
    let settled = false;
    let buffer = '';
    const done = (o: RemoteOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const socket = connect(path);
    const timer = setTimeout(
      () =>
        done({ ok: false, reason: 'timeout', message: `no answer from the instance within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const result = parseResult(buffer.slice(0, nl));
      done(
        result
          ? { ok: true, result }
          : { ok: false, reason: 'protocol', message: 'the instance sent something that is not a result' },
      );
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({
        ok: false,
        reason: 'no-instance',
        message: `no twinkle instance is running for this config directory (${path}: ${e.code ?? e.message})`,
      }),
    );
    socket.once('close', () =>
      done({ ok: false, reason: 'protocol', message: 'the instance closed the connection without a result' }),
    );
  });
}
