/**
 * Twinkle's `zrtp encrypt|go-clear|confirm-sas|reset-sas`: its entry in the command table
 * and the parse of its argument.
 */
import type { CommandSpec } from './command-table.js';
import type { ParseResult } from './command-types.js';

/** Twinkle's zrtp sub-commands. */
export const ZRTP_ACTIONS = ['encrypt', 'go-clear', 'confirm-sas', 'reset-sas'] as const;
export type ZrtpCommandAction = (typeof ZRTP_ACTIONS)[number];

export const ZRTP_SPEC: CommandSpec = {
  name: 'zrtp',
  aliases: [],
  options: {},
  minArgs: 1,
  maxArgs: 1,
  summary: 'ZRTP actions on the active call',
  usage: 'zrtp encrypt|go-clear|confirm-sas|reset-sas',
  details: [
    'Acts on the voice encryption of the call on the active line.',
    '  encrypt      start ZRTP now (when it waited for the far end to show support)',
    '  go-clear     ask the far end to turn encryption off',
    '  confirm-sas  you compared the SAS with the far end and it matched',
    '  reset-sas    take back an earlier SAS confirmation',
  ],
};

/** Parses the argument of `zrtp`. */
export function parseZrtp(arg: string): ParseResult {
  const action = ZRTP_ACTIONS.find((a) => a === arg.toLowerCase());
  if (action === undefined)
    return {
      ok: false,
      error: {
        code: 'syntax',
        command: 'zrtp',
        message: `unknown zrtp command ${arg}; usage: ${ZRTP_SPEC.usage}`,
      },
    };
  return { ok: true, command: { name: 'zrtp', action } };
}
