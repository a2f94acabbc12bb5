/** Turning the facade's string arguments into URIs and addresses, with coded errors. */
import { parseNameAddr } from '../headers/index.js';
import type { NameAddr } from '../headers/types.js';
import { parseUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { UserAgentError } from './errors.js';

/** A URI from text (angle brackets allowed) or as given; 'bad-argument' when it does not parse. */
export const asUri = (text: string | Uri, what: string): Uri => {
  if (typeof text !== 'string') return text;
  const r = parseUri(text.trim().replace(/^<(.*)>$/, '$1'));
  if (!r.ok) throw new UserAgentError('bad-argument', `${what} is not a URI: ${text}`);
  return r.value;
};

/** A name-addr from text (a bare URI gets brackets); 'bad-argument' when it does not parse. */
export const asNameAddr = (text: string): NameAddr => {
  const r = parseNameAddr(text.includes('<') ? text : `<${text}>`);
  if (!r.ok) throw new UserAgentError('bad-argument', `not an address: ${text}`);
  return r.value;
};
