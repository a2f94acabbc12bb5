/**
 * The dialog state an INVITE session keeps (RFC 3261 section 12): ids, local
 * and remote URIs, remote target, route set and CSeq numbers, and the
 * building of in-dialog requests (12.2.1.1). A small adapter of the session
 * layer's own, kept apart so it can be swapped for the shared dialog layer.
 */
import { formatFromTo, formatNameAddr } from '../headers/index.js';
import type { FromTo, NameAddr } from '../headers/types.js';
import type { FieldInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { routeRequest } from '../resolve/next-hop.js';
import { formatUri } from '../uri/format.js';
import type { Uri } from '../uri/types.js';

export type SessionDialogState = 'early' | 'confirmed' | 'terminated';

/** What an in-dialog request carries beyond the dialog's own fields. */
export interface DialogRequestInit {
  readonly method: string;
  /** Top Via value (the caller picks transport, sent-by and branch). */
  readonly via: string;
  readonly contact?: string;
  /** CSeq number; default the next local one (ACK and CANCEL pass the INVITE's, 12.2.1.1). */
  readonly cseq?: number;
  readonly headers?: readonly FieldInit[];
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

/** A request of the dialog and the URI whose location is its next hop. */
export interface DialogRequest {
  readonly request: SipRequest;
  readonly nextHop: Uri;
}

const recordRoute = (m: SipRequest | SipResponse): NameAddr[] => [...(m.get('record-route') ?? [])];

function contactUri(m: SipRequest | SipResponse): Uri | undefined {
  const c = m.contact;
  return c === undefined || c === '*' ? undefined : c[0]?.uri;
}

/** One dialog of an INVITE session, seen from our side. */
export class SessionDialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** From of our requests (with our tag). */
  readonly local: FromTo;
  /** To of our requests (with the remote tag). */
  readonly remote: FromTo;
  remoteTarget: Uri;
  /** Fixed when the dialog is created, except that a 2xx may replace an early dialog's (12.1.2). */
  routeSet: readonly NameAddr[];
  localSeq: number;
  remoteSeq: number | undefined;
  state: SessionDialogState;
  /** True when we created it as UAC (the Call-ID owner of RFC 3261 14.1). */
  readonly isUac: boolean;

  private constructor(init: {
    callId: string;
    local: FromTo;
    remote: FromTo;
    remoteTarget: Uri;
    routeSet: readonly NameAddr[];
    localSeq: number;
    remoteSeq: number | undefined;
    state: SessionDialogState;
    isUac: boolean;
  }) {
    this.callId = init.callId;
    this.local = init.local;
    this.remote = init.remote;
    this.localTag = init.local.tag ?? '';
    this.remoteTag = init.remote.tag ?? '';
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.state = init.state;
    this.isUac = init.isUac;
  }

  /**
   * The UAC's dialog from a 1xx (with To tag) or 2xx to its INVITE (RFC 3261
   * 12.1.2): route set is Record-Route reversed, remote target the Contact.
   * Undefined when the response cannot create one.
   */
  static asUac(invite: SipRequest, response: SipResponse): SessionDialog | undefined {
    const callId = invite.callId;
    const from = invite.from;
    const to = response.to;
    const cseq = invite.cseq;
    if (callId === undefined || from?.tag === undefined || to?.tag === undefined || cseq === undefined)
      return undefined;
    const target = contactUri(response) ?? invite.uri;
    if (target === undefined) return undefined;
    return new SessionDialog({
      callId,
      local: from,
      remote: to,
      remoteTarget: target,
      routeSet: recordRoute(response).reverse(),
      localSeq: cseq.seq,
      remoteSeq: undefined,
      state: response.status < 200 ? 'early' : 'confirmed',
      isUac: true,
    });
  }

  /** The UAS's dialog for an INVITE, with our To tag (RFC 3261 12.1.1): Record-Route in order. */
  static asUas(invite: SipRequest, localTag: string, initialSeq: number): SessionDialog | undefined {
    const callId = invite.callId;
    const from = invite.from;
    const to = invite.to;
    const cseq = invite.cseq;
    const target = contactUri(invite);
    if (callId === undefined || from === undefined || to === undefined || cseq === undefined || !target)
      return undefined;
    return new SessionDialog({
      callId,
      local: { ...to, tag: localTag },
      remote: from,
      remoteTarget: target,
      routeSet: recordRoute(invite),
      localSeq: initialSeq,
      remoteSeq: cseq.seq,
      state: 'early',
      isUac: false,
    });
  }

  /** Key of the dialog (Call-ID, local tag, remote tag). */
  get key(): string {
    return `${this.callId}\u0000${this.localTag}\u0000${this.remoteTag}`;
  }

  /** The 2xx to the INVITE confirms the dialog; its Record-Route replaces an early route set (12.1.2). */
  confirm(response?: SipResponse): void {
    if (this.state !== 'early') return;
    this.state = 'confirmed';
    if (response !== undefined && this.isUac) this.routeSet = recordRoute(response).reverse();
    if (response !== undefined) this.refreshTarget(response);
  }

  terminate(): void {
    this.state = 'terminated';
  }

  /** Remote target refresh from a target refresh request or its 2xx (RFC 3261 12.2.1.2, 12.2.2). */
  refreshTarget(m: SipRequest | SipResponse): void {
    const t = contactUri(m);
    if (t !== undefined) this.remoteTarget = t;
  }

  /**
   * Checks the CSeq of a request in the dialog (RFC 3261 12.2.2): false for
   * one lower than the last (answer 500); remembers it otherwise.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = request.cseq?.seq;
    if (seq === undefined) return false;
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** The next local CSeq number (12.2.1.1: one more than the last). */
  nextSeq(): number {
    this.localSeq += 1;
    return this.localSeq;
  }

  /** The URI to resolve for the next in-dialog request (RFC 3261 12.2.1.1, 8.1.2). */
  nextHop(): Uri {
    return routeRequest(this.remoteTarget, this.routeSet).nextHop;
  }

  /** Builds an in-dialog request (RFC 3261 12.2.1.1): routed loose or strict through the route set. */
  request(init: DialogRequestInit): DialogRequest {
    const routing = routeRequest(this.remoteTarget, this.routeSet);
    const cseq = init.cseq ?? this.nextSeq();
    const headers: FieldInit[] = routing.route.map((r) => ({ name: 'Route', value: formatNameAddr(r) }));
    const request = createRequest({
      method: init.method,
      uri: formatUri(routing.requestUri),
      from: formatFromTo(this.local),
      to: formatFromTo(this.remote),
      callId: this.callId,
      cseq,
      via: init.via,
      ...(init.contact === undefined ? {} : { contact: init.contact }),
      headers: [...headers, ...(init.headers ?? [])],
      ...(init.body === undefined || init.body.length === 0
        ? {}
        : { body: init.body, contentType: init.contentType ?? 'application/octet-stream' }),
    });
    return { request, nextHop: routing.nextHop };
  }
}
