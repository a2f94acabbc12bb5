/**
 * What arrives: datagrams (STUN told apart from SIP, CRLF keep-alives
 * ignored), stream and WebSocket flow events. Messages are parsed straight
 * from the received Buffer, requests get their Via stamped (received/rport),
 * and unparseable requests are answered with 400 (or 513) where possible.
 */
import type { RemoteInfo } from 'node:dgram';
import type { MessageError } from '../message/errors.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipMessage, SipRequest } from '../message/sip-message.js';
import { sameAddress, unmapAddress } from './address.js';
import { buildParseErrorResponse } from './bad-request.js';
import { type FlowTable, flowKey } from './flow-table.js';
import type { KeepAliveManager } from './keep-alive.js';
import type { Flow, FlowEvents } from './stream-flow.js';
import { isStun, parseStun, STUN_BINDING_REQUEST, STUN_BINDING_SUCCESS, stunBindingSuccess } from './stun.js';
import type { Incoming, Source, Unparseable } from './types.js';
import type { UdpEndpoint } from './udp-endpoint.js';
import { stampReceived } from './via-received.js';

/** What the inbound side needs from the layer. */
export interface InboundContext {
  readonly maxMessageSize: number;
  readonly random: (n: number) => Uint8Array;
  readonly keepAlive: KeepAliveManager;
  readonly flows: FlowTable;
  isClosed(): boolean;
  flowClosed(flow: Flow): void;
  emitMessage(incoming: Incoming): void;
  emitUnparseable(event: Unparseable): void;
}

const ONLY_LINE_ENDS = /^[\r\n]*$/;

/** The receiving half of the socket transport layer. */
export class Inbound {
  readonly #ctx: InboundContext;

  constructor(ctx: InboundContext) {
    this.#ctx = ctx;
  }

  onDatagram(ep: UdpEndpoint, data: Buffer, rinfo: RemoteInfo): void {
    if (this.#ctx.isClosed()) return;
    if (isStun(data)) {
      this.#onStun(ep, data, rinfo);
      return;
    }
    const remote = unmapAddress(rinfo.address);
    const source: Source = {
      protocol: 'udp',
      remoteAddress: remote,
      remotePort: rinfo.port,
      localAddress: ep.address,
      localPort: ep.port,
      flowId: `udp|${ep.index}|${remote}|${rinfo.port}`,
    };
    // The datagram Buffer goes to the parser as is (no copy).
    const r = parseMessage(data, { transport: 'datagram', maxMessageSize: this.#ctx.maxMessageSize });
    if (r.ok) this.#deliver(r.message, source);
    else if (r.error.code !== 'empty' || !ONLY_LINE_ENDS.test(data.toString('latin1'))) {
      // RFC 5626 4.4.2: a bare CRLF keep-alive on UDP is ignored; anything else is reported.
      this.#reject(source, r.error, data, (bytes) => void ep.send(bytes, remote, rinfo.port).catch(() => {}));
    }
  }

  #onStun(ep: UdpEndpoint, data: Buffer, rinfo: RemoteInfo): void {
    const m = parseStun(data);
    if (m === undefined) return;
    if (m.type === STUN_BINDING_REQUEST) {
      const answer = stunBindingSuccess(m.transactionId, unmapAddress(rinfo.address), rinfo.port);
      void ep.send(answer, unmapAddress(rinfo.address), rinfo.port).catch(() => {});
    } else if (m.type === STUN_BINDING_SUCCESS) {
      this.#ctx.keepAlive.stunAnswer(m.transactionId, m.mapped);
    }
  }

  readonly flowEvents: FlowEvents = {
    message: (flow, message) => {
      if (message.kind === 'request') this.#learnAlias(flow, message);
      this.#deliver(message, flow.source);
    },
    error: (flow, error, data) =>
      this.#reject(flow.source, error, data, (bytes) => void flow.send(bytes).catch(() => {})),
    pong: (flow) => this.#ctx.keepAlive.pong(flow),
    closed: (flow) => {
      this.#ctx.flows.remove(flow);
      this.#ctx.flowClosed(flow);
      this.#ctx.keepAlive.closed(flow);
    },
  };

  /**
   * A peer whose top Via names its own source address and a port can be
   * reached over this connection at that port (connection reuse in the spirit
   * of RFC 5923, limited to the address the connection comes from).
   */
  #learnAlias(flow: Flow, request: SipRequest): void {
    if (flow.protocol !== 'tcp' && flow.protocol !== 'tls') return;
    const top = request.via?.[0];
    if (top?.port === undefined || !sameAddress(top.host, flow.source.remoteAddress)) return;
    this.#ctx.flows.alias(flow, flowKey(flow.protocol, flow.source.remoteAddress, top.port));
  }

  #deliver(message: SipMessage, source: Source): void {
    let m = message;
    if (m.kind === 'request') {
      try {
        m = stampReceived(m, source);
      } catch {
        // A Via that parses but cannot be rebuilt: hand the request up unchanged.
      }
    }
    this.#ctx.emitMessage({ message: m, source });
  }

  /** Reports unparseable input and answers it with 400/513 when a response can be built. */
  #reject(source: Source, error: MessageError, data: Uint8Array, reply: (bytes: Uint8Array) => void): void {
    this.#ctx.emitUnparseable({ source, code: error.code, reason: error.reason });
    const tag = Buffer.from(this.#ctx.random(8)).toString('hex');
    const answer = buildParseErrorResponse(data, error.status, error.reason, tag);
    if (answer !== undefined) reply(answer);
  }
}
