/**
 * The phone's services beyond calls, each in its own module: message
 * waiting (services/mwi), instant messaging (messaging/), presence and
 * busy lamps (presence/), and the NAT traversal's notices. The Phone builds one with
 * its context and exposes it as `phone.services`.
 */
import type { Emitter } from '@twinkle/sip-core';
import type { PhoneContext } from '../engine/phone-context.js';
import type { PhoneEvent } from '../engine/phone-events.js';
import type { ProfileState } from '../engine/profile-state.js';
import { MessagingService } from '../messaging/messaging-service.js';
import { DialogWatch } from '../presence/dialog-watch.js';
import { PresenceService } from '../presence/presence-service.js';
import { MwiService } from './mwi/mwi-service.js';

export class PhoneServices {
  /** Message waiting indication (RFC 3842) of every profile. */
  readonly mwi: MwiService;
  /** Instant messages (RFC 3428) and is-composing (RFC 3994). */
  readonly messaging: MessagingService;
  /** Buddy lists, their presence and ours (RFC 3856, 3863, 3903). */
  readonly presence: PresenceService;
  /** Busy lamps: other users' dialogs (RFC 4235). */
  readonly dialogs: DialogWatch;
  readonly #ctx: PhoneContext;
  readonly #loaded: Promise<void>;

  constructor(ctx: PhoneContext, events: Emitter<PhoneEvent>) {
    this.#ctx = ctx;
    const base = { ua: ctx.ua, profiles: ctx.profiles, emit: ctx.emit, closed: ctx.closed };
    this.mwi = new MwiService(base);
    this.messaging = new MessagingService({ ...base, now: ctx.now });
    const dir = ctx.options.configDir;
    this.presence = new PresenceService({ ...base, ...(dir === undefined ? {} : { configDir: dir }) });
    this.dialogs = new DialogWatch(base);
    ctx.profiles.all[0]?.nat?.report((message) => ctx.emit({ type: 'notice', message }));
    this.#loaded = this.presence.load().catch((e: Error) => {
      ctx.emit({ type: 'notice', message: `buddy list: ${e.message}` });
    });
    // A registering profile subscribes (and publishes its presence) once registered, as Twinkle
    // does: a PBX wants to know us first. Others subscribe now and publish nothing by themselves.
    events.on((e) => {
      if (e.type === 'registration' && e.state === 'registered' && ctx.profiles.has(e.profile))
        this.#start(ctx.profiles.get(e.profile), true);
    });
    setImmediate(() => {
      for (const p of ctx.profiles.all) {
        const c = p.profile;
        const registers = c.registerAtStartup && (c.registrar !== '' || c.outboundProxy !== '');
        if (!registers) this.#start(p, false);
      }
    });
  }

  #start(p: ProfileState, registered: boolean): void {
    if (this.#ctx.closed()) return;
    this.mwi.subscribe(p);
    void this.#loaded.then(() => {
      if (!this.#ctx.closed()) this.presence.start(p, registered);
    });
  }

  /** `mwi_vm_address` of a profile (default the active one), if set: Twinkle's voice mail speed dial. */
  voicemailAddress(profile?: string): string | undefined {
    const a = this.#ctx.profiles.get(profile).profile.mwiVmAddress.trim();
    return a === '' ? undefined : a;
  }

  /** Ends subscriptions and publications politely (quit), waiting at most `ms`. */
  async close(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([this.mwi.close(), this.presence.close(), this.dialogs.close()]).then(
        // The 200 to a final NOTIFY is still on its way out: let it leave before the sockets close.
        () => new Promise((r) => setTimeout(r, 30)),
      ),
      new Promise<void>((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
    clearTimeout(timer);
  }
}
