/**
 * Character classes of the RFC 3261 section 25 grammar, as bit flags in a
 * 128-entry table so that scanners test a class with one lookup. Code points
 * of 128 and above belong to no class (each scanner decides about UTF-8).
 */

/** ALPHA / DIGIT. */
export const ALNUM = 1;
/** unreserved = alphanum / mark. */
export const UNRESERVED = 2;
/** token (RFC 3261 section 25.1). */
export const TOKEN = 4;
/** Characters of `user` besides escapes: unreserved / user-unreserved. */
export const USER = 8;
/** Characters of `password` besides escapes. */
export const PASSWORD = 16;
/** paramchar of a SIP URI besides escapes: param-unreserved / unreserved. */
export const PARAM = 32;
/** hname/hvalue characters besides escapes: hnv-unreserved / unreserved. */
export const HNV = 64;
/** Characters of a hostname or IPv4 address. */
export const HOST = 128;
/** HEXDIG. */
export const HEX = 256;
/** SP, HTAB, and CR/LF left over from folding. */
export const WS = 512;
/** word (Call-ID). */
export const WORD = 1024;
/** Characters of a URI scheme after the first letter. */
export const SCHEME = 2048;
/** DIGIT. */
export const DIGIT = 4096;
/** gen-value characters besides quoted strings: token plus the `:`, `[`, `]` of an IPv6 host. */
export const GEN_VALUE = 8192;

const table = new Uint16Array(128);

const add = (chars: string, flag: number): void => {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= flag;
};

const alpha = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
const alnum = alpha + digits;
const mark = "-_.!~*'()";
const unreserved = alnum + mark;

add(alnum, ALNUM);
add(digits, DIGIT);
add(unreserved, UNRESERVED);
add(`${alnum}-.!%*_+\`'~`, TOKEN);
add(`${unreserved}&=+$,;?/`, USER);
add(`${unreserved}&=+$,`, PASSWORD);
add(`${unreserved}[]/:&+$`, PARAM);
add(`${unreserved}[]/?:+$`, HNV);
// Underscore is not in RFC 1034 host names but appears in deployed ones.
add(`${alnum}-._`, HOST);
add('0123456789abcdefABCDEF', HEX);
add(' \t\r\n', WS);
add(`${alnum}-.!%*_+\`'~()<>:\\"/[]?{}`, WORD);
add(`${alnum}+-.`, SCHEME);
add(`${alnum}-.!%*_+\`'~:[]`, GEN_VALUE);

/** `token` as a regular expression character class, for native fast paths. */
export const TOKEN_RE = "[A-Za-z0-9\\-.!%*_+`'~]";
/** gen-value characters besides quoted strings ({@link GEN_VALUE}) as a character class. */
export const GEN_VALUE_RE = "[A-Za-z0-9\\-.!%*_+`'~:\\[\\]]";

/** True when `code` is in at least one of the classes of `flags`. */
export const isClass = (code: number, flags: number): boolean => code < 128 && (table[code]! & flags) !== 0;
