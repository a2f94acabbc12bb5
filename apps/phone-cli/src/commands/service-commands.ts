/**
 * The table entries of the services beyond calls: voice mail and MWI,
 * instant messages, presence and busy lamps, the address book. Kept apart
 * from command-table.ts, which lists them in this place of its order.
 */
import type { CommandSpec } from './command-table.js';

export const SERVICE_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'mwi',
    aliases: [],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'show message waiting indication (voice mail)',
    usage: 'mwi',
    details: [
      "Shows each profile's voice mail: messages waiting, new and old messages, and how",
      'the phone learns them (a subscription per mwi_sollicited, or unsolicited notifications).',
    ],
  },
  {
    name: 'vm',
    aliases: ['voicemail'],
    options: {},
    minArgs: 0,
    maxArgs: 0,
    summary: 'call your voice mail',
    usage: 'vm',
    details: [
      'Calls the voice mail address of the active profile (mwi_vm_address), as `call voicemail` does.',
    ],
  },
  {
    name: 'message',
    aliases: [],
    options: { s: 'value', f: 'value', d: 'value' },
    minArgs: 1,
    maxArgs: 1000,
    summary: 'send an instant message',
    usage: 'message [-s subject] [-f file] [-d display] destination [text]',
    details: [
      'Sends a SIP MESSAGE from the active profile; the words after the destination are the text.',
      '  -s subject  Subject header',
      '  -f file     send the file as attachment (with the text, if any)',
      '  -d display  display name of the addressee in the To header',
    ],
  },
  {
    name: 'presence',
    aliases: [],
    options: { b: 'value' },
    minArgs: 0,
    maxArgs: 0,
    summary: 'show or publish presence',
    usage: 'presence [-b online|offline]',
    details: [
      'Without options: your published state and the state of each buddy of the active profile.',
      '  -b online|offline  publish your presence (PUBLISH to your address of record)',
    ],
  },
  {
    name: 'blf',
    aliases: [],
    options: { r: 'switch' },
    minArgs: 0,
    maxArgs: 1,
    summary: 'busy lamps: watch whether others are on the phone',
    usage: 'blf [-r] [destination]',
    details: [
      'Without a destination: the lamps watched (idle, ringing, busy).',
      'With one: subscribes to its dialog event package (RFC 4235) from the active profile.',
      '  -r  stop watching the destination',
    ],
  },
  {
    name: 'addressbook',
    aliases: [],
    options: { a: 'switch', d: 'switch', r: 'value', i: 'value', e: 'value', v: 'value' },
    minArgs: 0,
    maxArgs: 2,
    summary: 'list, search, add, delete, import or export contacts',
    usage: 'addressbook [-a [-r remark] name address | -d name | -i file | -e file [-v 3.0|4.0] | text]',
    details: [
      'The address book of twinkle.ab (Twinkle has it in its GUI only); call NAME calls a contact.',
      'Without options it lists the contacts, or those whose name matches text.',
      '  -a name address  add a contact (quote a name of several words)',
      '  -r remark        the remark of a contact added with -a',
      '  -d name          delete the contact',
      '  -i file          import the contacts of a vCard 3.0 or 4.0 file',
      '  -e file          export the address book as vCards (-v 3.0 or 4.0, default 4.0)',
    ],
  },
];
