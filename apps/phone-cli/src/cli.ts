import { parseArgs } from 'node:util';
import { formatDeviceList, listDevices } from '@twinkle/audio-alsa';
import { version } from './version.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const HELP = `Usage: twinkle [options]

Twinkle for TypeScript, a SIP soft phone.

Options:
  -h, --help      show this help and exit
  --version       show the version and exit
  --list-audio    list the audio devices usable as dev_mic, dev_speaker, dev_ringtone

The call engine (profiles, registration, calls) is built in issue 8; until then
this command says what exists instead of pretending to be a phone.`;

/** Runs the console program with the given arguments; returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    io.err(`twinkle: ${(e as Error).message}`);
    io.err('Try "twinkle --help".');
    return 2;
  }
  if (parsed.values.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.values['list-audio']) {
    io.out(formatDeviceList(listDevices()));
    return 0;
  }
  if (parsed.values.version) {
    io.out(`twinkle ${version()}`);
    return 0;
  }
  io.out(`Twinkle for TypeScript ${version()}`);
  io.out('The phone engine is not built yet: no profile is loaded and no call can be made.');
  io.out('What exists today: the SIP message layer (@twinkle/sip-core) and the libraries');
  io.out('listed in README.md. Run "pnpm test" to exercise them.');
  return 0;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      'list-audio': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
}
