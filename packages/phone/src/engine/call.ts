/**
 * A call on a line: the sip-core INVITE session (either side), its media,
 * and the call state the user sees. The Phone creates calls and routes the
 * user's commands to them; the call turns session events into phone events.
 */
import { reasonPhrase, type SipResponse } from '@twinkle/sip-core';
import type { CallRecord } from '../history/call-record.js';
import { answeredCall, endedCall, failedCall, startCallRecord } from '../history/call-record-builder.js';
import type { CallMedia } from './call-media.js';
import { DTMF_RELAY, dtmfRelayBody, parseDtmfRelay } from './dtmf-info.js';
import { PhoneError } from './errors.js';
import type { MediaPort, Playing } from './media-port.js';
import type { CallStateName, PhoneEvent } from './phone-events.js';
import type { DtmfTransportName } from './phone-options.js';
import type {
  IncomingSessionRequest,
  InviteClientSession,
  InviteServerSession,
  TerminationReason,
} from './sip-types.js';

/** What a call needs from the phone. */
export interface CallHooks {
  readonly emit: (event: PhoneEvent) => void;
  /** Wall-clock time for the history, ms since the epoch. */
  readonly now: () => number;
  /** The call ended (after its events): free the line, store the record. */
  readonly ended: (call: Call, record: CallRecord, contacts: readonly string[]) => void;
}

/** What a call is made from. */
export interface CallInit {
  readonly line: number;
  readonly profile: string;
  readonly direction: 'in' | 'out';
  readonly session: InviteClientSession | InviteServerSession;
  readonly media: CallMedia;
  readonly from: { display: string; uri: string };
  readonly to: { display: string; uri: string };
  readonly subject: string;
}

/** One call on one line. */
export class Call {
  readonly line: number;
  readonly profile: string;
  readonly direction: 'in' | 'out';
  readonly session: InviteClientSession | InviteServerSession;
  readonly media: CallMedia;
  readonly #init: CallInit;
  readonly #hooks: CallHooks;
  #record: CallRecord;
  #answered = false;
  /** The 1xx that brought an early answer (early media). */
  #early: { status: number; reason: string } | undefined;
  #state: CallStateName;
  #held = false;
  #remoteHeld = false;
  #muted = false;
  #tone: Playing | undefined;

