/** Opening an outgoing flow: a WebSocket (RFC 7118) or a TCP/TLS connection from our listening address. */
import { ipFamily, isUnspecified } from './address.js';
import type { SipTransportOptions } from './options.js';
import { connectStream } from './stream-connect.js';
import { type Flow, type FlowEvents, SocketFlow } from './stream-flow.js';
import { type Destination, TransportError, type TransportProtocol } from './types.js';
import { WsFlow } from './ws-flow.js';

export interface OpenFlowContext {
  readonly options: SipTransportOptions;
  readonly nextId: (protocol: TransportProtocol) => string;
  readonly events: FlowEvents;
  readonly now: () => number;
  readonly maxMessageSize: number;
}

/** Connects to `dest`; rejects with a TransportError (`connection-failed`, `tls`, `unsupported`). */
export async function openFlow(dest: Destination, ctx: OpenFlowContext): Promise<Flow> {
  const o = ctx.options;
  const timeoutMs = o.connectTimeoutMs ?? 10_000;
  if (dest.protocol === 'ws' || dest.protocol === 'wss') {
    const ws = o.websocket;
    if (ws === false) throw new TransportError('unsupported', 'WebSocket transport disabled');
    return WsFlow.connect({
      destination: dest,
      id: ctx.nextId(dest.protocol),
      path: ws?.path ?? '/',
      tls: o.tlsFor?.(dest) ?? o.tls,
      timeoutMs,
      maxMessageSize: ctx.maxMessageSize,
      events: ctx.events,
      now: ctx.now,
    });
  }
  if (dest.protocol !== 'tcp' && dest.protocol !== 'tls')
    throw new TransportError('unsupported', dest.protocol);
  // From the address we listen on for that family, so the peer sees the address in our Via.
  const local = o.listen.find(
    (l) =>
      l.protocol === dest.protocol &&
      ipFamily(l.address) === ipFamily(dest.address) &&
      !isUnspecified(l.address),
  )?.address;
  const socket = await connectStream(dest, o.tlsFor?.(dest) ?? o.tls, timeoutMs, local);
  return new SocketFlow(socket, dest.protocol, ctx.nextId(dest.protocol), true, {
    events: ctx.events,
    now: ctx.now,
    maxMessageSize: ctx.maxMessageSize,
    serverName: dest.protocol === 'tls' ? (dest.serverName ?? dest.address) : undefined,
  });
}
