/**
 * The command table: every console command with its aliases, options,
 * arguments and help, in Twinkle's order (src/userintf.cpp, all_commands).
 * The parser and `help` read only this table.
 */
import type { CommandName } from './command-types.js';
import { SERVICE_COMMANDS } from './service-commands.js';
import { ZRTP_SPEC } from './zrtp-command.js';

/**
 * An option letter: a switch (`-h`), one that takes a value (`-s subject`),
 * or a switch whose attached text is the argument (Twinkle's `dtmf -r12AB`).
 */
export type OptionKind = 'switch' | 'value' | 'switch-arg';

export interface CommandSpec {
  readonly name: CommandName;
  /** Other names that mean the same (`invite` for `call`). */
  readonly aliases: readonly string[];
  readonly options: Readonly<Record<string, OptionKind>>;
  /** How many words besides the options. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** One line for the command list. */
  readonly summary: string;
  readonly usage: string;
  /** Lines after the usage: what it does, then each option. */
  readonly details: readonly string[];
}

const SWITCH_DETAILS = (what: string): string[] => [
  `Without options the ${what} is toggled.`,
  `  -s         show whether ${what} is on`,
  `  -a on|off  turn ${what} on or off`,
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'call',
    aliases: ['invite'],
    options: { s: 'value', d: 'value', h: 'switch' },
    minArgs: 1,
    maxArgs: 1,
    summary: 'call someone',
    usage: 'call [-s subject] [-d display] [-h] destination',
    details: [
      'Calls a SIP address from the active profile on the active line.',
      'A user name alone gets the domain of the profile (bob -> sip:bob@domain).',
      '  -s subject  Subject header of the INVITE',
      '  -d display  display name of the called party in the To header',
      '  -h          hide your identity (anonymous From, Privacy: id)',
    ],
  },
  {
    name: 'answer',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'answer the incoming call',
    usage: 'answer',
    details: ['Answers the call ringing on the active line.'],
  },
  {
    name: 'answerbye',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'answer a ringing call, or end the current one',
    usage: 'answerbye',
    details: ['One key for both: answers when the active line rings, else ends its call.'],
  },
  {
    name: 'reject',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'reject the incoming call',
    usage: 'reject',
    details: ['Rejects the call ringing on the active line with 486 Busy Here.'],
  },
  {
    name: 'bye',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'end a call',
    usage: 'bye',
    details: ['Ends the call on the active line: BYE once answered, CANCEL while it rings.'],
  },
  {
    name: 'hold',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'put the call on hold',
    usage: 'hold',
    details: ['Holds the far end of the call on the active line (re-INVITE per hold_variant).'],
  },
  {
    name: 'retrieve',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'take the held call back',
    usage: 'retrieve',
    details: ['Takes the call on the active line off hold.'],
  },
  {
    name: 'transfer',
    aliases: ['refer'],
    options: { c: 'switch-arg', l: 'switch' },
    minArgs: 0,
    maxArgs: 1,
    summary: 'transfer a call',
    usage: 'transfer [-c] [-l] [destination]',
    details: [
      'Transfers the call on the active line (REFER). Without options: a blind transfer to destination.',
      '  -c dst  consult first: the call is held and dst is called on the other line;',
      '          then transfer -c (no dst) on that line completes the transfer',
      '  -l      transfer the call on this line to the party on the other line',
      '          (attended with Replaces when that party supports it)',
      'A transfer request from the far end is answered with answer or reject.',
    ],
  },
  {
    name: 'mute',
    aliases: [],
    options: { s: 'switch', a: 'value' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'mute the microphone',
    usage: 'mute [-s] [-a on|off]',
    details: ['The far end hears silence; you still hear them.', ...SWITCH_DETAILS('mute')],
  },
  {
    name: 'dtmf',
    aliases: [],
    options: { r: 'switch-arg' },
    minArgs: 1,
    maxArgs: 1,
    summary: 'send DTMF keys',
    usage: 'dtmf [-r] keys',
    details: [
      'Sends keys on the call of the active line, per the profile dtmf_transport.',
      'Letters become the keypad digit they are printed on (dtmf movies = 668437).',
      '  -r    raw: send the keys as they are; A-D only in raw mode',
      '  keys  0-9, *, #, and A-D with -r',
    ],
  },
  {
    name: 'redial',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'call the last number again',
    usage: 'redial',
    details: ['Calls the last called address again with the same options and profile.'],
  },
  {
    name: 'register',
    aliases: [],
    options: { a: 'switch' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'register at the registrar',
    usage: 'register [-a]',
    details: ['Registers the active profile.', '  -a  register every active profile'],
  },
  {
    name: 'deregister',
    aliases: [],
    options: { a: 'switch', d: 'switch' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'remove the registration',
    usage: 'deregister [-a] [-d]',
    details: [
      'Removes the registration of the active profile.',
      '  -a  every active profile',
      '  -d  every device registered for the address (Contact: *)',
    ],
  },
  {
    name: 'fetch_reg',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'show the registrations the registrar holds',
    usage: 'fetch_reg',
    details: ['Asks the registrar which contacts are bound to the active profile.'],
  },
  {
    name: 'options',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 1,
    summary: 'ask a SIP endpoint what it supports',
    usage: 'options [destination]',
    details: ['Sends OPTIONS to the destination, or to the far end of the active call.'],
  },
  {
    name: 'line',
    aliases: [],
    options: { o: 'switch' },
    minArgs: 0,
    maxArgs: 1,
    summary: 'show or switch the active line',
    usage: 'line [-o] [number]',
    details: [
      'Without arguments shows the active line. Switching holds the call of the',
      'line you leave and retrieves a held call on the line you go to. In a 3-way',
      'conference it only changes the active line.',
      '  -o      switch to the other line',
      '  number  the line to switch to (1 or 2)',
    ],
  },
  {
    name: 'conference',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'join the calls on lines 1 and 2 in a 3-way conference',
    usage: 'conference',
    details: [
      'Both calls must be answered; a held call is retrieved. Each party hears you and the',
      'other; you hear both. Hanging up ends both calls when hangup_both_3way=yes in',
      'twinkle.sys, else only the active line (the other goes on as a normal call).',
    ],
  },
  {
    name: 'dnd',
    aliases: [],
    options: { s: 'switch', a: 'value' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'do not disturb',
    usage: 'dnd [-s] [-a on|off]',
    details: ['Incoming calls get 480 Temporarily Unavailable.', ...SWITCH_DETAILS('do not disturb')],
  },
  {
    name: 'auto_answer',
    aliases: [],
    options: { s: 'switch', a: 'value' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'answer incoming calls at once',
    usage: 'auto_answer [-s] [-a on|off]',
    details: ['Incoming calls are answered without ringing.', ...SWITCH_DETAILS('auto answer')],
  },
  {
    name: 'user',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 1,
    summary: 'list profiles or choose the active one',
    usage: 'user [profile]',
    details: [
      'Without an argument lists the active profiles; * marks the one new calls use.',
      'With a profile name makes that profile the active one.',
    ],
  },
  {
    name: 'redirect',
    aliases: [],
    options: { s: 'switch', t: 'value', a: 'value' },
    minArgs: 0,
    maxArgs: 5,
    summary: 'redirect a call, or set call forwarding',
    usage: 'redirect [-s] [-t always|busy|noanswer] [-a on|off] [dst ...]',
    details: [
      'Without -t redirects the call ringing on the active line (302) to up to 5',
      'destinations, tried in the order given.',
      '  -s        show the call forwarding of the active profile',
      '  -t type   set call forwarding: always, busy, or noanswer (after timer_noanswer)',
      '  -a on|off turn that call forwarding on (default, with destinations) or off',
    ],
  },
  {
    name: 'follow',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 1,
    summary: 'answer a redirection question',
    usage: 'follow [yes|no]',
    details: [
      'The far end redirected your call and ask_user_to_redirect is on:',
      'yes (the default) calls the new destination on the same line, no does not.',
    ],
  },
  {
    name: 'history',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'show the call history',
    usage: 'history',
    details: ['Lists the calls of twinkle.ch, newest last; missed calls are marked.'],
  },
  ...SERVICE_COMMANDS,
  ZRTP_SPEC,
  {
    name: 'quit',
    aliases: ['exit', 'q', 'x'],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'quit',
    usage: 'quit',
    details: ['Ends the calls, removes the registrations and exits.'],
  },
  {
    name: 'help',
    aliases: ['h', '?'],
    options: {},
    minArgs: 0,
    maxArgs: 1,
    summary: 'help on a command',
    usage: 'help [command]',
    details: ['Lists the commands, or shows how one is used.'],
  },
];

/** Every name the prefix completion considers, with the command it means. */
export const COMMAND_NAMES: ReadonlyMap<string, CommandSpec> = new Map(
  COMMANDS.flatMap((c) => [[c.name, c] as const, ...c.aliases.map((a) => [a, c] as const)]),
);

export function commandSpec(name: CommandName): CommandSpec {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name}`);
  return spec;
}
