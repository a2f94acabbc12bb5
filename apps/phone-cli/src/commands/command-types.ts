/**
 * The console commands as typed values: what the parser returns and the
 * executor runs. Names are Twinkle's (src/userintf.cpp); `invite` is parsed
 * as `call`, `exit` as `quit`.
 */

import type { AddressbookCommand } from '../addressbook/addressbook-command.js';
import type { RedirectCommand } from './redirect-command.js';
import type { ZrtpCommandAction } from './zrtp-command.js';

/** `on`/`off` sets a service; absent toggles it (Twinkle's `-a on|off`). */
export interface SwitchCommand {
  /** `-s`: show the state instead of changing it. */
  readonly show: boolean;
  /** `-a on|off`; undefined toggles. */
  readonly set?: boolean;
}

export type CommandName =
  | 'call'
  | 'answer'
  | 'answerbye'
  | 'reject'
  | 'bye'
  | 'hold'
  | 'retrieve'
  | 'transfer'
  | 'mute'
  | 'dtmf'
  | 'redial'
  | 'register'
  | 'deregister'
  | 'fetch_reg'
  | 'options'
  | 'line'
  | 'conference'
  | 'user'
  | 'dnd'
  | 'auto_answer'
  | 'history'
  | 'redirect'
  | 'follow'
  | 'mwi'
  | 'message'
  | 'presence'
  | 'blf'
  | 'vm'
  | 'zrtp'
  | 'quit'
  | 'addressbook'
  | 'help';

export type Command =
  | {
      readonly name: 'call';
      readonly uri: string;
      readonly subject?: string;
      readonly display?: string;
      readonly hideIdentity: boolean;
    }
  | { readonly name: 'answer' }
  | { readonly name: 'answerbye' }
  | { readonly name: 'reject' }
  | { readonly name: 'bye' }
  | { readonly name: 'hold' }
  | { readonly name: 'retrieve' }
  /** `transfer dst` blind; `-c dst` consults, `-c` alone completes; `-l` the other line's party. */
  | {
      readonly name: 'transfer';
      readonly destination?: string;
      readonly consult: boolean;
      readonly otherLine: boolean;
    }
  | ({ readonly name: 'mute' } & SwitchCommand)
  | { readonly name: 'dtmf'; readonly digits: string; readonly raw: boolean }
  | { readonly name: 'redial' }
  | { readonly name: 'register'; readonly all: boolean }
  | { readonly name: 'deregister'; readonly all: boolean; readonly allDevices: boolean }
  | { readonly name: 'fetch_reg' }
  | { readonly name: 'options'; readonly uri?: string }
  /** `line` shows the active line; `line N` switches; `line -o` switches to the other line. */
  | { readonly name: 'line'; readonly line?: number; readonly other: boolean }
  | { readonly name: 'conference' }
  | { readonly name: 'user'; readonly profile?: string }
  | ({ readonly name: 'dnd' } & SwitchCommand)
  | ({ readonly name: 'auto_answer' } & SwitchCommand)
  | { readonly name: 'history' }
  /** `redirect` of the ringing call or the forwarding services, `follow` of a 3xx (redirect-command.ts). */
  | RedirectCommand
  /** Message waiting of each profile; `vm` calls the voice mail (mwi_vm_address). */
  | { readonly name: 'mwi' }
  | { readonly name: 'vm' }
  /** `message [-s subject] [-f file] [-d display] dst [text]`. */
  | {
      readonly name: 'message';
      readonly destination: string;
      readonly text: string;
      readonly subject?: string;
      readonly file?: string;
      readonly display?: string;
    }
  /** `presence` shows; `-b online|offline` publishes. */
  | { readonly name: 'presence'; readonly state?: 'online' | 'offline' }
  /** `blf` lists the busy lamps; `blf dst` watches a user's dialogs (RFC 4235), `-r` stops. */
  | { readonly name: 'blf'; readonly destination?: string; readonly remove: boolean }
  /** `zrtp encrypt|go-clear|confirm-sas|reset-sas` on the active line. */
  | { readonly name: 'zrtp'; readonly action: ZrtpCommandAction }
  | { readonly name: 'quit' }
  | AddressbookCommand
  | { readonly name: 'help'; readonly topic?: CommandName };

/** Why a line is not a command; `help` names the command whose usage fits, if any. */
export interface CommandError {
  readonly code: 'empty' | 'unknown' | 'ambiguous' | 'syntax';
  readonly message: string;
  /** For `ambiguous`: the commands the prefix could mean. */
  readonly candidates?: readonly string[];
  /** For `syntax`: the command whose usage to show. */
  readonly command?: CommandName;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };
