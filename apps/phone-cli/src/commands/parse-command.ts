/**
 * The console's command parser: a line in, a typed command or a precise
 * error out. Pure; never throws. Follows Twinkle's rules (src/userintf.cpp):
 * the command word is case-insensitive, an exact name wins, a unique prefix
 * completes (and `ans` is answer, which answerbye extends), options are `-x` or `-xVALUE` or `-x VALUE`.
 */
import { parseAddressbook } from '../addressbook/addressbook-command.js';
import { COMMAND_NAMES, type CommandSpec, commandSpec } from './command-table.js';
import type { CommandError, CommandName, ParseResult } from './command-types.js';
import { buildFollow, buildRedirect } from './redirect-command.js';
import { tokenize } from './tokenize.js';
import { parseZrtp } from './zrtp-command.js';

/** Completion of a command word: the command, or why there is none. */
export type Completion =
  | { ok: true; spec: CommandSpec }
  | { ok: false; code: 'unknown' | 'ambiguous'; candidates: readonly string[] };

/** Resolves a command word or unique prefix of one (names and aliases). */
export function completeCommand(word: string): Completion {
  const w = word.toLowerCase();
  const exact = COMMAND_NAMES.get(w);
  if (exact) return { ok: true, spec: exact };
  const matches = new Map<CommandName, string>();
  for (const [name, spec] of COMMAND_NAMES)
    if (w !== '' && name.startsWith(w) && !matches.has(spec.name)) matches.set(spec.name, name);
  const names = [...matches.values()];
  if (names.length === 1) return { ok: true, spec: COMMAND_NAMES.get(names[0]!)! };
  // Twinkle calls `ans` ambiguous (answer, answerbye); we take the candidate the others extend.
  const root = names.find((n) => names.every((m) => m.startsWith(n)));
  if (root !== undefined) return { ok: true, spec: COMMAND_NAMES.get(root)! };
  return { ok: false, code: matches.size === 0 ? 'unknown' : 'ambiguous', candidates: names };
}

interface Words {
  readonly options: ReadonlyMap<string, string | true>;
  readonly args: readonly string[];
}

const syntax = (command: CommandName, message: string): { ok: false; error: CommandError } => ({
  ok: false,
  error: { code: 'syntax', command, message: `${message}; usage: ${commandSpec(command).usage}` },
});

function splitOptions(spec: CommandSpec, words: readonly string[]): Words | string {
  const options = new Map<string, string | true>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.length < 2 || !w.startsWith('-') || args.length > 0) {
      // After the first argument everything is an argument (a destination may hold a dash).
      if (w === '-' && args.length === 0) return 'a lone "-" is not an option';
      args.push(w);
      continue;
    }
    const letter = w[1]!;
    const kind = spec.options[letter];
    if (kind === undefined) return `unknown option -${letter}`;
    if (kind === 'switch') {
      if (w.length > 2) return `-${letter} takes no value`;
      options.set(letter, true);
    } else if (kind === 'switch-arg') {
      options.set(letter, true);
      if (w.length > 2) args.push(w.slice(2));
    } else if (w.length > 2) {
      options.set(letter, w.slice(2));
    } else {
      const value = words[i + 1];
      if (value === undefined) return `-${letter} needs a value`;
      options.set(letter, value);
      i++;
    }
  }
  if (args.length < spec.minArgs)
    return spec.minArgs === 1 ? 'an argument is missing' : 'arguments are missing';
  if (args.length > spec.maxArgs) return `too many arguments: ${args.slice(spec.maxArgs).join(' ')}`;
  return { options, args };
}

function onOff(value: string | true | undefined): boolean | undefined | 'bad' {
  if (value === undefined) return undefined;
  if (value === 'on') return true;
  if (value === 'off') return false;
  return 'bad';
}

/** The keypad letters: Twinkle's dtmf converts them to the digit they are printed on. */
const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) =>
    [...letters].map((l) => [l, String(i + 2)]),
  ),
);

/**
 * DTMF keys from what the user typed: raw mode keeps 0-9 * # A-D; otherwise
 * letters become keypad digits. Undefined when a character is not a key.
 */
export function dtmfKeys(text: string, raw: boolean): string | undefined {
  let keys = '';
  for (const ch of text) {
    if (/[0-9*#]/.test(ch)) keys += ch;
    else if (raw && /[a-dA-D]/.test(ch)) keys += ch.toUpperCase();
    else if (!raw && KEYPAD[ch.toLowerCase()] !== undefined) keys += KEYPAD[ch.toLowerCase()];
    else return undefined;
  }
  return keys === '' ? undefined : keys;
}

function build(spec: CommandSpec, w: Words): ParseResult {
  const name = spec.name;
  const str = (letter: string): string | undefined => {
    const v = w.options.get(letter);
    return typeof v === 'string' ? v : undefined;
  };
  const arg = w.args[0];
  switch (name) {
    case 'call': {
      const subject = str('s');
      const display = str('d');
      return {
        ok: true,
        command: {
          name,
          uri: arg!,
          hideIdentity: w.options.has('h'),
          ...(subject === undefined ? {} : { subject }),
          ...(display === undefined ? {} : { display }),
        },
      };
    }
    case 'mute':
    case 'dnd':
    case 'auto_answer': {
      const set = onOff(w.options.get('a'));
      if (set === 'bad') return syntax(name, '-a takes on or off');
      return { ok: true, command: { name, show: w.options.has('s'), ...(set === undefined ? {} : { set }) } };
    }
    case 'dtmf': {
      const raw = w.options.has('r');
      const digits = dtmfKeys(arg!, raw);
      if (digits === undefined) return syntax(name, `not DTMF keys: ${arg}`);
      return { ok: true, command: { name, digits, raw } };
    }
    case 'transfer': {
      const consult = w.options.has('c');
      const otherLine = w.options.has('l');
      if (consult && otherLine) return syntax(name, '-c and -l do not go together');
      if (otherLine && arg !== undefined) return syntax(name, '-l takes no destination');
      if (!consult && !otherLine && arg === undefined) return syntax(name, 'a destination is missing');
      return {
        ok: true,
        command: { name, consult, otherLine, ...(arg === undefined ? {} : { destination: arg }) },
      };
    }
    case 'message': {
      const [destination, ...words] = w.args;
      const subject = str('s');
      const file = str('f');
      const display = str('d');
      if (words.length === 0 && file === undefined) return syntax(name, 'no text and no file to send');
      return {
        ok: true,
        command: {
          name,
          destination: destination!,
          text: words.join(' '),
          ...(subject === undefined ? {} : { subject }),
          ...(file === undefined ? {} : { file }),
          ...(display === undefined ? {} : { display }),
        },
      };
    }
    case 'blf': {
      const remove = w.options.has('r');
      if (remove && arg === undefined) return syntax(name, '-r needs a destination');
      return { ok: true, command: { name, remove, ...(arg === undefined ? {} : { destination: arg }) } };
    }
    case 'presence': {
      const b = str('b');
      if (b === undefined) return { ok: true, command: { name } };
      if (b !== 'online' && b !== 'offline') return syntax(name, '-b takes online or offline');
      return { ok: true, command: { name, state: b } };
    }
    case 'register':
      return { ok: true, command: { name, all: w.options.has('a') } };
    case 'deregister':
      return { ok: true, command: { name, all: w.options.has('a'), allDevices: w.options.has('d') } };
    case 'options':
      return { ok: true, command: arg === undefined ? { name } : { name, uri: arg } };
    case 'line': {
      const other = w.options.has('o');
      if (arg === undefined) return { ok: true, command: { name, other } };
      if (other) return syntax(name, '-o and a line number do not go together');
      if (!/^[0-9]+$/.test(arg)) return syntax(name, `not a line number: ${arg}`);
      // Twinkle: `line 0` shows the active line, as `line` does.
      if (Number(arg) === 0) return { ok: true, command: { name, other } };
      return { ok: true, command: { name, other, line: Number(arg) } };
    }
    case 'redirect':
    case 'follow': {
      const r = name === 'redirect' ? buildRedirect(w.options, w.args) : buildFollow(w.args);
      return typeof r === 'string' ? syntax(name, r) : { ok: true, command: r };
    }
    case 'user':
      return { ok: true, command: arg === undefined ? { name } : { name, profile: arg } };
    case 'addressbook': {
      const r = parseAddressbook(w.options, w.args);
      return r.ok ? { ok: true, command: r.command } : syntax(name, r.message);
    }
    case 'help': {
      if (arg === undefined) return { ok: true, command: { name } };
      const c = completeCommand(arg);
      if (!c.ok) return syntax(name, `no command ${arg}`);
      return { ok: true, command: { name, topic: c.spec.name } };
    }
    case 'zrtp':
      return parseZrtp(arg!);
    default:
      return { ok: true, command: { name } };
  }
}

/** Parses one console line. */
export function parseCommand(line: string): ParseResult {
  const t = tokenize(line);
  if (!t.ok) return { ok: false, error: { code: 'syntax', message: t.error } };
  const [first, ...rest] = t.words;
  if (first === undefined) return { ok: false, error: { code: 'empty', message: 'no command' } };
  const c = completeCommand(first);
  if (!c.ok) {
    const message =
      c.code === 'unknown'
        ? `unknown command: ${first} (type help for the list)`
        : `ambiguous command: ${first} could be ${c.candidates.join(', ')}`;
    return { ok: false, error: { code: c.code, message, candidates: c.candidates } };
  }
  const w = splitOptions(c.spec, rest);
  if (typeof w === 'string') return syntax(c.spec.name, w);
  return build(c.spec, w);
}
