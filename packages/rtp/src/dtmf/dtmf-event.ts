/** A DTMF key. */
export type DtmfDigit =
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '*'
  | '#'
  | 'A'
  | 'B'
  | 'C'
  | 'D';

/** All sixteen keys in RFC 4733 event-code order (§3.2, Table 7): event n is `DTMF_DIGITS[n]`. */
export const DTMF_DIGITS: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
];

/** RFC 4733 §3.2: event code 16 is a hook flash. */
export const EVENT_FLASH = 16;

/** The RFC 4733 event code of a key (0-9, * = 10, # = 11, A-D = 12-15); lower-case a-d accepted. */
export function dtmfEventCode(digit: string): number | undefined {
  const i = DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  return i < 0 ? undefined : i;
}

/** The key of an RFC 4733 event code, or undefined for codes that are not DTMF keys. */
export function dtmfDigitOf(event: number): DtmfDigit | undefined {
  return DTMF_DIGITS[event];
}

/** Whether a string is one DTMF key (upper-case A-D). */
export function isDtmfDigit(s: string): s is DtmfDigit {
  return (DTMF_DIGITS as readonly string[]).includes(s);
}
