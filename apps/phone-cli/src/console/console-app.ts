/**
 * `twinkle` without --call/--cmd: the console phone. Opens the config
 * directory (first-run profile when there is none), takes its instance
 * lock, starts the engine, listens for remote commands, and runs the
 * console until `quit` or the end of input; then ends calls, unregisters
 * and releases everything, within a bounded time.
 */
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import {
  acquireInstanceLock,
  type ConfigStore,
  formatDiagnostic,
  formatHistory,
  type InstanceLock,
  openConfig,
} from '@twinkle/phone';
import { ConsoleAddressBook } from '../addressbook/addressbook-command.js';
import { callCommandLine } from '../desktop/link-flags.js';
import type { Flags } from '../flags.js';
import type { CommandResult } from '../remote/protocol.js';
import {
  type RemoteServer,
  SocketInUseError,
  socketIsLive,
  startRemoteServer,
} from '../remote/remote-server.js';
import { socketPath } from '../remote/socket-path.js';
import { ConsoleInput } from './console-input.js';
import { ConsoleSession } from './console-session.js';
import type { Engine } from './engine-loader.js';
import type { ServiceState } from './execute.js';
import type { PhoneControl } from './phone-control.js';

export interface ConsoleAppIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** How long quit may take in all (the engine bounds its own part to 3 s). */
const QUIT_LIMIT_MS = 5000;

const describe = (store: ConfigStore, name: string): string | undefined => {
  const p = store.active.find((a) => a.name === name)?.profile;
  if (!p) return undefined;
  const display = p.userDisplay === '' ? '' : `${p.userDisplay} `;
  return `${display}<sip:${p.userName}@${p.userDomain}>`;
};

const bounded = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });

/** Runs the console phone; resolves with the exit code. */
export async function runConsolePhone(
  flags: Flags,
  io: ConsoleAppIo,
  engine: Engine | undefined,
): Promise<number> {
  let store: ConfigStore;
  try {
    store = await openConfig({
      ...(flags.configDir === undefined ? {} : { dir: flags.configDir }),
      ...(flags.profiles === undefined ? {} : { profiles: flags.profiles }),
    });
  } catch (e) {
    io.err(`twinkle: ${(e as Error).message}`);
    return 1;
  }
  for (const d of store.diagnostics) io.err(`twinkle: ${formatDiagnostic(d)}`);
  if (store.active.length === 0) {
    io.err(
      `twinkle: several profiles in ${store.dir} (${store.available.join(', ')}); choose with -f "NAME ..."`,
    );
    return 1;
  }
  if (engine === undefined) {
    io.err('twinkle: no call engine is available, so no call can be made.');
    io.err('Profiles, --call/--cmd, --new-profile and --list-audio work without it.');
    return 1;
  }
  // The lock file names a PID; the socket shows a live instance even where PIDs mislead (containers, same process).
  if (!flags.force && (await socketIsLive(socketPath(store.dir, io.env)))) {
    io.err(
      `twinkle: another instance answers on ${socketPath(store.dir, io.env)}; use --force to run anyway`,
    );
    return 1;
  }
  let lock: InstanceLock;
  try {
    lock = await acquireInstanceLock(store.dir, { force: flags.force });
  } catch (e) {
    io.err(`twinkle: ${(e as Error).message}`);
    return 1;
  }
  try {
    return await runWithLock(flags, io, engine, store);
  } finally {
    await lock.release();
  }
}

