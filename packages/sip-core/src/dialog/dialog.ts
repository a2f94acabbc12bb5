/**
 * A SIP dialog (RFC 3261 section 12): the peer-to-peer state two user agents
 * keep between a dialog-forming request and its end, and the builder of
 * requests inside it (12.2.1.1).
 */
import { formatFromTo, formatNameAddr } from '../headers/index.js';
import type { FromTo, NameAddr } from '../headers/types.js';
import { type HeadersInit, toFields } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { routeRequest } from '../resolve/next-hop.js';
import type { ServerTransaction, StrayAck } from '../transaction/types.js';
import type { Destination, LocalAddress, TransportProtocol } from '../transport/types.js';
import { formatUri, isSipUri, uriParam } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { Emitter } from '../util/emitter.js';
import { type DialogId, dialogKey } from './dialog-id.js';
import { DIALOG_TABLE, type DialogInput, type DialogState } from './dialog-state.js';
import { DialogError } from './errors.js';
import { cryptoRandomBytes, initialCSeq, makeBranch, type RandomBytes } from './random.js';

/** Resolves a next-hop URI to destinations in RFC 3263 order. */
export type DestinationResolver = (uri: Uri) => Promise<Destination[]>;

/** The local address for a protocol (TransportLayer.localAddress fits). */
export type LocalAddressOf = (protocol: TransportProtocol) => LocalAddress | undefined;

/** What a dialog needs from the stack to build requests. */
export interface DialogContext {
  /** Our Contact: the local target sent in target refresh requests (RFC 3261 12.2.1.1). */
  readonly localContact: NameAddr;
  /** Via sent-by per protocol. */
  readonly localAddress: LocalAddressOf;
  /** Default: node:crypto. */
  readonly random?: RandomBytes;
}

/**
 * A user of a dialog (RFC 5057: an INVITE usage, a subscription usage...).
 * The UA core offers each in-dialog request to the usages in order.
 */
export interface DialogUsage {
  /** Handles a request of this dialog; false when it is not for this usage. */
  onRequest(tx: ServerTransaction, dialog: Dialog): boolean;
  /** An ACK of this dialog that matched no transaction (ACK for a 2xx, RFC 3261 13.3.1.4). */
  onAck?(ack: StrayAck, dialog: Dialog): boolean;
}

/** Options of {@link Dialog.createRequest}. */
export interface InDialogRequestOptions {
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  /** The CSeq number to reuse instead of the next one: required for ACK (RFC 3261 13.2.2.4). */
  readonly cseq?: number;
  /** Transport of the top Via; default from the next hop (see {@link protocolForUri}). */
  readonly protocol?: TransportProtocol;
  /** Include our Contact; default for target refresh methods and others that need it. */
  readonly contact?: boolean;
  readonly maxForwards?: number;
}

/** Methods whose requests and 2xx responses refresh the remote target (RFC 3261 12.2; RFC 3311; RFC 6665). */
export const TARGET_REFRESH_METHODS: ReadonlySet<string> = new Set([
  'INVITE',
  'UPDATE',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
]);
/** Methods that carry our Contact in a dialog by default. */
const WITH_CONTACT = new Set([...TARGET_REFRESH_METHODS, 'PRACK']);

/** The transport a URI asks for: sips means TLS (RFC 3261 26.2), else its transport parameter, else UDP. */
export function protocolForUri(uri: Uri): TransportProtocol {
  if (!isSipUri(uri)) return 'udp';
  const t = uriParam(uri, 'transport')?.toLowerCase();
  if (uri.scheme === 'sips') return t === 'ws' || t === 'wss' ? 'wss' : 'tls';
  if (t === 'tcp' || t === 'tls' || t === 'ws' || t === 'wss') return t;
  return 'udp';
}

/** Everything a dialog is made of; see {@link Dialog.asUac} and {@link Dialog.asUas}. */
export interface DialogInit {
  readonly id: DialogId;
  readonly role: 'uac' | 'uas';
  readonly state: 'early' | 'confirmed';
  /** Our From (UAC) or To (UAS) with our tag. */
  readonly local: FromTo;
  /** The peer's address with its tag. */
  readonly remote: FromTo;
  readonly remoteTarget: Uri;
  readonly routeSet: readonly NameAddr[];
  readonly localSeq: number | undefined;
  readonly remoteSeq: number | undefined;
  readonly secure: boolean;
}

export class Dialog {
  readonly id: DialogId;
  /** The registry key ({@link dialogKey}). */
  readonly key: string;
  readonly role: 'uac' | 'uas';
  readonly local: FromTo;
  readonly remote: FromTo;
  /** True when the dialog-forming request had a sips Request-URI (RFC 3261 12.1.1, 12.1.2). */
  readonly secure: boolean;
  /** Fires on each state change. */
  readonly stateChange = new Emitter<DialogState>();
  readonly #context: DialogContext;
  readonly #random: RandomBytes;
  readonly #usages: DialogUsage[] = [];
  #state: DialogState;
  #remoteTarget: Uri;
  #routeSet: readonly NameAddr[];
  #localSeq: number | undefined;
  #remoteSeq: number | undefined;

