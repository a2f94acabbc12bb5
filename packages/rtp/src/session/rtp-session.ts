import type { Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { decodeRtp, type RtpPacket } from '../packet/rtp-packet.js';
import { ReceiverStatistics } from '../rtcp/receiver-statistics.js';
import { RTCP_MIN_INTERVAL_SECONDS, reducedMinimumSeconds } from '../rtcp/report-interval.js';
import type { RtcpPacket } from '../rtcp/rtcp-types.js';
import { SrtpContext } from '../srtp/srtp-context.js';
import { type Clock, cryptoRandom, type RandomSource, randomUint32, systemClock } from './clock.js';
import { closeSocket, DatagramSender } from './datagram-sender.js';
import { RtpSessionError } from './errors.js';
import { ListenerSet, type Unsubscribe } from './listeners.js';
import { MemberTable } from './member-table.js';
import { OutgoingStream } from './outgoing-stream.js';
import { bindSockets } from './port-binding.js';
import type { RtcpScheduler } from './rtcp-scheduler.js';
import { SessionControl } from './session-control.js';
import type { RemoteEndpoint, RtpSessionOptions, SendOptions, SrtpKeys } from './session-options.js';
import type { SessionStats } from './session-stats.js';
import { collectStats } from './session-stats.js';
import { type LatchedSource, SourceLatch } from './source-latch.js';
import { interfaceHosts, isOwnAddress, sameAddress, type TransportAddress } from './transport-address.js';

/** Why a received datagram was dropped. */
export type DropReason = 'malformed' | 'srtp' | 'latch' | 'loop' | 'collision';

/**
 * An RTP session (RFC 3550) on a UDP socket pair, or one socket with rtcp-mux:
 * symmetric RTP (we send from the socket we receive on), latching to the peer's
 * real address ({@link SourceLatch} documents the rule), SSRC collision handling
 * (RFC 3550 section 8.2), RTCP reports on the RFC 3550 schedule, optional SRTP.
 */
export class RtpSession {
  /** RTP clock rate of the media. */
  readonly clockRate: number;
  readonly cname: string;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #rtp: Socket;
  readonly #rtcp: Socket | undefined;
  readonly #ipOverhead: number;
  readonly #local: TransportAddress;
  readonly #localRtcp: TransportAddress;
  readonly #hosts = interfaceHosts();
  readonly #latch: SourceLatch;
  readonly #members = new MemberTable();
  readonly #control: SessionControl;
  readonly #scheduler: RtcpScheduler | undefined;
  readonly #errors: ListenerSet<[Error]>;
  readonly #packets: ListenerSet<[RtpPacket, TransportAddress]>;
  readonly #drops: ListenerSet<[DropReason, TransportAddress]>;
  readonly #latched: ListenerSet<[LatchedSource]>;
  readonly #sender: DatagramSender;
  readonly #out: OutgoingStream;
  #intercept: ((datagram: Uint8Array, from: TransportAddress) => boolean) | undefined;
  #remote: RemoteEndpoint | undefined;
  #rtpTarget: TransportAddress | undefined;
  #srtpSend: SrtpContext | undefined;
  #srtpReceive: SrtpContext | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #dropCounts: Record<DropReason, number> = {
    malformed: 0,
    srtp: 0,
    latch: 0,
    loop: 0,
    collision: 0,
  };

  private constructor(options: RtpSessionOptions, rtp: Socket, rtcp: Socket | undefined) {
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.#ipOverhead = isIPv6(rtp.address().address) ? 48 : 28;
    this.#local = addressOf(rtp);
    this.#localRtcp = addressOf(rtcp ?? rtp);
    this.clockRate = options.clockRate ?? 8000;
    this.#out = new OutgoingStream(this.#random, options.payloadType ?? 0, options.samplesPerPacket ?? 160);
    this.cname = options.cname ?? `twinkle-${randomUint32(this.#random).toString(36)}`;
    this.#latch = new SourceLatch(options.latch);
    this.#errors = new ListenerSet(rethrowLater);
    const report = (e: unknown) => this.#emitError(e);
    this.#packets = new ListenerSet(report);
    this.#drops = new ListenerSet(report);
    this.#latched = new ListenerSet(report);
    this.#sender = new DatagramSender((e) =>
      this.#emitError(new RtpSessionError('socket-error', e.message, { cause: e })),
    );
    if (options.srtp) this.setSrtp(options.srtp);
    this.#control = new SessionControl({
      clock: this.#clock,
      members: this.#members,
      latch: this.#latch,
      rtcpMux: rtcp === undefined,
      ipOverhead: this.#ipOverhead,
      onListenerError: report,
      session: {
        ssrc: () => this.#out.ssrc,
        senderState: () => this.#out.senderState(this.cname, this.clockRate),
        lastSentMs: () => this.#out.lastSentMs,
        srtp: () => this.#srtpSend,
        srtpReceive: () => this.#srtpReceive,
        sendRtcp: (bytes, to) => this.#sendDatagram(this.#rtcp ?? this.#rtp, bytes, to),
        collision: (from) => this.#collision(from),
        drop: (reason, from) => this.#drop(reason, from),
      },
    });
    if (options.remote) this.setRemote(options.remote);
    if (options.rtcp !== false) {
      const bw = options.sessionBandwidth ?? 80_000;
      this.#scheduler = this.#control.startReporting({
        clock: this.#clock,
        random: this.#random,
        rtcpBandwidth: (bw * 0.05) / 8,
        minimumSeconds: options.reducedMinimum ? reducedMinimumSeconds(bw) : RTCP_MIN_INTERVAL_SECONDS,
        initialAverageSize: 60 + this.#ipOverhead,
      });
    }
    rtp.on('message', (msg, rinfo) => this.#onDatagram(msg, rinfo));
    rtcp?.on('message', (msg, rinfo) => this.#control.receive(msg, rinfo));
    rtp.on('error', (e) => this.#emitError(new RtpSessionError('socket-error', e.message, { cause: e })));
    rtcp?.on('error', (e) => this.#emitError(new RtpSessionError('socket-error', e.message, { cause: e })));
  }

  /** Binds the socket(s) and starts the session. */
  static async open(options: RtpSessionOptions = {}): Promise<RtpSession> {
    const sockets = await bindSockets({
      address: options.address ?? '0.0.0.0',
      port: options.port ?? { min: 10000, max: 20000 },
      rtcpMux: options.rtcpMux ?? false,
      random: options.random ?? cryptoRandom,
    });
    return new RtpSession(options, sockets.rtp, sockets.rtcp);
  }

  /** Our current SSRC (it changes after a collision, see {@link onSsrcChange}). */
  get ssrc(): number {
    return this.#out.ssrc;
  }

  /** Local RTP transport address (still known after close). */
  get localAddress(): TransportAddress {
    return this.#local;
  }

  /** Local RTCP transport address (the RTP one with rtcp-mux). */
  get localRtcpAddress(): TransportAddress {
    return this.#localRtcp;
  }

  /** Where RTP goes now: the latched source, else the configured remote. */
  get remoteAddress(): TransportAddress | undefined {
    return this.#latch.latched?.from ?? this.#rtpTarget;
  }

  /** The latched source, if latched. */
  get latchedSource(): LatchedSource | undefined {
    return this.#latch.latched;
  }

  /** Running media timestamp (relative to the random base) the next `send` will use. */
  get mediaTime(): number {
    return this.#out.mediaTime;
  }

  /** Sets the signalled remote endpoint (e.g. from an SDP answer). Does not undo a latch; see {@link relatch}. */
  setRemote(remote: RemoteEndpoint): void {
    this.#remote = remote;
    this.#rtpTarget = { address: remote.address, port: remote.port };
    const rtcpPort = remote.rtcpPort ?? (this.#rtcp ? remote.port + 1 : remote.port);
    this.#control.setConfiguredTarget({ address: remote.address, port: rtcpPort });
  }

  /** Forgets the latched source: the next valid source latches again (explicit relatch). */
  relatch(): void {
    this.#latch.relatch();
    if (this.#remote) this.setRemote(this.#remote);
  }

  /** Turns SRTP on (or off with undefined), e.g. when ZRTP or SDES keys arrive. */
  setSrtp(keys: SrtpKeys | undefined): void {
    this.#srtpSend = keys && new SrtpContext({ ...keys.send, replayWindow: keys.replayWindow });
    this.#srtpReceive = keys && new SrtpContext({ ...keys.receive, replayWindow: keys.replayWindow });
  }

  /**
   * Sends one RTP packet with the session's SSRC, next sequence number and the
   * running timestamp (see {@link SendOptions}). Throws RtpSessionError `closed`
   * or `no-remote`.
   */
  send(payload: Uint8Array, options: SendOptions = {}): void {
    if (this.#closed) throw new RtpSessionError('closed', 'session is closed');
    const to = this.remoteAddress;
    if (!to) throw new RtpSessionError('no-remote', 'no remote address: set one or wait for the peer');
    this.#sendDatagram(this.#rtp, this.#out.next(payload, options, this.#srtpSend, this.#clock.now()), to);
  }

  /**
   * Looks at every datagram on the RTP socket before RTP and RTCP do; returning true takes
   * it away from them. Other protocols multiplexed on the RTP port use it: ZRTP (RFC 6189
   * section 5: its packets start 0b0001 and carry the magic cookie), STUN. One at a time;
   * undefined removes it.
   */
  intercept(filter: ((datagram: Uint8Array, from: TransportAddress) => boolean) | undefined): void {
    this.#intercept = filter;
  }

  /**
   * Sends a datagram as it is (no RTP header, no SRTP) from the RTP socket to `to`, by default
   * where RTP goes ({@link remoteAddress}); false when there is nowhere to send yet or the
   * session closed.
   */
  sendDatagram(bytes: Uint8Array, to: TransportAddress | undefined = this.remoteAddress): boolean {
    if (this.#closed || !to) return false;
    this.#sendDatagram(this.#rtp, bytes, to);
    return true;
  }

  /** Called for every accepted RTP packet; `packet.payload` is a view into the datagram. */
  onPacket(listener: (packet: RtpPacket, from: TransportAddress) => void): Unsubscribe {
    return this.#packets.add(listener);
  }

  /** Called for every accepted RTCP compound packet. */
  onRtcp(listener: (packets: readonly RtcpPacket[], from: TransportAddress) => void): Unsubscribe {
    return this.#control.rtcpListeners.add(listener);
  }

  /** Called when a source says BYE. */
  onBye(listener: (ssrc: number, reason: string | undefined) => void): Unsubscribe {
    return this.#control.byeListeners.add(listener);
  }

  /** Called when the session latches (or relatches) to a source. */
  onLatch(listener: (source: LatchedSource) => void): Unsubscribe {
    return this.#latched.add(listener);
  }

  /** Called when our SSRC changed after a collision (RFC 3550 section 8.2). */
  onSsrcChange(listener: (previous: number, next: number) => void): Unsubscribe {
    return this.#control.ssrcListeners.add(listener);
  }

  /** Called for every datagram dropped, with the reason. */
  onDrop(listener: (reason: DropReason, from: TransportAddress) => void): Unsubscribe {
    return this.#drops.add(listener);
  }

  /** Socket errors and exceptions thrown by listeners. Without a listener they are rethrown. */
  onError(listener: (error: Error) => void): Unsubscribe {
    return this.#errors.add(listener);
  }

  /** A snapshot of counters and per-source statistics. */
  stats(): SessionStats {
    return collectStats(this.#out.ssrc, this.#out, this.#dropCounts, this.#members);
  }

  /** Sends RTCP BYE (when reporting), stops timers and closes the sockets. */
  close(reason?: string): Promise<void> {
    this.#closing ??= this.#close(reason);
    return this.#closing;
  }

  async #close(reason: string | undefined): Promise<void> {
    this.#scheduler?.stop();
    if (this.#scheduler) {
      try {
        this.#control.sendReport({ reason });
      } catch (e) {
        this.#emitError(e);
      }
    }
    // dgram resolves even literal addresses asynchronously: let the BYE leave first.
    await this.#sender.drain(250);
    this.#closed = true;
    this.#control.close();
    await Promise.all([closeSocket(this.#rtp), this.#rtcp && closeSocket(this.#rtcp)]);
    this.#packets.clear();
    this.#drops.clear();
    this.#latched.clear();
  }

  #onDatagram(msg: Buffer, rinfo: { address: string; port: number }): void {
    if (this.#intercept) {
      let taken = false;
      try {
        taken = this.#intercept(msg, { address: rinfo.address, port: rinfo.port });
      } catch (e) {
        this.#emitError(e);
        return;
      }
      if (taken) return;
    }
    // RFC 5761 section 4: RTCP packet types 192..223 look like RTP payload types 64..95.
    if (msg.length >= 2 && msg[1]! >= 192 && msg[1]! <= 223) {
      this.#control.receive(msg, rinfo);
      return;
    }
    const from = { address: rinfo.address, port: rinfo.port };
    let data: Uint8Array = msg;
    if (this.#srtpReceive) {
      const r = this.#srtpReceive.unprotectRtp(msg);
      if (!r.ok) {
        this.#drop('srtp', from);
        return;
      }
      data = r.value;
    }
    const decoded = decodeRtp(data);
    if (!decoded.ok) {
      this.#drop('malformed', from);
      return;
    }
    const p = decoded.value;
    if (p.ssrc === this.#out.ssrc) {
      // Once latched, only the latched peer can make us change SSRC: anyone else
      // could otherwise force a change per spoofed address.
      const latched = this.#latch.latched;
      if (latched && !sameAddress(latched.from, from)) {
        this.#drop('latch', from);
        return;
      }
      if (!this.#collision(from)) return;
    }
    const now = this.#clock.now();
    const verdict = this.#latch.consider(from, p.ssrc, p.sequenceNumber, now);
    if (verdict === 'reject') {
      this.#drop('latch', from);
      return;
    }
    const src = this.#members.getOrCreate(p.ssrc, now);
    src.statistics ??= new ReceiverStatistics(p.sequenceNumber, this.clockRate);
    src.statistics.update(p.sequenceNumber, p.timestamp, now);
    src.from = from;
    src.lastRtpMs = now;
    src.lastHeardMs = now;
    src.sender = true;
    src.freshSinceReport = true;
    if (verdict === 'latched') {
      this.#control.rtpLatched(from);
      this.#latched.emit(this.#latch.latched!);
    }
    this.#packets.emit(p, from);
  }

  /**
   * RFC 3550 8.2 for a packet carrying our SSRC. Our own looped packets and repeats
   * from an address already in the conflict list are dropped (false); a new
   * collision makes us say BYE and take a new SSRC, and the packet is then
   * processed as coming from a new source (true).
   */
  #collision(from: TransportAddress): boolean {
    if (this.#isLocal(from)) {
      this.#drop('loop', from);
      return false;
    }
    const outcome = this.#control.collision(from);
    if (outcome === 'ignore') {
      this.#drop('collision', from);
      return false;
    }
    const previous = this.#out.ssrc;
    const next = this.#out.changeSsrc(this.#random, (ssrc) => this.#members.get(ssrc) !== undefined);
    this.#control.ssrcChanged(previous, next);
    return true;
  }

  #isLocal(from: TransportAddress): boolean {
    return isOwnAddress(from, this.#local, this.#hosts) || isOwnAddress(from, this.#localRtcp, this.#hosts);
  }

  #drop(reason: DropReason, from: TransportAddress): void {
    this.#dropCounts[reason]++;
    this.#drops.emit(reason, from);
  }

  #sendDatagram(socket: Socket, bytes: Uint8Array, to: TransportAddress): void {
    if (!this.#closed) this.#sender.send(socket, bytes, to);
  }

  #emitError(e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    if (this.#errors.size === 0) rethrowLater(error);
    else this.#errors.emit(error);
  }
}

/** Errors nobody listens for must not vanish: rethrow them outside the socket callback. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

function addressOf(socket: Socket): TransportAddress {
  const a = socket.address();
  return { address: a.address, port: a.port };
}