async function runWithLock(
  flags: Flags,
  io: ConsoleAppIo,
  engine: Engine,
  store: ConfigStore,
): Promise<number> {
  const settings = {
    ...store.settings,
    ...(flags.sipPort === undefined ? {} : { sipPort: flags.sipPort }),
    ...(flags.rtpPort === undefined ? {} : { rtpPort: flags.rtpPort }),
  };
  const contacts = await ConsoleAddressBook.open(store.dir).catch((e: unknown) => {
    io.err(`twinkle: address book: ${(e as Error).message}`);
    return undefined;
  });
  for (const p of contacts?.problems ?? []) io.err(`twinkle: ${p}`);
  let phone: PhoneControl;
  try {
    phone = await engine.createPhone({
      ...(contacts === undefined ? {} : { addressBook: contacts.book.book }),
      settings,
      profiles: store.active,
      ...(flags.address === undefined ? {} : { address: flags.address }),
      configDir: store.dir,
      history: store.history,
    });
  } catch (e) {
    io.err(`twinkle: cannot start the phone: ${(e as Error).message}`);
    return 1;
  }

  const interactive = io.stdin.isTTY === true && !flags.json;
  let input: ConsoleInput | undefined;
  const out = (text: string) => (input ? input.print(text) : io.stdout.write(`${text}\n`));
  const services = new Map<string, ServiceState>();
  for (const a of store.active) {
    // The engine applies the services it was given; the console keeps them to toggle and save.
    const s = a.services;
    const cf = { cfAlways: s.cfAlways, cfBusy: s.cfBusy, cfNoanswer: s.cfNoanswer };
    services.set(a.name, { dnd: s.dnd, autoAnswer: s.autoAnswer, ...cf });
  }

  let quitDone: () => void = () => {};
  const quitting = new Promise<void>((resolve) => {
    quitDone = resolve;
  });
  const session = new ConsoleSession({
    phone,
    json: flags.json,
    out,
    services,
    saveServices: async (name, state) => {
      const a = store.active.find((p) => p.name === name);
      if (a)
        await store.saveServices(name, {
          ...a.services,
          dnd: state.dnd,
          autoAnswer: state.autoAnswer,
          cfAlways: state.cfAlways ?? a.services.cfAlways,
          cfBusy: state.cfBusy ?? a.services.cfBusy,
          cfNoanswer: state.cfNoanswer ?? a.services.cfNoanswer,
        });
    },
    history: () => formatHistory(store.history.records),
    describeProfile: (name) => describe(store, name) ?? name,
    onQuit: () => quitDone(),
    ...(contacts === undefined ? {} : { addressBook: contacts.book }),
  });

  if (!flags.json) {
    out(`Twinkle for TypeScript. Users:`);
    for (const a of store.active) out(`  ${a.name}  ${describe(store, a.name) ?? ''}`);
    if (store.firstRunProfile !== undefined)
      out(`First run: profile ${store.firstRunProfile} was written for direct calls (no registrar).`);
    out('Type help for the commands.');
  }
  // What the engine found at startup (no sound card, codecs it lacks): once, as events would be.
  for (const message of phone.notices ?? []) session.notice(message);
  if (flags.setProfile !== undefined) await session.run(`user ${flags.setProfile}`);
  // --call with no instance running (a link clicked): this instance starts and calls, as Twinkle does.
  if (flags.call !== undefined) await session.run(callCommandLine(flags.call));

  let remote: RemoteServer | undefined;
  const path = socketPath(store.dir, io.env);
  try {
    remote = await startRemoteServer(path, async (req): Promise<CommandResult> => {
      const isCall = /^\s*(c|ca|cal|call|i|in|inv|invi|invit|invite)\s/i.test(req.command);
      if (isCall && !req.immediate && interactive && input) {
        if (!(await input.confirm(`Remote request: ${req.command.trim()}. Run it?`)))
          return { type: 'result', command: 'call', ok: false, message: 'declined at the console' };
      }
      return (
        (await session.run(req.command)) ?? { type: 'result', command: '', ok: false, message: 'no command' }
      );
    });
  } catch (e) {
    out(
      e instanceof SocketInUseError
        ? `Note: another instance answers --cmd for ${store.dir}; this one (--force) takes no remote commands.`
        : `Note: no remote control (--cmd, --call) for this instance: ${(e as Error).message}`,
    );
  }

  // Programs reading --json wait for this line before they send commands.
  const sip = phone.ua?.transport.localAddress('udp');
  if (flags.json)
    out(
      JSON.stringify({
        type: 'ready',
        profiles: phone.profiles,
        activeProfile: phone.activeProfile,
        ...(sip === undefined ? {} : { sip: `${sip.host}:${sip.port}` }),
        socket: remote?.path ?? null,
      }),
    );
  else if (sip !== undefined) out(`SIP on ${sip.host}:${sip.port}`);
  const onSignal = () => void session.run('quit');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  input = await ConsoleInput.open({
    input: io.stdin,
    output: io.stdout,
    interactive,
    historyFile: join(store.dir, 'twinkle.history'),
    onLine: async (line) => {
      await session.run(line);
    },
    onInterrupt: onSignal,
  });
  // The end of input quits, as in Twinkle; so does `quit` from a remote client.
  await Promise.race([input.run().then(() => session.run('quit')), quitting]);
  await bounded(quitting, QUIT_LIMIT_MS);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await input.close();
  await remote?.close();
  return 0;
}
