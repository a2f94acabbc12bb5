/** NAT traversal: nat_public_ip, STUN (RFC 5389, @twinkle/stun) and keep-alives. */
export { NatTraversal, type PublicAddress, type RtpMapping } from './nat-traversal.js';
export { parseStunServer, resolveStunServer, type StunServerAddress } from './stun-server.js';
