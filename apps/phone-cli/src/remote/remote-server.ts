/**
 * The running instance's side of remote control: a Unix socket, mode 0600
 * in a 0700 directory, that runs each request line as a console command.
 * A socket left by a crashed instance (connecting fails) is removed; a live
 * one means another instance serves this config directory.
 */
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { type CommandResult, parseRequest, type RemoteRequest } from './protocol.js';

/** Runs one request; must resolve (errors become `ok: false` results). */
export type RemoteHandler = (request: RemoteRequest) => Promise<CommandResult>;

export class SocketInUseError extends Error {
  override readonly name = 'SocketInUseError';
  readonly code = 'in-use';
}

/** Longest request line accepted, bytes: a command is short; this bounds memory per client. */
const MAX_LINE = 64 * 1024;

/** Whether something accepts connections on the socket (bounded by `timeoutMs`). */
export function socketIsLive(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function prepare(path: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory as it is and masks the mode with the umask.
  await chmod(dir, 0o700);
  let exists = false;
  try {
    exists = (await lstat(path)).isSocket();
  } catch {
    return;
  }
  if (!exists) throw new Error(`${path} exists and is not a socket`);
  if (await socketIsLive(path)) throw new SocketInUseError(`another instance listens on ${path}`);
  await unlink(path);
}

/** Serves one client; returns a function giving the promise of its requests still running. */
function serve(socket: Socket, handle: RemoteHandler): () => Promise<void> {
  let buffer = '';
  let queue = Promise.resolve();
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_LINE && !buffer.includes('\n')) {
      socket.end(
        `${JSON.stringify({ type: 'result', command: '', ok: false, message: 'request too long' })}\n`,
      );
      return;
    }
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line !== '') {
        // One after another: the answers come back in the order of the requests.
        queue = queue.then(async () => {
          const req = parseRequest(line);
          const result: CommandResult = req
            ? await handle(req)
            : {
                type: 'result',
                command: '',
                ok: false,
                message: 'not a request: expected {"command":"..."}',
              };
          if (!socket.destroyed) socket.write(`${JSON.stringify(result)}\n`);
        });
      }
      nl = buffer.indexOf('\n');
    }
  });
  return () => queue;
}

/** A listening remote-control socket. */
export interface RemoteServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens on `path` for remote commands. Rejects with SocketInUseError when a live instance owns it. */
export async function startRemoteServer(path: string, handle: RemoteHandler): Promise<RemoteServer> {
  await prepare(path);
  const sockets = new Map<Socket, () => Promise<void>>();
  const server: Server = createServer((s) => {
    sockets.set(s, serve(s, handle));
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(path, 0o600);
  return {
    path,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A `quit` sent remotely is answered before its connection goes (bounded: 1 s).
      const pending = Promise.all([...sockets.values()].map((running) => running()));
      await Promise.race([pending, new Promise((r) => setTimeout(r, 1000).unref())]);
      for (const s of sockets.keys()) s.destroy();
      await closed;
      await unlink(path).catch(() => undefined);
    },
  };
}
