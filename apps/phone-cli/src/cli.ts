import type { Readable, Writable } from 'node:stream';
import { formatDeviceList, listDevices } from '@twinkle/audio-alsa';
import { helpCommand, helpList } from './commands/help.js';
import { completeCommand } from './commands/parse-command.js';
import { runConsolePhone } from './console/console-app.js';
import { type Engine, loadEngine } from './console/engine-loader.js';
import { runNewProfileWizard } from './console/new-profile-wizard.js';
import { callDestination, instanceRuns, runInstallUrlHandler } from './desktop/link-flags.js';
import { parseFlags, USAGE } from './flags.js';
import { runRemote } from './remote/remote-cli.js';
import { version } from './version.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The console's input and output streams (default the process's). */
  readonly stdin?: Readable & { isTTY?: boolean };
  readonly stdout?: Writable;
  readonly env?: NodeJS.ProcessEnv;
  /** The engine, when a caller provides it (tests); default: @twinkle/phone's. */
  readonly engine?: Engine | undefined;
}

/** Runs the twinkle program with the given arguments; returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args);
  if (!parsed.ok) {
    io.err(`twinkle: ${parsed.error}`);
    io.err('Try "twinkle --help".');
    return 2;
  }
  let flags = parsed.flags;
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  if (flags.version) {
    io.out(`twinkle ${version()}`);
    return 0;
  }
  if (flags.helpCli) {
    if (flags.helpCliTopic === undefined) {
      io.out(helpList());
      return 0;
    }
    const c = completeCommand(flags.helpCliTopic);
    if (!c.ok) {
      io.err(`twinkle: no console command ${flags.helpCliTopic}`);
      return 2;
    }
    io.out(helpCommand(c.spec.name));
    return 0;
  }
  if (flags.listAudio) {
    io.out(formatDeviceList(listDevices()));
    return 0;
  }
  const env = io.env ?? process.env;
  if (flags.installUrlHandler) return runInstallUrlHandler(env, io);
  if (flags.call !== undefined) {
    // A link (sip:, sips:, tel:, callto:) from the desktop: the destination it names.
    const d = callDestination(flags.call);
    if (!d.ok) {
      io.err(`twinkle: ${d.error}`);
      return 2;
    }
    flags = { ...flags, call: d.destination };
  }
  if (flags.newProfile !== undefined)
    return runNewProfileWizard(flags.newProfile, flags.configDir, {
      input: io.stdin ?? process.stdin,
      output: io.stdout ?? process.stdout,
      err: io.err,
    });
  // --set-profile alone goes to the running instance (Twinkle); with -f it chooses among the profiles started.
  if (
    (flags.call !== undefined && (flags.cmd !== undefined || (await instanceRuns(flags.configDir, env)))) ||
    flags.cmd !== undefined ||
    (flags.setProfile !== undefined && flags.profiles === undefined)
  )
    return runRemote(flags, { out: io.out, err: io.err, env });
  return runConsolePhone(
    flags,
    { stdin: io.stdin ?? process.stdin, stdout: io.stdout ?? process.stdout, err: io.err, env },
    'engine' in io ? io.engine : loadEngine(),
  );
}
