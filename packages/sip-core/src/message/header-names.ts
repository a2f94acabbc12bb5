/**
 * Header field names: compact forms (RFC 3261 section 7.3.3 and later RFCs) and
 * the canonical spelling used when we serialize a header we build.
 */

/** Compact form (one letter) to canonical long name. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'Accept-Contact', // RFC 3841
  b: 'Referred-By', // RFC 3892
  c: 'Content-Type',
  d: 'Request-Disposition', // RFC 3841
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact', // RFC 3841
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info', // RFC 4474
  o: 'Event', // RFC 6665
  r: 'Refer-To', // RFC 3515
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events', // RFC 6665
  v: 'Via',
  x: 'Session-Expires', // RFC 4028
  y: 'Identity', // RFC 4474
};

const CANONICAL = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Accept-Resource-Priority',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Answer-Mode',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-ID',
  'Content-Language',
  'Content-Length',
  'Content-Transfer-Encoding',
  'Content-Type',
  'CSeq',
  'Date',
  'Diversion',
  'Error-Info',
  'Event',
  'Expires',
  'Feature-Caps',
  'Flow-Timer',
  'From',
  'Geolocation',
  'Geolocation-Routing',
  'History-Info',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Info-Package',
  'Join',
  'Max-Breadth',
  'Max-Forwards',
  'MIME-Version',
  'Min-Expires',
  'Min-SE',
  'Organization',
  'P-Access-Network-Info',
  'P-Asserted-Identity',
  'P-Asserted-Service',
  'P-Associated-URI',
  'P-Called-Party-ID',
  'P-Charging-Function-Addresses',
  'P-Charging-Vector',
  'P-Early-Media',
  'P-Preferred-Identity',
  'P-Preferred-Service',
  'P-Visited-Network-ID',
  'Path',
  'Permission-Missing',
  'Priority',
  'Priv-Answer-Mode',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Recv-Info',
  'Refer-Events-At',
  'Refer-Sub',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Replaces',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Resource-Priority',
  'Retry-After',
  'Route',
  'RSeq',
  'Security-Client',
  'Security-Server',
  'Security-Verify',
  'Server',
  'Service-Route',
  'Session-Expires',
  'Session-ID',
  'SIP-ETag',
  'SIP-If-Match',
  'Subject',
  'Subscription-State',
  'Supported',
  'Target-Dialog',
  'Timestamp',
  'To',
  'Trigger-Consent',
  'Unsupported',
  'User-Agent',
  'User-to-User',
  'Via',
  'Warning',
  'WWW-Authenticate',
];

const byLower = new Map<string, string>(CANONICAL.map((n) => [n.toLowerCase(), n]));

/**
 * The lower-case long name used as a lookup key: `v` and `VIA` both give `via`.
 * Header names are case-insensitive (RFC 3261 section 7.3.1).
 */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) {
    const long = COMPACT_FORMS[lower];
    if (long !== undefined) return long.toLowerCase();
  }
  return lower;
}

/** The conventional spelling of a header name (`call-id` gives `Call-ID`). */
export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  const known = byLower.get(key);
  if (known !== undefined) return known;
  return key.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
