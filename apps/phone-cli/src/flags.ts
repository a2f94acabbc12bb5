/**
 * Twinkle's command line (twinkle(1)): -f, -c, --call, --cmd, --immediate,
 * --set-profile, --force, --sip-port, --rtp-port, --help, --help-cli,
 * --version; ours besides: --config-dir, --json, --list-audio, --new-profile.
 * Pure: arguments in, flags or an error message out.
 */
import { parseArgs } from 'node:util';

export interface Flags {
  /** `-f "alice work"`: the profiles to activate (Twinkle takes several). */
  readonly profiles?: string;
  readonly sipPort?: number;
  readonly rtpPort?: number;
  /** `--call URI`: the running instance calls URI. */
  readonly call?: string;
  /** `--cmd "COMMAND"`: the running instance runs a console command. */
  readonly cmd?: string;
  /** With --call/--cmd: no confirmation asked in the running instance. */
  readonly immediate: boolean;
  /** Make this profile the active one (in the running instance with --call/--cmd, or at start). */
  readonly setProfile?: string;
  /** Run even when another instance holds the config directory. */
  readonly force: boolean;
  readonly help: boolean;
  /** `--help-cli [COMMAND]`: the console commands, or one of them. */
  readonly helpCli: boolean;
  readonly helpCliTopic?: string;
  readonly version: boolean;
  readonly configDir?: string;
  readonly json: boolean;
  readonly listAudio: boolean;
  readonly newProfile?: string;
  /** `--address ADDR`: the address to listen on for SIP and RTP (default all; tests 127.0.0.1). */
  readonly address?: string;
  /** `--install-url-handler`: make this phone the handler of sip:, sips:, tel: and callto: links. */
  readonly installUrlHandler: boolean;
}

export type FlagsResult = { ok: true; flags: Flags } | { ok: false; error: string };

function port(name: string, text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  // 0 lets the system choose (tests and side-by-side instances).
  if (!/^[0-9]+$/.test(text) || Number(text) > 65535)
    return `--${name} takes a port number (0-65535), not "${text}"`;
  return Number(text);
}

export function parseFlags(args: readonly string[]): FlagsResult {
  let parsed: ReturnType<typeof run>;
  try {
    parsed = run(args);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const v = parsed.values;
  if (parsed.positionals.length > 0 && !(v['help-cli'] && parsed.positionals.length === 1))
    return { ok: false, error: `unexpected argument: ${parsed.positionals.join(' ')}` };
  const sip = port('sip-port', v['sip-port']);
  if (typeof sip === 'string') return { ok: false, error: sip };
  const rtp = port('rtp-port', v['rtp-port']);
  if (typeof rtp === 'string') return { ok: false, error: rtp };
  if (v.call !== undefined && v.cmd !== undefined)
    return { ok: false, error: '--call and --cmd do not go together' };
  if (v.immediate && v.call === undefined && v.cmd === undefined)
    return { ok: false, error: '--immediate goes with --call or --cmd' };
  const opt = <K extends string, T>(key: K, value: T | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, T>>;
  return {
    ok: true,
    flags: {
      ...opt('profiles', v.f),
      ...opt('sipPort', sip),
      ...opt('rtpPort', rtp),
      ...opt('call', v.call),
      ...opt('cmd', v.cmd),
      immediate: v.immediate === true,
      ...opt('setProfile', v['set-profile']),
      force: v.force === true,
      help: v.help === true,
      helpCli: v['help-cli'] === true,
      ...opt('helpCliTopic', parsed.positionals[0]),
      version: v.version === true,
      ...opt('configDir', v['config-dir']),
      json: v.json === true,
      listAudio: v['list-audio'] === true,
      ...opt('newProfile', v['new-profile']),
      ...opt('address', v.address),
      installUrlHandler: v['install-url-handler'] === true,
    },
  };
}

function run(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      f: { type: 'string', short: 'f' },
      // Twinkle's -c chooses its command-line interface; this phone has no other, so it is ignored.
      c: { type: 'boolean', short: 'c' },
      'sip-port': { type: 'string' },
      'rtp-port': { type: 'string' },
      call: { type: 'string' },
      cmd: { type: 'string' },
      immediate: { type: 'boolean' },
      'set-profile': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'help-cli': { type: 'boolean' },
      version: { type: 'boolean' },
      'config-dir': { type: 'string' },
      json: { type: 'boolean' },
      'list-audio': { type: 'boolean' },
      'new-profile': { type: 'string' },
      address: { type: 'string' },
      'install-url-handler': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
}

export const USAGE = `Usage: twinkle [options]

Twinkle for TypeScript, a SIP soft phone for the console.

Options:
  -f PROFILES          profiles to activate, several in one quoted word: -f "alice work"
  -c                   accepted for Twinkle compatibility (this phone is always a console)
  --config-dir DIR     configuration directory (default ~/.twinkle)
  --sip-port PORT      SIP port, instead of sip_port of twinkle.sys
  --rtp-port PORT      first RTP port, instead of rtp_port of twinkle.sys
  --call URI           tell the running instance to call URI
  --cmd "COMMAND"      tell the running instance to run a console command
  --immediate          with --call/--cmd: do not ask for confirmation
  --set-profile NAME   make NAME the active profile (of the running instance
                       with --call/--cmd or alone; of this one at start)
  --force              run even if another instance uses the config directory
  --address ADDR       listen for SIP and RTP on ADDR only (default: every address,
                       advertising the one that routes to the registrar or proxy)
  --json               events and command results as one JSON object per line
  --new-profile NAME   create a profile for a provider account (asks a few questions)
  --install-url-handler  open sip:, sips:, tel: and callto: links with this phone
                       (a desktop entry in $XDG_DATA_HOME/applications, xdg-mime)
  --list-audio         list the audio devices usable as dev_mic, dev_speaker, dev_ringtone
  --help-cli [COMMAND] the console commands, or how one is used
  -h, --help           this help
  --version            the version

--call, --cmd and --set-profile print the result and exit 1 when the command
failed or no instance runs for the config directory.`;
