import { describe, expect, it } from 'vitest';
import { rewriteToLoopback } from './loopback-rewrite.test-util.js';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = (b: Uint8Array) => String.fromCharCode(...b);

describe('rewriteToLoopback', () => {
  it('rewrites IPv4 literals in head and body and fixes a matching Content-Length', () => {
    const body = 'c=IN IP4 192.0.2.10\r\n';
    const msg = `INVITE sip:a@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.255.111;branch=z9hG4bKx\r\nl: ${body.length}\r\n\r\n${body}`;
    const out = dec(rewriteToLoopback(enc(msg)));
    expect(out).toContain('sip:a@127.0.0.1:5060');
    expect(out).toContain('UDP 127.0.0.1;branch');
    expect(out).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(out).toContain(`l: ${'c=IN IP4 127.0.0.1\r\n'.length}\r\n`);
  });

  it('leaves a deliberately wrong Content-Length, versions and binary bytes alone', () => {
    const msg =
      'OPTIONS sip:x@255.255.255.255 SIP/2.0\r\nContent-Length: 9999\r\nUser-Agent: x/1.2.3\r\n\r\n\u00ff\u0000192.0.2.1';
    const out = dec(rewriteToLoopback(enc(msg)));
    expect(out).toContain('Content-Length: 9999');
    expect(out).toContain('x/1.2.3');
    expect(out).toContain('sip:x@127.0.0.1 ');
    expect(out.endsWith('\u00ff\u0000127.0.0.1')).toBe(true);
  });
});