  constructor(init: CallInit, hooks: CallHooks) {
    this.#init = init;
    this.#hooks = hooks;
    this.line = init.line;
    this.profile = init.profile;
    this.direction = init.direction;
    this.session = init.session;
    this.media = init.media;
    const incoming = init.direction === 'in' ? (init.session as InviteServerSession).request : undefined;
    const device = incoming?.header('user-agent');
    this.#record = startCallRecord({
      direction: init.direction,
      time: this.#seconds(),
      from: init.from,
      to: init.to,
      profile: init.profile,
      subject: init.subject,
      ...(device === undefined ? {} : { farEndDevice: device }),
    });
    this.#state = init.direction === 'in' ? 'incoming' : 'calling';
    init.session.stateChange.on((e) => {
      if (e.state === 'established') this.#established();
      if (e.state === 'terminated' && e.reason) this.#terminated(e.reason);
    });
    init.session.renegotiated.on(() => this.#renegotiated());
    init.media.onNegotiated = (_n, answering) => {
      // Our answer to the far end's re-INVITE or UPDATE is not on the wire yet (and may still
      // be refused): the state changes with the session's `renegotiated`, once it is.
      if (answering && this.answered) return;
      if (this.#state !== 'ended') this.#renegotiated();
    };
    init.media.onPortOpened = (port) => this.#watchPort(port);
    init.session.incomingRequest.on((req) => this.#onRequest(req));
  }

  /** Reports the media port's DTMF, codec and device notices as phone events. */
  #watchPort(port: MediaPort): void {
    const emit = this.#hooks.emit;
    const line = this.line;
    const offs = [
      port.onDtmf((d) => emit({ type: 'dtmf', line, digit: d.digit, method: d.method })),
      port.onFlowing((f) =>
        emit({
          type: 'media',
          line,
          codec: f.codec,
          payloadType: f.payloadType,
          clockRate: f.clockRate,
          ptime: f.ptimeMs,
          remote: f.remote,
        }),
      ),
      port.onNotice?.((message) => emit({ type: 'notice', message })) ?? (() => {}),
    ];
    void this.session.ended().then(() => {
      for (const off of offs) off();
    });
  }

  /** In-dialog requests besides BYE/re-INVITE: INFO with DTMF (application/dtmf-relay). */
  #onRequest(req: IncomingSessionRequest): void {
    const r = req.request;
    // REFER and the NOTIFY/SUBSCRIBE of its subscription are the transfer module's (a sip-core event binding).
    if (r.method === 'REFER' || r.method === 'NOTIFY' || r.method === 'SUBSCRIBE') return;
    if (r.method !== 'INFO') {
      req.respond(405);
      return;
    }
    const ct = r.contentType;
    if (!ct || `${ct.type}/${ct.subtype}`.toLowerCase() !== DTMF_RELAY) {
      req.respond(415);
      return;
    }
    const d = parseDtmfRelay(r.bodyText);
    if (!d) {
      req.respond(400, { reason: 'Bad dtmf-relay body' });
      return;
    }
    req.respond(200);
    this.#hooks.emit({ type: 'dtmf', line: this.line, digit: d.digit, method: 'info' });
  }

  /** Holds (or retrieves) the far end with a re-INVITE (RFC 3264 section 8.4, or c=0.0.0.0 per hold_variant). */
  async setHold(hold: boolean): Promise<void> {
    if (!this.answered || this.#state === 'ended')
      throw new PhoneError('invalid-state', `line ${this.line} has no answered call`);
    if (this.#held === hold) return;
    this.media.setHold(hold);
    try {
      await this.session.reinvite();
    } catch (error) {
      this.media.setHold(!hold);
      const status = (error as { status?: number }).status;
      throw new PhoneError(
        'request-failed',
        `${hold ? 'hold' : 'retrieve'} failed: ${(error as Error).message}`,
        status,
      );
    }
    this.#held = hold;
    this.setState(hold ? 'held' : this.#remoteHeld ? 'remote-held' : 'answered');
  }

  /**
   * Sends DTMF keys: SIP INFO with application/dtmf-relay for `info`, else
   * in the media (RFC 4733 events or inband tones, the port's choice).
   */
  async sendDtmf(keys: readonly string[], transport: DtmfTransportName, durationMs: number): Promise<void> {
    if (!this.answered) throw new PhoneError('invalid-state', `line ${this.line} has no answered call`);
    for (const d of keys) {
      if (transport !== 'info') {
        try {
          await this.media.port?.sendDtmf(d);
        } catch (error) {
          // e.g. dtmf_transport=rfc2833 and the far end took no telephone-event.
          throw new PhoneError('request-failed', `DTMF not sent: ${(error as Error).message}`);
        }
        continue;
      }
      const r = await this.session.info({
        contentType: DTMF_RELAY,
        body: new TextEncoder().encode(dtmfRelayBody(d, durationMs)),
      });
      if (r.status >= 300) throw new PhoneError('request-failed', `INFO: ${r.status} ${r.reason}`, r.status);
    }
  }

  /**
   * Ends the call: BYE when answered, CANCEL while an outgoing call rings,
   * `rejectStatus` for an unanswered incoming one.
   */
  async end(rejectStatus: number): Promise<void> {
    const s = this.session;
    if (s.state === 'terminated') return;
    if (this.answered) await s.bye().catch(() => {});
    else if (this.direction === 'out') (s as InviteClientSession).cancel();
    else (s as InviteServerSession).reject(rejectStatus);
  }

  get state(): CallStateName {
    return this.#state;
  }

  get held(): boolean {
    return this.#held;
  }

  get muted(): boolean {
    return this.#muted;
  }

  get answered(): boolean {
    return this.#answered;
  }

  /** The far end's URI: To of an outgoing call, From of an incoming one. */
  get peer(): string {
    return this.direction === 'out' ? this.#init.to.uri : this.#init.from.uri;
  }

  /** Plays a tone until the state changes (ring tone, ringback). */
  playTone(tone: Playing | undefined): void {
    this.#tone?.stop();
    this.#tone = tone;
  }

  /** Sets the state and reports it. */
  setState(state: CallStateName, response?: { status: number; reason: string }): void {
    if (this.#state === 'ended' || (this.#state === state && response === undefined)) return;
    this.#state = state;
    this.#hooks.emit({
      type: 'call-state',
      line: this.line,
      state,
      ...(response ? { status: response.status, reason: response.reason } : {}),
    });
  }

  /** A provisional response of an outgoing call: ringing, or early media when it has SDP. */
  progress(r: SipResponse, ringback: () => Playing | undefined): void {
    if (r.status === 100 || this.#state === 'ended' || this.answered) return;
    const ct = r.contentType;
    const sdp =
      r.body.length > 0 && ct?.type.toLowerCase() === 'application' && ct.subtype.toLowerCase() === 'sdp';
    if (sdp) {
      // The far end plays its own ringback or announcement: stop ours (RFC 3960 section 3).
      // The state changes once the early answer reached the media (#renegotiated).
      this.#early = { status: r.status, reason: r.reason };
      this.playTone(undefined);
    } else if (this.#early === undefined && this.#state === 'calling') {
      this.setState('ringing', { status: r.status, reason: r.reason });
      this.playTone(ringback());
    }
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.media.port?.setMuted(muted);
  }

  #established(): void {
    this.#answered = true;
    this.#record = answeredCall(this.#record, { time: this.#seconds(), code: 200, reason: 'OK' });
    this.playTone(undefined);
    this.setState('answered');
  }

  #renegotiated(): void {
    const audio = this.media.negotiation?.audio;
    if (!audio) return;
    if (!this.answered) {
      // An answer before the 2xx came in a 1xx: early media (the 2xx's own answer is no such thing).
      if (this.direction === 'out' && this.#early !== undefined && this.#state !== 'early-media')
        this.setState('early-media', this.#early);
      return;
    }
    const remoteHeld = audio.remoteHold;
    if (remoteHeld === this.#remoteHeld) return;
    this.#remoteHeld = remoteHeld;
    if (!this.#held) this.setState(remoteHeld ? 'remote-held' : 'answered');
  }

  #terminated(reason: TerminationReason): void {
    this.playTone(undefined);
    const status = reason.status ?? (reason.cause === 'bye' ? 200 : undefined);
    const text =
      reason.text ?? reason.response?.reason ?? (status === undefined ? undefined : reasonPhrase(status));
    this.#state = 'ended';
    this.#hooks.emit({
      type: 'call-state',
      line: this.line,
      state: 'ended',
      ...(status === undefined ? {} : { status }),
      ...(text === undefined ? {} : { reason: text }),
    });
    this.#hooks.emit({
      type: 'call-ended',
      line: this.line,
      by: reason.by,
      cause: reason.cause,
      ...(status === undefined ? {} : { status }),
      ...(text === undefined ? {} : { reason: text }),
      ...(reason.contacts === undefined ? {} : { contacts: reason.contacts }),
    });
    const time = this.#seconds();
    const server = this.direction === 'out' ? reason.response?.header('server') : undefined;
    // Twinkle's rel_cause: who hung up an answered call, else a failure (a missed call when incoming).
    this.#record = this.answered
      ? endedCall(this.#record, time, reason.by === 'remote' ? 'far' : 'local')
      : failedCall(this.#record, {
          time,
          code: status ?? 0,
          reason: text ?? '',
          ...(server === undefined ? {} : { server }),
        });
    this.#hooks.ended(this, this.#record, reason.contacts ?? []);
  }

  /** Unix seconds, as the call history keeps times. */
  #seconds(): number {
    return Math.floor(this.#hooks.now() / 1000);
  }
}