  constructor(init: DialogInit, context: DialogContext) {
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.role = init.role;
    this.local = init.local;
    this.remote = init.remote;
    this.secure = init.secure;
    this.#state = init.state;
    this.#remoteTarget = init.remoteTarget;
    this.#routeSet = init.routeSet;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
    this.#context = context;
    this.#random = context.random ?? cryptoRandomBytes;
  }

  /**
   * The UAC side of a dialog, from a 1xx (early) or 2xx (confirmed) response
   * with a To tag to our request (RFC 3261 12.1.2): route set from
   * Record-Route reversed, remote target from Contact, local CSeq from the
   * request, remote CSeq empty.
   */
  static asUac(request: SipRequest, response: SipResponse, context: DialogContext): Dialog {
    const from = request.from;
    const to = response.to;
    const callId = response.callId;
    if (response.status < 101 || response.status > 299)
      throw new DialogError('not-dialog-forming', `status ${response.status} forms no dialog`);
    if (
      from?.tag === undefined ||
      to?.tag === undefined ||
      callId === undefined ||
      request.cseq === undefined
    )
      throw new DialogError('not-dialog-forming', 'a dialog needs Call-ID, CSeq, a From tag and a To tag');
    const requestUri = request.uri;
    return new Dialog(
      {
        id: { callId, localTag: from.tag, remoteTag: to.tag },
        role: 'uac',
        state: response.status >= 200 ? 'confirmed' : 'early',
        local: from,
        remote: to,
        remoteTarget: contactUri(response) ?? requestUri ?? to.uri,
        routeSet: [...(response.get('record-route') ?? [])].reverse(),
        localSeq: request.cseq.seq,
        remoteSeq: undefined,
        secure: requestUri !== undefined && requestUri.scheme === 'sips',
      },
      context,
    );
  }

  /**
   * The UAS side of a dialog, for a request we answer with a 1xx or 2xx
   * carrying `localTag` (RFC 3261 12.1.1): route set from Record-Route in
   * order, remote target from Contact, remote CSeq from the request, local
   * CSeq empty. Secure when the request came over TLS (`overTls`, default
   * assumed) with a sips Request-URI.
   */
  static asUas(
    request: SipRequest,
    localTag: string,
    context: DialogContext,
    state: 'early' | 'confirmed' = 'early',
    overTls = true,
  ): Dialog {
    const from = request.from;
    const to = request.to;
    const callId = request.callId;
    if (from === undefined || to === undefined || callId === undefined || request.cseq === undefined)
      throw new DialogError('not-dialog-forming', 'a dialog needs Call-ID, CSeq, From and To');
    const requestUri = request.uri;
    return new Dialog(
      {
        // A From without tag is RFC 2543; its dialog has an empty remote tag (RFC 3261 12.2.2 matching).
        id: { callId, localTag, remoteTag: from.tag ?? '' },
        role: 'uas',
        state,
        local: { ...to, tag: localTag },
        remote: from,
        remoteTarget: contactUri(request) ?? from.uri,
        routeSet: request.get('record-route') ?? [],
        localSeq: undefined,
        remoteSeq: request.cseq.seq,
        secure: overTls && requestUri !== undefined && requestUri.scheme === 'sips',
      },
      context,
    );
  }

  get state(): DialogState {
    return this.#state;
  }
  get remoteTarget(): Uri {
    return this.#remoteTarget;
  }
  get routeSet(): readonly NameAddr[] {
    return this.#routeSet;
  }
  /** The CSeq number of the last request we sent in the dialog; undefined before the first. */
  get localSeq(): number | undefined {
    return this.#localSeq;
  }
  /** The highest CSeq number received from the peer; undefined before the first. */
  get remoteSeq(): number | undefined {
    return this.#remoteSeq;
  }
  get localContact(): NameAddr {
    return this.#context.localContact;
  }

