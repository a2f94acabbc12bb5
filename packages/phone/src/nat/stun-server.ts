/**
 * The profile's `stun_server` (`host[:port]`, Twinkle writes it without a
 * scheme; default port 3478, RFC 5389 section 9) as an address to send to.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Where Binding requests go. */
export interface StunServerAddress {
  readonly host: string;
  readonly address: string;
  readonly port: number;
}

/** Splits `host[:port]`, `[v6]:port` or a bare IPv6 address; undefined when it is not one. */
export function parseStunServer(value: string): { host: string; port: number } | undefined {
  const text = value.trim().replace(/^stun:/i, '');
  if (text === '') return undefined;
  let host = text;
  let port = 3478;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    host = v6[1]!;
    if (v6[2] !== undefined) port = Number(v6[2]);
  } else if (isIP(text) !== 6) {
    const m = /^([^:]+)(?::(\d+))?$/.exec(text);
    if (!m) return undefined;
    host = m[1]!;
    if (m[2] !== undefined) port = Number(m[2]);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

/**
 * Resolves the server's name to one address of the family the phone binds
 * (IPv4 unless it listens on an IPv6 address): the Binding requests must
 * leave from the SIP and RTP sockets' family.
 */
export async function resolveStunServer(
  value: string,
  family: 4 | 6 = 4,
): Promise<StunServerAddress | undefined> {
  const p = parseStunServer(value);
  if (p === undefined) return undefined;
  if (isIP(p.host) !== 0)
    return isIP(p.host) === family ? { host: p.host, address: p.host, port: p.port } : undefined;
  try {
    const a = await lookup(p.host, { family });
    return { host: p.host, address: a.address, port: p.port };
  } catch {
    return undefined;
  }
}
