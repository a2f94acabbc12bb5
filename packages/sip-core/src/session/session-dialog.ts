/**
 * An INVITE session's view of its dialog (RFC 3261 section 12): a thin
 * wrapper over the shared Dialog of src/dialog, so the dialog sits in the
 * DialogRegistry (where other usages such as REFER subscriptions find it,
 * RFC 5057) while the session keeps the few things it adds: the UAC/UAS
 * role as the Call-ID owner of 14.1 and a check for a Contact.
 */
import { Dialog, type DialogContext } from '../dialog/dialog.js';
import type { DialogState } from '../dialog/dialog-state.js';
import type { NameAddr } from '../headers/types.js';
import type { FieldInit } from '../message/assemble.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { TransportProtocol } from '../transport/types.js';
import type { Uri } from '../uri/types.js';

export type SessionDialogState = DialogState;

/** What an in-dialog request carries beyond the dialog's own fields. */
export interface DialogRequestInit {
  readonly method: string;
  /** Transport of the top Via: the protocol of the resolved destination. */
  readonly protocol: TransportProtocol;
  /** CSeq number; default the next local one (ACK passes its INVITE's, 13.2.2.4). */
  readonly cseq?: number;
  readonly headers?: readonly FieldInit[];
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

const hasContact = (m: SipRequest | SipResponse): boolean => {
  const c = m.contact;
  return c !== undefined && c !== '*' && c.length > 0;
};

/** One dialog of an INVITE session, seen from our side. */
export class SessionDialog {
  /** The shared dialog (registry entry, usages). */
  readonly shared: Dialog;

  private constructor(shared: Dialog) {
    this.shared = shared;
  }

  /** The UAC's dialog from a 1xx with To tag or a 2xx to its INVITE (RFC 3261 12.1.2). */
  static asUac(invite: SipRequest, response: SipResponse, context: DialogContext): SessionDialog | undefined {
    if (response.to?.tag === undefined) return undefined;
    try {
      return new SessionDialog(Dialog.asUac(invite, response, context));
    } catch {
      return undefined;
    }
  }

  /** The UAS's dialog for an INVITE, with our To tag (RFC 3261 12.1.1); the INVITE needs a Contact (8.1.1.8). */
  static asUas(invite: SipRequest, localTag: string, context: DialogContext): SessionDialog | undefined {
    if (!hasContact(invite)) return undefined;
    try {
      return new SessionDialog(Dialog.asUas(invite, localTag, context));
    } catch {
      return undefined;
    }
  }

  get callId(): string {
    return this.shared.id.callId;
  }
  get localTag(): string {
    return this.shared.id.localTag;
  }
  get remoteTag(): string {
    return this.shared.id.remoteTag;
  }
  /** Key of the dialog (Call-ID, local tag, remote tag). */
  get key(): string {
    return this.shared.key;
  }
  get state(): SessionDialogState {
    return this.shared.state;
  }
  /** True when we created it as UAC (the Call-ID owner of RFC 3261 14.1). */
  get isUac(): boolean {
    return this.shared.role === 'uac';
  }
  get remoteTarget(): Uri {
    return this.shared.remoteTarget;
  }
  get routeSet(): readonly NameAddr[] {
    return this.shared.routeSet;
  }
  get remoteSeq(): number | undefined {
    return this.shared.remoteSeq;
  }

  /** The 2xx to the INVITE confirms the dialog; for the UAC its Record-Route replaces an early route set (12.1.2). */
  confirm(response?: SipResponse): void {
    this.shared.confirm(response);
  }

  terminate(): void {
    this.shared.terminate();
  }

  /** Remote target refresh from a target refresh request or its 2xx (RFC 3261 12.2.1.2, 12.2.2). */
  refreshTarget(m: SipRequest | SipResponse): void {
    this.shared.refreshRemoteTarget(m);
  }

  /** RFC 3261 12.2.2: false for a CSeq lower than the last (answer 500); remembers it otherwise. */
  acceptRemoteSeq(request: SipRequest): boolean {
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    return this.shared.acceptRemoteCSeq(request);
  }

  /** The URI to resolve for the next in-dialog request (RFC 3261 12.2.1.1, 8.1.2). */
  nextHop(): Uri {
    return this.shared.nextHop();
  }

  /** Builds an in-dialog request (RFC 3261 12.2.1.1) with a fresh branch; Contact for target refreshes. */
  request(init: DialogRequestInit): SipRequest {
    return this.shared.createRequest(init.method, {
      protocol: init.protocol,
      ...(init.cseq === undefined ? {} : { cseq: init.cseq }),
      ...(init.headers === undefined ? {} : { headers: init.headers }),
      ...(init.body === undefined || init.body.length === 0
        ? {}
        : { body: init.body, contentType: init.contentType ?? 'application/octet-stream' }),
    });
  }
}