  /** Applies a state table input; returns whether the state changed. */
  apply(input: DialogInput): boolean {
    const next = DIALOG_TABLE[this.#state][input];
    if (next === undefined || next === this.#state) return false;
    this.#state = next;
    this.stateChange.emit(next);
    return true;
  }

  /**
   * Confirms the dialog (RFC 3261 13.2.2.4): for the UAC, a 2xx recomputes
   * the route set from its Record-Route (reversed) and the remote target
   * from its Contact, since an early dialog took them from a provisional.
   */
  confirm(response?: SipResponse): void {
    if (response !== undefined && this.role === 'uac' && this.#state === 'early') {
      const rr = response.get('record-route');
      this.#routeSet = rr === undefined ? [] : [...rr].reverse();
      this.refreshRemoteTarget(response);
    }
    this.apply('confirm');
  }

  /** Ends the dialog (12.3 for an early one; BYE or the last usage ending otherwise). */
  terminate(): void {
    this.apply(this.#state === 'early' ? 'fail' : 'end');
  }

  /**
   * Remote target refresh (RFC 3261 12.2.1.2 for a 2xx to our target refresh
   * request, 12.2.2 for a target refresh request we accept): the Contact URI
   * replaces the remote target. Returns whether it changed.
   */
  refreshRemoteTarget(message: SipRequest | SipResponse): boolean {
    const uri = contactUri(message);
    if (uri === undefined) return false;
    this.#remoteTarget = uri;
    return true;
  }

  /**
   * The UAC rules of RFC 3261 12.2.1.2 for the final response to a request
   * we sent in the dialog: a 2xx to a target refresh request replaces the
   * remote target; a 481 or 408 (received or made for a timeout) ends the
   * dialog. Returns what happened.
   */
  receiveResponse(method: string, response: SipResponse): 'refreshed' | 'terminated' | 'none' {
    if (response.status >= 200 && response.status < 300 && TARGET_REFRESH_METHODS.has(method))
      return this.refreshRemoteTarget(response) ? 'refreshed' : 'none';
    if (response.status === 481 || response.status === 408) {
      this.terminate();
      return 'terminated';
    }
    return 'none';
  }

  /**
   * The remote CSeq rule of RFC 3261 12.2.2 for a request received in the
   * dialog (not ACK or CANCEL, which reuse their INVITE's number): lower than
   * the remote sequence number means out of order (answer 500); otherwise the
   * number becomes the remote sequence number.
   */
  acceptRemoteCSeq(request: SipRequest): boolean {
    const seq = request.cseq?.seq;
    if (seq === undefined) return false;
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (this.#remoteSeq !== undefined && seq < this.#remoteSeq) return false;
    this.#remoteSeq = seq;
    return true;
  }

  /** The URI to resolve for the next hop: the first route entry or the remote target (RFC 3261 12.2.1.1, 8.1.2). */
  nextHop(): Uri {
    return routeRequest(this.#remoteTarget, this.#routeSet).nextHop;
  }

  /** The destinations of the next hop, through the given resolver (RFC 3263). */
  destinations(resolve: DestinationResolver): Promise<Destination[]> {
    return resolve(this.nextHop());
  }

  /**
   * Builds a request within the dialog (RFC 3261 12.2.1.1): To with the
   * remote tag, From with ours, the Call-ID, the next local CSeq (ACK reuses
   * the INVITE's: pass `cseq`), Request-URI and Route from the remote target
   * and route set (loose or strict routing), and a Via with a fresh branch.
   */
  createRequest(method: string, options: InDialogRequestOptions = {}): SipRequest {
    if (this.#state === 'terminated' && method !== 'ACK')
      throw new DialogError('terminated', `${method} in a terminated dialog`);
    let seq = options.cseq;
    if (seq === undefined) {
      if (method === 'ACK' || method === 'CANCEL')
        throw new DialogError('cseq-required', `${method} reuses the CSeq number of its INVITE`);
      seq = this.#localSeq === undefined ? initialCSeq(this.#random) : this.#localSeq + 1;
      this.#localSeq = seq;
    }
    const routing = routeRequest(this.#remoteTarget, this.#routeSet);
    const protocol = options.protocol ?? protocolForUri(routing.nextHop);
    const local = this.#context.localAddress(protocol);
    if (local === undefined) throw new DialogError('no-transport', `no local address for ${protocol}`);
    const via = `SIP/2.0/${protocol.toUpperCase()} ${local.host}:${local.port};branch=${makeBranch(this.#random)};rport`;
    const routeHeaders = routing.route.map((r) => ({ name: 'Route', value: formatNameAddr(r) }));
    const extra = toFields(options.headers);
    const withContact = options.contact ?? WITH_CONTACT.has(method);
    return createRequest({
      method,
      uri: formatUri(routing.requestUri),
      from: formatFromTo(this.local),
      to: formatFromTo(this.remote),
      callId: this.id.callId,
      cseq: seq,
      via,
      ...(withContact ? { contact: this.#context.localContact } : {}),
      ...(options.maxForwards !== undefined ? { maxForwards: options.maxForwards } : {}),
      headers: [...routeHeaders, ...extra],
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    });
  }

  /** Adds a usage (RFC 5057); the returned function removes it. */
  addUsage(usage: DialogUsage): () => void {
    this.#usages.push(usage);
    return () => {
      const i = this.#usages.indexOf(usage);
      if (i >= 0) this.#usages.splice(i, 1);
    };
  }

  get usages(): readonly DialogUsage[] {
    return this.#usages;
  }
}

/** The URI of the first Contact of a message, if any. */
function contactUri(message: SipRequest | SipResponse): Uri | undefined {
  const c = message.contact;
  return c === undefined || c === '*' ? undefined : c[0]?.uri;
}
